"""Ownership: reset (fast and full) and down touch only what lambdadesk created for the profile. Containers,
volumes and networks with look-alike names, partial labels, managed=false or another profile's labels survive."""

from __future__ import annotations

import docker
import pytest

from lambdadesk.adapters.docker import owned_objects
from lambdadesk.adapters.docker.docker_connection import DockerConnection
from lambdadesk.core.events import ServiceState
from lambdadesk.core.profile import Profile
from lambdadesk.environment.service import EnvironmentService
from tests.engine import assert_foreign_objects_survive
from tests.reliability.conftest import Tried


@pytest.fixture
def testbed_profile(running: Profile) -> Profile:
    """foreign_objects look like the suite's own environment."""
    return running


async def test_reset_and_down_spare_every_foreign_object(running: Profile, docker_connection: DockerConnection,
                                                         foreign_objects: list[str], tried: Tried) -> None:
    tried("ownership", f"{len(foreign_objects)} foreign look-alikes, each a container, volume and network named "
                       "like ours (no labels, managed only, profile only, managed=false, another profile): all "
                       "survive fast reset, full reset and down --volumes")
    client: docker.DockerClient = docker_connection.client
    orchestrator = EnvironmentService(running, docker_connection)
    assert (await orchestrator.reset()).path == "fast"
    assert_foreign_objects_survive(client, foreign_objects)
    assert (await orchestrator.reset(full=True)).path == "full"
    assert {row.state for row in await orchestrator.status()} == {ServiceState.READY}
    assert_foreign_objects_survive(client, foreign_objects)
    await orchestrator.down(remove_volumes=True)
    assert owned_objects.containers(client, running.name) == []
    assert_foreign_objects_survive(client, foreign_objects)
