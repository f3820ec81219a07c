"""Finding and removing what lambdadesk owns. Every query filters by ownership labels and every result is checked
again before anything is removed, so a look-alike name or a partial label never makes a foreign object ours."""

from __future__ import annotations

import contextlib
import time

import docker
from docker.errors import APIError, NotFound
from docker.models.containers import Container

from lambdadesk.core import labels
from lambdadesk.core.errors import LambdadeskError
from lambdadesk.core.profile import Profile


def containers(client: docker.DockerClient, profile: str, service: str | None = None) -> list[Container]:
    # ignore_removed: a container removed between the listing and docker-py's inspect of it (the emulator removes
    # its own Lambda containers on reset) is simply gone, not "No such container"
    found = client.containers.list(all=True, filters=labels.owned_filter(profile, service), ignore_removed=True)
    return [c for c in found if labels.is_owned(c.labels, profile)]


def stop_and_remove(container: Container, timeout_s: int, settle_s: float = 10.0) -> None:
    """Graceful stop (SIGTERM, then SIGKILL after `timeout_s`), then removal. Already gone is fine, and so is a
    removal someone else started (the emulator removes its own Lambda containers on reset): it is waited for."""
    with contextlib.suppress(NotFound):
        container.reload()
        if container.status in ("running", "restarting", "paused"):
            container.stop(timeout=timeout_s)
        try:
            container.remove(v=True, force=True)
        except APIError as exc:
            if exc.status_code != 409 or "in progress" not in str(exc.explanation):
                raise
            _wait_until_gone(container, settle_s)


def _wait_until_gone(container: Container, settle_s: float) -> None:
    deadline = time.monotonic() + settle_s
    while time.monotonic() < deadline:
        container.reload()  # raises NotFound once the other removal is done
        time.sleep(0.1)
    raise LambdadeskError(f"Docker is still removing container {container.name} after {settle_s:.0f} s.",
                          "Check the Docker daemon (docker ps -a); then try again.")


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


def remove_networks(client: docker.DockerClient, profile: str) -> list[str]:
    """Removes the profile's networks; returns their names."""
    removed = []
    for network in client.networks.list(filters=labels.owned_filter(profile)):
        if labels.is_owned(network.attrs.get("Labels"), profile):
            with contextlib.suppress(NotFound):
                network.remove()
                removed.append(network.name)
    return removed


def volume_names(client: docker.DockerClient, profile: str) -> list[str]:
    """The profile's named volumes (the dind image cache)."""
    return sorted(volume.name for volume in client.volumes.list(filters=labels.owned_filter(profile))
                  if labels.is_owned(volume.attrs.get("Labels"), profile))


def remove_volumes(client: docker.DockerClient, profile: str) -> list[str]:
    """Removes the profile's named volumes; returns the names of those removed."""
    removed = []
    for volume in client.volumes.list(filters=labels.owned_filter(profile)):
        if labels.is_owned(volume.attrs.get("Labels"), profile):
            with contextlib.suppress(NotFound, APIError):
                volume.remove(force=True)
                removed.append(volume.name)
    return sorted(removed)


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
