"""A Docker client for an engine that answers over TLS, trusting only the TLS settings it is given: requests would
otherwise let a REQUESTS_CA_BUNDLE or CURL_CA_BUNDLE in the user's environment replace the engine's CA (and route
loopback through a proxy), so the client ignores the environment, from its first request on."""

from __future__ import annotations

import docker
import requests
from docker.constants import MINIMUM_DOCKER_API_VERSION
from docker.errors import DockerException
from docker.tls import TLSConfig


def tls_engine_client(url: str, tls: TLSConfig, timeout_s: int = 60) -> docker.DockerClient:
    """`url`: tcp://host:port. Blocking; raises DockerException when the engine does not answer."""
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
