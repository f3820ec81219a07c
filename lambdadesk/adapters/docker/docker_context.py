"""The docker context the docker CLI would use when DOCKER_HOST is not set: the one DOCKER_CONTEXT names, else the
config's current one (docker context use), else the default. docker-py reads only the current one, and finds
contexts only beside a config.json, which `docker context create` does not write: both gaps are filled here."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from docker.context import Context, ContextAPI
from docker.errors import DockerException
from docker.tls import TLSConfig

from lambdadesk.core.errors import DockerUnavailableError


def current_context() -> Any:
    """The context in use (docker-py's Context: .Host, .TLSConfig, .name); None when none can be read. Raises
    DockerUnavailableError when DOCKER_CONTEXT names a context that does not exist."""
    named = os.environ.get("DOCKER_CONTEXT", "")
    try:
        context = ContextAPI.get_context(named or None)
    except DockerException:
        context = None
    if named and context is None:
        context = _context_in_config_folder(named)
    if named and context is None:
        raise DockerUnavailableError(f"DOCKER_CONTEXT names the docker context {named!r}, which does not exist.",
                                     "List the contexts with docker context ls, then set DOCKER_CONTEXT to one of "
                                     "them, or unset it.")
    return context


def _context_in_config_folder(name: str) -> Context | None:
    """The context as the docker CLI stores it in its config folder (DOCKER_CONFIG, else ~/.docker), with its TLS
    files, whether or not a config.json is there."""
    folder = Path(os.environ.get("DOCKER_CONFIG") or Path.home() / ".docker") / "contexts"
    context_id = hashlib.sha256(name.encode()).hexdigest()
    try:
        meta = json.loads((folder / "meta" / context_id / "meta.json").read_text())
        context = Context(str(meta["Name"]), endpoints=meta.get("Endpoints"))
    except (OSError, ValueError, KeyError, TypeError, DockerException):
        return None
    tls = folder / "tls" / context_id / "docker"
    if all((tls / file).is_file() for file in ("ca.pem", "cert.pem", "key.pem")):
        verify = not context.endpoints.get("docker", {}).get("SkipTLSVerify", False)
        context.tls_cfg = {"docker": TLSConfig(client_cert=(str(tls / "cert.pem"), str(tls / "key.pem")),
                                               ca_cert=str(tls / "ca.pem"), verify=verify)}
    return context
