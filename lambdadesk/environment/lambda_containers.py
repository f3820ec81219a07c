"""Where a function's Lambda container answers on the environment's private network (bridge topology): the newest
running container the emulator started for it, found by lambdadesk's labels and the emulator's container name
("<emulator>-lambda-<function>-<id>")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lambdadesk.adapters.docker import owned_objects
from lambdadesk.adapters.docker.inspect_data import addresses_on
from lambdadesk.core import labels
from lambdadesk.core.profile import Profile
from lambdadesk.core.topology import network_name

if TYPE_CHECKING:
    import docker


def lambda_address(client: docker.DockerClient, profile: Profile, function: str) -> str | None:
    """The IP address of the function's newest running Lambda container on the profile's network; None when none
    runs (no request has started one yet)."""
    marker = f"-lambda-{function.lower()}-"
    running = [container for container in owned_objects.containers(client, profile.name, labels.LAMBDA_SERVICE)
               if marker in container.name.lower() and container.status == "running"]
    running.sort(key=lambda container: str(container.attrs.get("Created", "")), reverse=True)
    for container in running:
        found = [address for address in addresses_on(container.attrs, network_name(profile)) if address]
        if found:
            return found[0]
    return None
