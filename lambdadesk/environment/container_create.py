"""Creates a container from a spec, including the one setting docker-py has no keyword for."""

from __future__ import annotations

import docker
from docker.models.containers import Container, _create_container_args

from lambdadesk.environment.container_spec import ContainerSpec


def create_container(client: docker.DockerClient, spec: ContainerSpec) -> Container:
    """Blocking. `systempaths=unconfined` is a docker CLI option; the API takes it as empty MaskedPaths and
    ReadonlyPaths, which docker-py cannot express, so such specs go through the low-level API."""
    if not spec.unmask_system_paths:
        return client.containers.create(**spec.create_kwargs())
    arguments = _create_container_args({**spec.create_kwargs(), "version": client.api.api_version})
    arguments["host_config"]["MaskedPaths"] = []
    arguments["host_config"]["ReadonlyPaths"] = []
    created = client.api.create_container(**arguments)
    return client.containers.get(created["Id"])
