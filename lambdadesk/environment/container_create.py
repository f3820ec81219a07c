"""Creates a container from a spec, including the one setting docker-py has no keyword for and the secret files
that are copied in before it starts."""

from __future__ import annotations

import io
import posixpath
import tarfile

import docker
from docker.models.containers import Container, _create_container_args

from lambdadesk.environment.container_spec import ContainerSpec


def create_container(client: docker.DockerClient, spec: ContainerSpec) -> Container:
    """Blocking. `systempaths=unconfined` is a docker CLI option; the API takes it as empty MaskedPaths and
    ReadonlyPaths, which docker-py cannot express, so such specs go through the low-level API."""
    if not spec.unmask_system_paths:
        container = client.containers.create(**spec.create_kwargs())
    else:
        arguments = _create_container_args({**spec.create_kwargs(), "version": client.api.api_version})
        arguments["host_config"]["MaskedPaths"] = []
        arguments["host_config"]["ReadonlyPaths"] = []
        container = client.containers.get(client.api.create_container(**arguments)["Id"])
    if spec.secret_files:
        container.put_archive("/", secret_archive(spec.secret_files))
    return container


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

