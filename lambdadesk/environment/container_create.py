"""Creates a container from a spec, including the one setting docker-py has no keyword for and the secret files
that are copied in before it starts."""

from __future__ import annotations

import io
import posixpath
import tarfile

import docker
from docker.errors import APIError
from docker.models.containers import Container, _create_container_args

from lambdadesk.core.errors import LambdadeskError
from lambdadesk.environment.container_spec import ContainerSpec


def create_container(client: docker.DockerClient, spec: ContainerSpec) -> Container:
    """Blocking. `systempaths=unconfined` is a docker CLI option; the API takes it as empty MaskedPaths and
    ReadonlyPaths, which docker-py cannot express, so such specs go through the low-level API."""
    try:
        if not spec.unmask_system_paths:
            container = client.containers.create(**spec.create_kwargs())
        else:
            arguments = _create_container_args({**spec.create_kwargs(), "version": client.api.api_version})
            arguments["host_config"]["MaskedPaths"] = []
            arguments["host_config"]["ReadonlyPaths"] = []
            container = client.containers.get(client.api.create_container(**arguments)["Id"])
    except APIError as exc:
        if "container-init binary not found" in str(exc.explanation):
            raise NoContainerInitError(spec.service) from exc
        raise
    if spec.secret_files:
        container.put_archive("/", secret_archive(spec.secret_files))
    return container


class NoContainerInitError(LambdadeskError):
    """Podman starts a container with an init process only through catatonit, a package of its own."""

    def __init__(self, service: str) -> None:
        super().__init__(
            f"Podman cannot create the {service} container: its init binary, catatonit, is not installed.",
            "Install catatonit (Debian, Ubuntu: sudo apt install catatonit; Fedora: sudo dnf install catatonit), "
            "then start the environment again.")


def secret_archive(files: dict[str, str]) -> bytes:
    """A tar of `files` (absolute path -> text), owned by root: each file's own folder 0700, the files 0600 (the
    folders above are left as they are, or made 0755 by Docker when missing)."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        for folder in sorted({posixpath.dirname(path) for path in files}):
            info = tarfile.TarInfo(folder.lstrip("/"))
            info.type, info.mode = tarfile.DIRTYPE, 0o700
            tar.addfile(info)
        for path, text in sorted(files.items()):
            data = text.encode()
            info = tarfile.TarInfo(path.lstrip("/"))
            info.size, info.mode = len(data), 0o600
            tar.addfile(info, io.BytesIO(data))
    return buffer.getvalue()

