"""The status of every container a profile owns: Docker's view plus a real readiness probe."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import docker
from docker.models.containers import Container

from lambdadesk.adapters.docker import owned_objects
from lambdadesk.adapters.readiness_probe import ServiceBrokenError, probe
from lambdadesk.core.events import ServiceState, ServiceStatus
from lambdadesk.core.labels import SERVICE
from lambdadesk.environment.container_spec import ContainerSpec, Readiness

_DOCKER_STATES = {
    "created": ServiceState.STOPPED,
    "exited": ServiceState.STOPPED,
    "dead": ServiceState.FAILED,
    "paused": ServiceState.STOPPED,
    "restarting": ServiceState.STARTING,
    "removing": ServiceState.STOPPING,
}


async def collect(client: docker.DockerClient, profile: str, specs: list[ContainerSpec]) -> list[ServiceStatus]:
    """One row per service of the profile (ABSENT when not created) plus one per other owned container."""
    owned = {c.name: c for c in await asyncio.to_thread(owned_objects.containers, client, profile)}
    rows = []
    for spec in specs:
        container = owned.pop(spec.name, None)
        if container is None:
            rows.append(ServiceStatus(spec.service, spec.name, ServiceState.ABSENT, spec.image))
        else:
            rows.append(await _describe(container, spec.readiness))
    for container in sorted(owned.values(), key=lambda c: c.name):
        rows.append(await _describe(container, None))
    return rows


async def _describe(container: Container, readiness: Readiness | None) -> ServiceStatus:
    attrs = container.attrs
    state_attrs = attrs.get("State", {})
    state = _DOCKER_STATES.get(container.status, ServiceState.READY)
    detail = ""
    if container.status == "running" and readiness is not None:
        try:
            ready, detail = await probe(readiness)
        except ServiceBrokenError as exc:
            ready, detail = False, exc.message
        state = ServiceState.READY if ready else ServiceState.UNHEALTHY
    started_at = _parse_time(state_attrs.get("StartedAt", "")) if container.status == "running" else None
    uptime = (datetime.now(UTC) - started_at).total_seconds() if started_at else None
    return ServiceStatus(
        service=container.labels.get(SERVICE, "?"),
        container=container.name,
        state=state,
        image=str(attrs.get("Config", {}).get("Image", "")),
        health=str(state_attrs.get("Health", {}).get("Status", "")),
        ports=_ports(attrs, readiness),
        started_at=started_at,
        uptime_s=uptime,
        detail=detail,
    )


def _ports(attrs: dict[str, object], readiness: Readiness | None) -> dict[str, str]:
    host_config = attrs.get("HostConfig", {})
    if isinstance(host_config, dict) and host_config.get("NetworkMode") == "host":
        return {f"{readiness.port}/tcp": f"{readiness.host}:{readiness.port}"} if readiness else {}
    settings = attrs.get("NetworkSettings", {})
    published = settings.get("Ports") if isinstance(settings, dict) else None
    ports = {}
    for inner, bindings in (published or {}).items():
        if bindings:
            ports[inner] = ", ".join(f"{b['HostIp']}:{b['HostPort']}" for b in bindings)
    return ports


def _parse_time(value: str) -> datetime | None:
    if not value or value.startswith("0001-"):
        return None
    try:  # Docker gives nanoseconds; Python takes microseconds
        head, _, tail = value.rstrip("Z").partition(".")
        return datetime.fromisoformat(f"{head}.{tail[:6] or '0'}+00:00")
    except ValueError:
        return None
