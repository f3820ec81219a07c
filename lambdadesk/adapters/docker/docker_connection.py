"""Connects to the Docker engine the way the docker CLI would (DOCKER_HOST with DOCKER_TLS_VERIFY and
DOCKER_CERT_PATH, else the context DOCKER_CONTEXT names or the current one, with its TLS material) and turns
connection failures into messages that say what to do."""

from __future__ import annotations

import functools
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import docker
from docker.errors import DockerException
from docker.tls import TLSConfig
from docker.utils import kwargs_from_env

from lambdadesk.adapters.docker import docker_socket_fix
from lambdadesk.adapters.docker.docker_context import current_context
from lambdadesk.adapters.docker.tls_client import tls_engine_client
from lambdadesk.core.engine import TLS_FILES, EngineReach, engine_reach
from lambdadesk.core.errors import DockerUnavailableError

DEFAULT_HOST = "unix:///var/run/docker.sock"
docker_socket_fix.install()


@dataclass(frozen=True)
class DockerConnection:
    client: docker.DockerClient
    base_url: str
    tls: TLSConfig | None = None

    @functools.cached_property
    def reach(self) -> EngineReach:
        """How a container on this engine reaches it (the emulator starts the Lambda containers through it). Worked
        out once per connection: every status read builds the specs, and a TLS engine's files are read here."""
        return engine_reach(self.base_url, sys.platform, _tls_files(self.tls))

    def close(self) -> None:
        self.client.close()


def docker_host() -> str:
    """DOCKER_HOST if set, else the endpoint of the docker context in use, else the default socket."""
    if os.environ.get("DOCKER_HOST"):
        return os.environ["DOCKER_HOST"]
    context = current_context()
    if context is not None and context.Host:
        return str(context.Host)
    return DEFAULT_HOST


def tls_config(url: str) -> TLSConfig | None:
    """The TLS settings the docker CLI would use for `url`: DOCKER_TLS_VERIFY / DOCKER_CERT_PATH with DOCKER_HOST,
    else the current context's TLS material."""
    if os.environ.get("DOCKER_HOST") == url:
        tls = kwargs_from_env().get("tls")
        return tls if isinstance(tls, TLSConfig) else None
    context = current_context()
    if context is not None and context.Host == url and isinstance(context.TLSConfig, TLSConfig):
        return context.TLSConfig
    return None


def connect(base_url: str | None = None, timeout_s: int = 60) -> DockerConnection:
    """A client that has answered a ping; raises DockerUnavailableError with a next step otherwise."""
    url = base_url or docker_host()
    if url.startswith("unix://") and not Path(url.removeprefix("unix://")).exists():
        raise explain_connection_error(url, FileNotFoundError(2, "No such file or directory"))
    try:
        tls = tls_config(url)
        # ssh engines through the system's ssh client, as the docker CLI does: the user's ssh config, agent and
        # known hosts apply (docker-py's default, paramiko, reads only part of the config)
        if tls is not None:  # its own CA only, whatever REQUESTS_CA_BUNDLE or CURL_CA_BUNDLE say (tls_client.py)
            client = tls_engine_client(url, tls, timeout_s)
        else:
            client = docker.DockerClient(base_url=url, timeout=timeout_s, tls=False,
                                         use_ssh_client=url.startswith("ssh://"))
        client.ping()
    except DockerException as exc:
        raise explain_connection_error(url, exc) from exc
    return DockerConnection(client, url, tls)


def _tls_files(tls: TLSConfig | None) -> tuple[tuple[str, str], ...]:
    """The client's ca.pem, cert.pem and key.pem, for a container that must reach the same TLS engine."""
    if tls is None or not tls.cert:
        return ()
    cert, key = tls.cert
    paths = dict(zip(TLS_FILES, (tls.ca_cert, cert, key), strict=True))
    return tuple((name, Path(path).read_text()) for name, path in paths.items() if path and Path(path).is_file())


def explain_connection_error(url: str, exc: BaseException) -> DockerUnavailableError:
    text = _chain_text(exc)
    where = "DOCKER_HOST, or the docker context (docker context ls / docker context use NAME, or DOCKER_CONTEXT)"
    if "FileNotFoundError" in text or "No such file" in text:
        return DockerUnavailableError(
            f"Docker is not reachable: there is no Docker socket at {url}.",
            f"Start Docker (Docker Desktop, or sudo systemctl start docker). If it listens elsewhere, set {where}.",
        )
    if "PermissionError" in text or "Permission denied" in text:
        return DockerUnavailableError(
            f"Docker refused the connection at {url}: permission denied on its socket.",
            "Add your user to the docker group (sudo usermod -aG docker $USER, then log in again), "
            f"or point {where} at an engine you may use.",
        )
    if "Install paramiko" in text:
        return DockerUnavailableError(
            f"lambdadesk cannot reach the ssh engine at {url}: this install has no ssh support (paramiko).",
            "Install it: pip install 'lambdadesk[ssh]' (pipx: pipx inject lambdadesk paramiko), then try again.",
        )
    if "Connection refused" in text or "ConnectionRefused" in text:
        return DockerUnavailableError(
            f"Docker is not reachable: nothing answers at {url}.",
            f"Start the Docker engine, or check {where}.",
        )
    return DockerUnavailableError(
        f"Docker is not reachable at {url}: {exc}", f"Check that the Docker engine runs and {where} is right."
    )


def _chain_text(exc: BaseException) -> str:
    parts: list[str] = []
    current: BaseException | None = exc
    while current is not None and len(parts) < 10:
        parts.append(f"{type(current).__name__}: {current}")
        current = current.__cause__ or current.__context__
    return " | ".join(parts)
