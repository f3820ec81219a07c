"""A Docker client for an environment's dind daemon, which answers only over TLS with the environment's client
certificate (see adapters/store/dind_certificate_store.py)."""

from __future__ import annotations

from pathlib import Path

import docker
from docker.tls import TLSConfig

from lambdadesk.adapters.docker.tls_client import tls_engine_client
from lambdadesk.core.dind_certificates import CA_FILE, CERT_FILE, KEY_FILE


def dind_client(url: str, client_dir: str | Path, timeout_s: int = 60) -> docker.DockerClient:
    """`url`: tcp://host:port. Blocking; raises DockerException when the files are missing or the daemon does not
    answer. The environment's own authority is the only one trusted (tls_client.py)."""
    folder = Path(client_dir)
    tls = TLSConfig(client_cert=(str(folder / CERT_FILE), str(folder / KEY_FILE)), ca_cert=str(folder / CA_FILE),
                    verify=True)
    return tls_engine_client(url, tls, timeout_s)
