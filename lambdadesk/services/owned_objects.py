"""Finding and removing what lambdadesk owns. Every query filters by ownership labels and every result is checked
again before anything is removed, so a look-alike name or a partial label never makes a foreign object ours."""

from __future__ import annotations

import contextlib

import docker
from docker.errors import APIError, NotFound
from docker.models.containers import Container

from lambdadesk.core import labels
from lambdadesk.core.errors import LambdadeskError
from lambdadesk.core.profile import Profile


def containers(client: docker.DockerClient, profile: str, service: str | None = None) -> list[Container]:
    found = client.containers.list(all=True, filters=labels.owned_filter(profile, service))
    return [c for c in found if labels.is_owned(c.labels, profile)]


def stop_and_remove(container: Container, timeout_s: int) -> None:
    """Graceful stop (SIGTERM, then SIGKILL after `timeout_s`), then removal; already gone is fine."""
    with contextlib.suppress(NotFound):
        container.reload()
        if container.status in ("running", "restarting", "paused"):
            container.stop(timeout=timeout_s)
        container.remove(v=True, force=True)


def ensure_network(client: docker.DockerClient, profile: Profile, name: str) -> None:
    for network in client.networks.list(names=[name]):
        if network.name != name:
            continue
        if not labels.is_owned(network.attrs.get("Labels"), profile.name):
            raise LambdadeskError(
                f"A Docker network named {name} exists and was not created by lambdadesk; it will not be used.",
                "Remove or rename that network yourself, or use another profile name.")
        return
    client.networks.create(name, driver="bridge", labels=labels.owned_labels(profile.name))


def remove_networks(client: docker.DockerClient, profile: str) -> None:
    for network in client.networks.list(filters=labels.owned_filter(profile)):
        if labels.is_owned(network.attrs.get("Labels"), profile):
            with contextlib.suppress(NotFound):
                network.remove()


def remove_volumes(client: docker.DockerClient, profile: str) -> None:
    for volume in client.volumes.list(filters=labels.owned_filter(profile)):
        if labels.is_owned(volume.attrs.get("Labels"), profile):
            with contextlib.suppress(NotFound, APIError):
                volume.remove(force=True)


def last_logs(container: Container, lines: int = 20) -> str:
    try:
        return bytes(container.logs(tail=lines)).decode("utf-8", errors="replace")
    except (APIError, NotFound) as exc:
        return f"(logs unavailable: {exc})"


def ensure_volume(client: docker.DockerClient, profile: str, name: str) -> None:
    """Create a named volume with ownership labels (a volume Docker creates implicitly would carry none)."""
    try:
        volume = client.volumes.get(name)
    except NotFound:
        client.volumes.create(name, labels=labels.owned_labels(profile))
        return
    if not labels.is_owned(volume.attrs.get("Labels"), profile):
        raise LambdadeskError(
            f"A Docker volume named {name} exists and was not created by lambdadesk; it will not be used.",
            "Remove or rename that volume yourself, or use another profile name.")
