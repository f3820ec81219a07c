"""A Docker client for an environment's dind daemon, which answers only over TLS with the environment's client
certificate (see adapters/store/dind_certificate_store.py)."""

from __future__ import annotations

from pathlib import Path

import docker
import requests
from docker.constants import MINIMUM_DOCKER_API_VERSION
from docker.errors import DockerException
from docker.tls import TLSConfig

from lambdadesk.core.dind_certificates import CA_FILE, CERT_FILE, KEY_FILE


def dind_client(url: str, client_dir: str | Path, timeout_s: int = 60) -> docker.DockerClient:
    """`url`: tcp://host:port. Blocking; raises DockerException when the files are missing or the daemon does not
    answer. The environment's own authority is the only one trusted: requests would otherwise let a
    REQUESTS_CA_BUNDLE or CURL_CA_BUNDLE in the user's environment replace it (and route loopback through a
    proxy), so the client ignores the environment."""
    folder = Path(client_dir)
    tls = TLSConfig(client_cert=(str(folder / CERT_FILE), str(folder / KEY_FILE)), ca_cert=str(folder / CA_FILE),
                    verify=True)
    asking = _client(url, tls, timeout_s, MINIMUM_DOCKER_API_VERSION)  # "auto" would ask before trust_env is off
    try:
        version = asking.version(api_version=False)["ApiVersion"]
    except (requests.exceptions.RequestException, KeyError) as exc:  # as docker-py's own "auto" says it
        raise DockerException(f"Error while fetching server API version: {exc}") from exc
    finally:
        asking.close()
    return _client(url, tls, timeout_s, version)


def _client(url: str, tls: TLSConfig, timeout_s: int, version: str) -> docker.DockerClient:
    client = docker.DockerClient(base_url=url, tls=tls, timeout=timeout_s, version=version)
    client.api.trust_env = False
    return client
