"""What `down` removed and what it kept, in words: the containers, the data that goes with a container (a volume
Docker made for its image, as Redis' /data), the networks, and the named volumes (removed only when asked)."""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from docker.models.containers import Container


@dataclass
class DownReport:
    containers: list[str] = field(default_factory=list)  # lambdadesk's services' containers
    # "lambdadesk-default-redis: /data": volumes Docker made for an image's VOLUME, removed with their container
    container_data: list[str] = field(default_factory=list)
    networks: list[str] = field(default_factory=list)
    volumes_removed: list[str] = field(default_factory=list)
    volumes_kept: list[str] = field(default_factory=list)
    lambda_containers: int = 0  # the emulator's containers of Lambda functions, removed with it

    def summary(self, between: str = "; ") -> str:
        """'Down: removed 2 containers (…) and network …; with its container, the data in …; kept volume …'."""
        lambdas = [f"{self.lambda_containers} Lambda container{'s' * (self.lambda_containers > 1)}"] \
            if self.lambda_containers else []
        removed = _counted(self.containers, "container") + lambdas + _counted(self.networks, "network") + \
            _counted(self.volumes_removed, "volume")
        said = ["removed " + ", ".join(removed[:-1]) + " and " * (len(removed) > 1) + removed[-1]] if removed \
            else ["nothing of lambdadesk's was there to remove"]
        if self.container_data:
            said.append("with its container, the data in " + ", ".join(self.container_data) +
                        " (Docker made that volume for the image; a new container starts empty)")
        if self.volumes_kept:
            said.append(f"kept {_counted(self.volumes_kept, 'volume')[0]} (down --volumes removes "
                        f"{'it' if len(self.volumes_kept) == 1 else 'them'})")
        return "Down: " + between.join(said) + "."


def container_data(container: Container, named: AbstractSet[str]) -> list[str]:
    """The volumes Docker made for the container's image (not one of the `named` volumes lambdadesk creates):
    they are removed with the container."""
    return [f"{container.name}: {mount.get('Destination')}" for mount in container.attrs.get("Mounts") or []
            if mount.get("Type") == "volume" and mount.get("Name") not in named]


def _counted(names: list[str], noun: str) -> list[str]:
    if not names:
        return []
    return [f"{noun} {names[0]}" if len(names) == 1 else f"{len(names)} {noun}s ({', '.join(names)})"]
