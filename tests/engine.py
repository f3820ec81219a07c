"""Fixtures for tests against the test bed's private Docker engine (DOCKER_HOST) and its stand-in images, on the
host network, so every connection stays on 127.0.0.1; testbed/run-tests.sh prepares both. With
LAMBDADESK_TEST_TOPOLOGY=bridge the profile runs on a Docker bridge network instead: run-tests.sh does so against
a second engine inside a network namespace with no route out (testbed/bridge-dockerd.sh), the tests in it too.
With LAMBDADESK_TEST_ENGINE=podman, DOCKER_HOST is Podman's Docker-compatible API (testbed/podman-tests.sh)."""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import docker
import pytest

from lambdadesk.adapters.docker import owned_objects
from lambdadesk.adapters.docker.docker_connection import DockerConnection, connect
from lambdadesk.adapters.store.request_store import RequestStore
from lambdadesk.core.events import Event
from lambdadesk.core.profile import Profile
from lambdadesk.environment.service import EnvironmentService
from lambdadesk.session import Session

TESTBED_PROFILE = Path(__file__).parents[1] / "testbed" / "profiles" / "testbed.json"
IMAGE_PREFIX = os.environ.get("LAMBDADESK_TEST_IMAGE_PREFIX", "lambdadesk-test")


def shipped_profile_data(**changes: object) -> dict[str, object]:
    """The shipped test-bed profile, on the topology LAMBDADESK_TEST_TOPOLOGY names (host when unset)."""
    data = json.loads(TESTBED_PROFILE.read_text())
    data["topology"] = os.environ.get("LAMBDADESK_TEST_TOPOLOGY", data["topology"])
    return {**data, **changes}


def engine_product() -> str:
    """The product the engine under test calls itself: "Podman Engine" in the Podman run, else "Docker Engine"."""
    return "Podman Engine" if os.environ.get("LAMBDADESK_TEST_ENGINE") == "podman" else "Docker Engine"


@pytest.fixture(scope="session")
def docker_connection() -> Iterator[DockerConnection]:
    if not os.environ.get("DOCKER_HOST") and not os.environ.get("LAMBDADESK_REQUIRE_DOCKER"):
        pytest.skip("no test-bed Docker engine: run testbed/run-tests.sh (it sets DOCKER_HOST)")
    connection = connect()
    yield connection
    connection.close()


@pytest.fixture
def testbed_profile() -> Profile:
    """The shipped test-bed profile under a name of its own, so tests never meet a developer's environment."""
    return Profile.from_dict(shipped_profile_data(name="itest"))


class EventLog(list[Event]):
    def __call__(self, event: Event) -> None:
        self.append(event)


@pytest.fixture
def events() -> EventLog:
    return EventLog()


@pytest.fixture
async def orchestrator(docker_connection: DockerConnection, testbed_profile: Profile,
                       events: EventLog) -> AsyncIterator[EnvironmentService]:
    """An orchestrator for the test profile; whatever the test leaves is removed afterwards (by label)."""
    orchestrator = EnvironmentService(testbed_profile, docker_connection, None, events)
    await remove_everything(docker_connection.client, testbed_profile.name)
    yield orchestrator
    await orchestrator.down(remove_volumes=True)
    await remove_everything(docker_connection.client, testbed_profile.name)


@pytest.fixture
async def session(orchestrator: EnvironmentService, events: EventLog, tmp_path: Path) -> AsyncIterator[Session]:
    """The application layer over the same profile and engine as `orchestrator` (which removes what is left)."""
    made = Session(orchestrator.profile, orchestrator.connection, None, events, RequestStore(tmp_path / "requests"))
    yield made
    await made.close()


async def remove_everything(client: docker.DockerClient, profile: str) -> None:
    for container in await asyncio.to_thread(owned_objects.containers, client, profile):
        await asyncio.to_thread(owned_objects.stop_and_remove, container, 1)
    await asyncio.to_thread(owned_objects.remove_volumes, client, profile)
    await asyncio.to_thread(owned_objects.remove_networks, client, profile)


@pytest.fixture
def foreign_objects(docker_connection: DockerConnection, testbed_profile: Profile) -> Iterator[list[str]]:
    """Containers, volumes and networks that are not lambdadesk's but look like it: look-alike names, partial
    labels, another profile's labels. Tests check they survive; they are removed afterwards."""
    client = docker_connection.client
    name = testbed_profile.name
    image = f"{IMAGE_PREFIX}/busybox:latest"
    looks = {
        f"lambdadesk-{name}-redis-copy": {},
        f"lambdadesk-{name}-foreign": {"lambdadesk.managed": "true"},
        f"lambdadesk-{name}-half": {"lambdadesk.profile": name},
        f"lambdadesk-{name}-other-profile": {"lambdadesk.managed": "true", "lambdadesk.profile": f"{name}2"},
        f"lambdadesk-{name}-managed-false": {"lambdadesk.managed": "false", "lambdadesk.profile": name},
    }
    for object_name, object_labels in looks.items():
        client.containers.run(image, ["sleep", "3600"], name=object_name, labels=object_labels,
                              detach=True, network_mode="none")
        client.volumes.create(object_name, labels=object_labels)
        client.networks.create(object_name, driver="bridge", internal=True, labels=object_labels)
    yield list(looks)
    for object_name in looks:
        client.containers.get(object_name).remove(force=True)
        client.volumes.get(object_name).remove(force=True)
        client.networks.get(object_name).remove()


def assert_foreign_objects_survive(client: docker.DockerClient, names: list[str]) -> None:
    running = {c.name for c in client.containers.list()}
    assert set(names) <= running, f"foreign containers were touched: {set(names) - running}"
    volumes = {v.name for v in client.volumes.list()}
    assert set(names) <= volumes, f"foreign volumes were removed: {set(names) - volumes}"
    networks = {n.name for n in client.networks.list()}
    assert set(names) <= networks, f"foreign networks were removed: {set(names) - networks}"
