"""Podman's own view of a network, from its libpod API beside the Docker-compatible one: whether containers on it
resolve each other's names. Docker's user-defined networks always do; Podman's only with a DNS backend (netavark
with aardvark-dns, or CNI with the dnsname plugin), and its Docker-compatible API does not say which."""

from __future__ import annotations

import urllib.parse

import docker
import requests
from docker.errors import DockerException

from lambdadesk.adapters.docker.engine_watch import engine_product


def resolves_names(client: docker.DockerClient, network: str) -> bool:
    """Blocking. False only for a Podman network that says it has no DNS (dns_enabled false); True on Docker, and
    when Podman cannot tell (then a Lambda's failure says the rest)."""
    try:
        if not engine_product(client).startswith("Podman"):
            return True
        url = f"{client.api.base_url}/v4.0.0/libpod/networks/{urllib.parse.quote(network, safe='')}/json"
        response = client.api.get(url, timeout=10)
        response.raise_for_status()
        return bool(response.json().get("dns_enabled", True))
    except (DockerException, requests.RequestException, ValueError, AttributeError):
        return True
