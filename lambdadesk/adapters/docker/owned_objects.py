"""Finding and removing what lambdadesk owns. Every query filters by ownership labels and every result is checked
again before anything is removed, so a look-alike name or a partial label never makes a foreign object ours."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator

import docker
from docker.errors import APIError, NotFound
from docker.models.containers import Container

from lambdadesk.core import labels
from lambdadesk.core.errors import LambdadeskError
from lambdadesk.core.profile import Profile


def containers(client: docker.DockerClient, profile: str, service: str | None = None) -> list[Container]:
    # each is inspected here, not by docker-py's list: a container removed between the listing and its inspect (the
    # emulator removes its own Lambda containers on reset) is simply gone, on Docker (404) and on Podman (500)
    found = []
    for container in client.containers.list(all=True, filters=labels.owned_filter(profile, service), sparse=True):
        with _unless_gone():
            container.reload()
            found.append(container)
    return [c for c in found if labels.is_owned(c.labels, profile)]


def find_container(client: docker.DockerClient, name_or_id: str) -> Container | None:
    """The container, or None when there is none (or it went while being looked at)."""
    with _unless_gone():
        return client.containers.get(name_or_id)
    return None


def is_gone(exc: APIError) -> bool:
    """Whether `exc` says the container no longer exists: Docker answers 404; Podman 4 answers 500 "no such
    container" for one removed while it is being looked at."""
    return isinstance(exc, NotFound) or "no such container" in str(exc.explanation or exc).lower()


@contextlib.contextmanager
def _unless_gone() -> Iterator[None]:
    try:
        yield
    except APIError as exc:
        if not is_gone(exc):
            raise


def stop_and_remove(container: Container, timeout_s: int, settle_s: float = 10.0) -> None:
    """Graceful stop (SIGTERM, then SIGKILL after `timeout_s`), then removal. Already gone is fine, and so is a
    removal someone else started (the emulator removes its own Lambda containers on reset): it is waited for."""
    with _unless_gone():
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
