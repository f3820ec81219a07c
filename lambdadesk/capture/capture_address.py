"""Where the SNS capture endpoint listens so that the emulator can reach it, and nothing else needs to."""

from __future__ import annotations

import docker

from lambdadesk.core.errors import LambdadeskError
from lambdadesk.core.profile import Profile, Topology
from lambdadesk.core.topology import LOOPBACK, network_name


def capture_host(profile: Profile, client: docker.DockerClient) -> str:
    """HOST: the loopback. BRIDGE: this machine's address on the environment's private network (its gateway),
    which the emulator's container reaches directly."""
    if profile.topology is Topology.HOST:
        return LOOPBACK
    try:
        configs = client.networks.get(network_name(profile)).attrs["IPAM"]["Config"] or []
        return str(next(c["Gateway"] for c in configs if c.get("Gateway")))
    except (docker.errors.NotFound, StopIteration, KeyError) as exc:
        raise LambdadeskError(f"The environment's network {network_name(profile)} has no gateway address.",
                              "Start the environment (lambdadesk up), then try again.") from exc
