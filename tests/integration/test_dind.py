import asyncio

import docker
import pytest
import requests
from docker.errors import DockerException

from lambdadesk.adapters.docker import owned_objects
from lambdadesk.adapters.docker.dind_client import dind_client
from lambdadesk.adapters.docker.docker_connection import connect
from lambdadesk.adapters.store import dind_certificate_store
from lambdadesk.core import labels
from lambdadesk.core.errors import DockerUnavailableError
from lambdadesk.core.events import LogLine, ServiceState
from lambdadesk.core.topology import addresses
from lambdadesk.environment.service import EnvironmentService
from lambdadesk.logs.log_hub import LogHub
from tests.engine import IMAGE_PREFIX
from tests.integration.lambda_probe import invoke_probe


@pytest.mark.every_topology  # on bridge, the pod: the emulator and Redis in the dind container's network
@pytest.mark.proves("a TLS engine reached (DOCKER_TLS_VERIFY, DOCKER_CERT_PATH)", engine="tcp")
@pytest.mark.proves("environment up", topology="dind")
@pytest.mark.proves("a Lambda runs", topology="dind")
@pytest.mark.proves("logs", topology="dind")
async def test_with_dind_the_lambda_runs_inside_the_inner_daemon_not_on_the_host(
        orchestrator: EnvironmentService, monkeypatch: pytest.MonkeyPatch) -> None:
    orchestrator.profile = orchestrator.profile.replace(dind=True)
    await orchestrator.up()
    states = {row.service: row.state for row in await orchestrator.status()}
    assert states == {"dind": ServiceState.READY, "redis": ServiceState.READY, "emulator": ServiceState.READY}
    view = addresses(orchestrator.profile).host
    assert view.dind_url is not None
    with pytest.raises((DockerException, requests.exceptions.RequestException)):  # no certificate, no entry
        docker.DockerClient(base_url=view.dind_url, timeout=5).ping()
    inner = dind_client(view.dind_url, dind_certificate_store.client_dir(orchestrator.profile.name))
    try:
        runtime_image = f"{IMAGE_PREFIX}/lambda:python3.11"
        assert inner.images.get(runtime_image).id == orchestrator.connection.client.images.get(runtime_image).id

        hub = LogHub([orchestrator.connection.client, inner], "itest", labels.LAMBDA_SERVICE, tail=0)
        await hub.start()
        # the emulator reaches the daemon with its own copy of the client certificate
        result = await asyncio.to_thread(invoke_probe, view.emulator_url, "python3.11")
        assert result == {"echo": {"probe": "python3.11"}}
        line = await asyncio.wait_for(_first_line(hub), timeout=30)  # logs of a Lambda inside dind
        await asyncio.to_thread(hub.close)
        assert "-lambda-probe-" in line.source

        inside = inner.containers.list(filters={"label": f"{labels.SERVICE}={labels.LAMBDA_SERVICE}"})
        assert len(inside) == 1 and labels.is_owned(inside[0].labels, "itest")
        assert owned_objects.containers(orchestrator.connection.client, "itest", labels.LAMBDA_SERVICE) == []

        # the dind daemon is a TLS engine like a user's own: DOCKER_TLS_VERIFY and DOCKER_CERT_PATH lead to it, and
        # an emulator started on it would get its address, the variables and the client's three files
        client_dir = dind_certificate_store.client_dir(orchestrator.profile.name)
        monkeypatch.setenv("DOCKER_HOST", view.dind_url)
        monkeypatch.setenv("DOCKER_TLS_VERIFY", "1")
        monkeypatch.setenv("DOCKER_CERT_PATH", str(client_dir))
        tls_engine = await asyncio.to_thread(connect)
        try:
            assert tls_engine.tls is not None and tls_engine.base_url == view.dind_url
            assert tls_engine.client.images.get(runtime_image).id == inner.images.get(runtime_image).id
            assert tls_engine.reach.environment() == {"DOCKER_HOST": view.dind_url, "DOCKER_TLS_VERIFY": "1",
                                                      "DOCKER_CERT_PATH": "/etc/lambdadesk/engine-certs"}
            assert sorted(tls_engine.reach.files().values()) == sorted(
                (client_dir / name).read_text() for name in ("ca.pem", "cert.pem", "key.pem"))
        finally:
            tls_engine.close()
        monkeypatch.setenv("REQUESTS_CA_BUNDLE", "/etc/ssl/certs/ca-certificates.crt")  # as many desktops set it
        monkeypatch.setenv("CURL_CA_BUNDLE", "/etc/ssl/certs/ca-certificates.crt")
        again = await asyncio.to_thread(connect)  # the engine's CA is still the one trusted (it was not, once)
        again.close()
        monkeypatch.setenv("DOCKER_CERT_PATH", str(client_dir.parent / "nowhere"))
        with pytest.raises(DockerUnavailableError, match=r"tcp://127\.0\.0\.1:12375"):
            await asyncio.to_thread(connect)
    finally:
        inner.close()
    await orchestrator.down(remove_volumes=True)
    assert orchestrator.connection.client.containers.list(all=True, filters={"label": "lambdadesk.profile=itest"}) == []


async def _first_line(hub: LogHub) -> LogLine:
    async for line in hub.lines():
        return line
    raise AssertionError("the hub ended without a line")
