"""The dind daemon's Docker API, attacked from a local process: without the environment's client certificate
nothing gets through (it would be root on the host: the daemon is privileged)."""

from __future__ import annotations

import ssl
import time
from collections.abc import Iterator

import docker
import pytest
import requests
from docker.errors import DockerException
from docker.tls import TLSConfig

from lambdadesk.adapters.docker import owned_objects
from lambdadesk.adapters.docker.dind_client import dind_client
from lambdadesk.adapters.docker.docker_connection import DockerConnection
from lambdadesk.adapters.store import dind_certificate_store
from lambdadesk.core.profile import Profile
from lambdadesk.core.topology import DIND
from lambdadesk.environment.container_create import create_container
from lambdadesk.environment.service import EnvironmentService
from tests.engine import remove_everything
from tests.loopback import free_port
from tests.reliability.conftest import Tried, run_apart

REFUSED = (DockerException, requests.exceptions.RequestException, OSError)


@pytest.fixture
def dind_only(reliability_profile: Profile, docker_connection: DockerConnection) -> Iterator[Profile]:
    """Only the dind container of a profile of its own, started from the spec lambdadesk makes."""
    # a port found free, not the suite's dind port + N: the suite's ports are free ones, anywhere in the range
    # the system gives out, and the one N above may be any socket's
    profile = reliability_profile.replace(name="rdind", dind=True, dind_port=free_port())
    run_apart(remove_everything(docker_connection.client, profile.name))
    spec = next(s for s in EnvironmentService(profile, docker_connection).specs() if s.service == DIND)
    for volume in spec.volumes:  # labelled, as lambdadesk makes it, so the clean-up finds it
        owned_objects.ensure_volume(docker_connection.client, profile.name, volume)
    container = create_container(docker_connection.client, spec)
    container.start()
    deadline = time.monotonic() + 60
    while not _answers(f"tcp://127.0.0.1:{profile.dind_port}", spec.readiness.tls_dir):
        assert time.monotonic() < deadline, container.logs(tail=20).decode(errors="replace")
        time.sleep(0.5)
    yield profile
    run_apart(remove_everything(docker_connection.client, profile.name))


def test_the_dind_api_refuses_every_local_client_without_the_environments_certificate(
        dind_only: Profile, tried: Tried, monkeypatch: pytest.MonkeyPatch) -> None:
    tried("security", "dind Docker API (privileged daemon) from a local process: plain HTTP, TLS without a client "
                      "certificate and TLS with another environment's certificate are all refused; only the "
                      "environment's own client gets in, even with REQUESTS_CA_BUNDLE set to another bundle")
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", ssl.get_default_verify_paths().openssl_cafile)  # as on many desks
    monkeypatch.setenv("CURL_CA_BUNDLE", ssl.get_default_verify_paths().openssl_cafile)
    url = f"tcp://127.0.0.1:{dind_only.dind_port}"
    own = dind_certificate_store.ensure(dind_only.name)
    stranger = dind_certificate_store.ensure("stranger")
    attempts = {
        "plain HTTP": lambda: docker.DockerClient(base_url=url, timeout=5),
        "TLS, no client certificate": lambda: docker.DockerClient(
            base_url=url, timeout=5, tls=TLSConfig(ca_cert=f"{own.client_dir}/ca.pem", verify=True)),
        "TLS, another environment's client certificate": lambda: docker.DockerClient(
            base_url=url, timeout=5, tls=TLSConfig(client_cert=(f"{stranger.client_dir}/cert.pem",
                                                                f"{stranger.client_dir}/key.pem"),
                                                   ca_cert=f"{own.client_dir}/ca.pem", verify=True)),
    }
    for what, connect in attempts.items():
        with pytest.raises(REFUSED):  # one of these, whichever the TLS library raises first (docker-py asks the
            client = connect()        # daemon for its API version as it connects)
            client.containers.list()
            client.close()
            pytest.fail(f"{what}: got in")
    own_client = dind_client(url, own.client_dir, timeout_s=10)
    try:
        assert own_client.ping() is True
        assert own_client.containers.list() == []
    finally:
        own_client.close()


def _answers(url: str, tls_dir: str | None) -> bool:
    assert tls_dir is not None
    try:
        client = dind_client(url, tls_dir, timeout_s=3)
        try:
            return client.ping() is True
        finally:
            client.close()
    except REFUSED:
        return False
