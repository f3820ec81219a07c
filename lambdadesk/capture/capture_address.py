"""Where the SNS capture endpoint listens so that the emulator can reach it, and nothing else needs to."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lambdadesk.adapters.docker.inspect_data import addresses_on, network_owner
from lambdadesk.core.errors import LambdadeskError
from lambdadesk.core.profile import Profile, Topology
from lambdadesk.core.topology import EMULATOR, LOOPBACK, container_name, network_name

if TYPE_CHECKING:  # docker-py loads when an engine is asked, not with every session
    import docker


def capture_host(profile: Profile, client: docker.DockerClient | None) -> str:
    """Attached: the address the profile names (the loopback when it names none). HOST: the loopback. BRIDGE: this
    machine's address on the environment's private network (its gateway), which the emulator's container reaches
    directly."""
    attached = profile.attached
    if attached is not None:
        return attached.capture_host
    if profile.topology is Topology.HOST or client is None:
        return LOOPBACK
    from docker.errors import NotFound

    try:
        configs = client.networks.get(network_name(profile)).attrs["IPAM"]["Config"] or []
        return str(next(c["Gateway"] for c in configs if c.get("Gateway")))
    except (NotFound, StopIteration, KeyError) as exc:
        raise LambdadeskError(f"The environment's network {network_name(profile)} has no gateway address.",
                              "Start the environment (lambdadesk up), then try again.") from exc


def emulator_addresses(profile: Profile, client: docker.DockerClient | None) -> frozenset[str]:
    """BRIDGE: the emulator container's address on the environment's network, the one sender the capture endpoint
    expects there (other containers on that network reach the same gateway address). With dind, the emulator shares
    the dind container's network (the 'pod'): the pod's address, which its other members (Redis, and the Lambda
    containers, masqueraded) share too. Empty when it is not running."""
    if client is None:
        return frozenset()
    from docker.errors import NotFound

    try:
        container = client.containers.get(container_name(profile, EMULATOR))
        owner = network_owner(container.attrs)
        if owner is not None:
            container = client.containers.get(owner)
    except NotFound:
        return frozenset()
    return frozenset(address for address in addresses_on(container.attrs, network_name(profile)) if address)
