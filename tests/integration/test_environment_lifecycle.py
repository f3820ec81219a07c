import asyncio
import socket

import docker
import pytest
import redis

from lambdadesk.adapters.docker import owned_objects
from lambdadesk.core import labels
from lambdadesk.core.errors import (
    ContainerExitedError,
    ImagePullError,
    LambdadeskError,
    PortInUseError,
    StartTimeoutError,
)
from lambdadesk.core.events import ServiceState, StateChanged
from lambdadesk.core.topology import addresses, dind_volume_name
from lambdadesk.environment.service import EnvironmentService
from tests.engine import IMAGE_PREFIX, EventLog
from tests.integration.lambda_probe import invoke_probe


@pytest.mark.proves("environment up")
async def test_up_waits_until_every_service_really_answers(
        orchestrator: EnvironmentService, events: EventLog) -> None:
    await orchestrator.up()
    rows = {row.service: row for row in await orchestrator.status()}
    assert {rows["emulator"].state, rows["redis"].state} == {ServiceState.READY}
    assert rows["emulator"].ports == {"14566/tcp": "127.0.0.1:14566"} and rows["redis"].uptime_s is not None
    endpoints = addresses(orchestrator.profile).host
    assert redis.Redis(host=endpoints.redis_host, port=endpoints.redis_port).ping() is True
    states = [(e.service, e.state) for e in events if isinstance(e, StateChanged)]
    for service in ("emulator", "redis"):
        assert states.index((service, ServiceState.STARTING)) < states.index((service, ServiceState.READY))
    waiting = [e.detail for e in events if isinstance(e, StateChanged) and e.service == "emulator" and e.detail]
    assert waiting, "while starting, the emulator's state says what it waits for"


async def test_a_second_up_keeps_the_running_containers(orchestrator: EnvironmentService,
                                                        docker_connection: object) -> None:
    await orchestrator.up()
    client = orchestrator.connection.client
    before = {c.name: c.id for c in owned_objects.containers(client, orchestrator.profile.name)}
    await orchestrator.up()
    after = {c.name: c.id for c in owned_objects.containers(client, orchestrator.profile.name)}
    assert before == after and len(after) == 2


async def test_down_stops_everything_and_leaves_no_lambda_container(
        orchestrator: EnvironmentService) -> None:
    await orchestrator.up()
    assert invoke_probe(addresses(orchestrator.profile).host.emulator_url) == {"echo": {"probe": "python3.12"}}
    client = orchestrator.connection.client
    assert owned_objects.containers(client, "itest", labels.LAMBDA_SERVICE), "the invocation ran in a container"
    redis_data = [m["Name"] for m in client.containers.get("lambdadesk-itest-redis").attrs["Mounts"]
                  if m["Destination"] == "/data"]
    cache = dind_volume_name(orchestrator.profile)
    await asyncio.to_thread(owned_objects.ensure_volume, client, "itest", cache)  # as a dind start leaves it
    report = await orchestrator.down()
    assert client.containers.list(all=True, filters={"label": "lambdadesk.profile=itest"}) == []
    assert [c.name for c in client.containers.list(all=True) if "itest-emulator-lambda" in c.name] == []
    statuses = {row.service: row.state for row in await orchestrator.status()}
    assert statuses == {"emulator": ServiceState.ABSENT, "redis": ServiceState.ABSENT}
    # what it removed is what it says: Redis' /data (a volume Docker made for the image) went with its container,
    # the named image cache stayed
    assert report.containers == ["lambdadesk-itest-emulator", "lambdadesk-itest-redis"]
    assert report.lambda_containers in (0, 1)  # the emulator may have removed its own already
    assert report.container_data == ["lambdadesk-itest-redis: /data"] and len(redis_data) == 1
    volumes = {v.name for v in client.volumes.list()}
    assert redis_data[0] not in volumes and cache in volumes
    assert report.volumes_kept == [cache] and report.volumes_removed == []
    assert "the data in lambdadesk-itest-redis: /data" in report.summary()
    assert f"kept volume {cache} (down --volumes removes it)" in report.summary()

    report = await orchestrator.down(remove_volumes=True)
    assert report.volumes_removed == [cache] and report.volumes_kept == [] and cache not in \
        {v.name for v in client.volumes.list()}
    assert report.summary() == f"Down: removed volume {cache}."


async def test_a_taken_port_is_named_with_its_holder_before_anything_starts(
        orchestrator: EnvironmentService) -> None:
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", orchestrator.profile.redis_port))
        squatter.listen()
        with pytest.raises(PortInUseError) as caught:
            await orchestrator.up()
    assert caught.value.port == orchestrator.profile.redis_port and "pid" in caught.value.holder
    assert owned_objects.containers(orchestrator.connection.client, "itest") == []


async def test_a_container_with_our_name_but_not_our_labels_is_refused_and_kept(
        orchestrator: EnvironmentService) -> None:
    client = orchestrator.connection.client
    client.containers.run(f"{IMAGE_PREFIX}/busybox:latest", ["sleep", "600"], name="lambdadesk-itest-redis",
                          detach=True, network_mode="none")
    try:
        with pytest.raises(LambdadeskError, match="was not created by lambdadesk"):
            await orchestrator.up()
        assert client.containers.get("lambdadesk-itest-redis").status == "running"
    finally:
        client.containers.get("lambdadesk-itest-redis").remove(force=True)


async def test_a_service_that_never_gets_ready_times_out_with_its_name_and_last_logs(
        orchestrator: EnvironmentService, never_ready_image: str) -> None:
    orchestrator.profile = orchestrator.profile.replace(redis_image=never_ready_image, start_timeout_s=15)
    with pytest.raises(StartTimeoutError) as caught:
        await orchestrator.up()
    assert caught.value.service == "redis"
    assert "starting but never ready" in caught.value.last_logs


async def test_an_image_that_cannot_run_the_service_is_named(
        orchestrator: EnvironmentService) -> None:
    orchestrator.profile = orchestrator.profile.replace(redis_image=f"{IMAGE_PREFIX}/busybox:latest")
    with pytest.raises(ContainerExitedError, match=r"redis .*busybox.* (could not start|stopped while starting)"):
        await orchestrator.up()


async def test_a_service_that_exits_while_starting_is_reported_with_its_logs(
        orchestrator: EnvironmentService, exits_at_once_image: str) -> None:
    orchestrator.profile = orchestrator.profile.replace(redis_image=exits_at_once_image)
    with pytest.raises(ContainerExitedError, match=r"(?s)redis .* stopped while starting.*config file is broken"):
        await orchestrator.up()


async def test_an_image_that_cannot_be_pulled_is_named_with_the_reason(
        orchestrator: EnvironmentService) -> None:
    # a registry address on the loopback where nothing listens: the pull fails without leaving this machine
    orchestrator.profile = orchestrator.profile.replace(redis_image="127.0.0.1:5999/nowhere/redis:7")
    with pytest.raises(ImagePullError) as caught:
        await orchestrator.up()
    assert caught.value.image == "127.0.0.1:5999/nowhere/redis:7"
    assert "cannot be reached" in caught.value.message


def _busybox_variant(name: str, script: str) -> str:
    """busybox with an entrypoint running `script` (the service's own arguments are ignored)."""
    client = docker.from_env()
    container = client.containers.create(f"{IMAGE_PREFIX}/busybox:latest", ["true"], network_mode="none")
    try:
        container.commit(repository=f"lambdadesk-itest/{name}", tag="1",
                         changes=[f'ENTRYPOINT ["sh", "-c", "{script}", "--"]'])
    finally:
        container.remove(force=True)
        client.close()
    return f"lambdadesk-itest/{name}:1"


@pytest.fixture(scope="session")
def never_ready_image(docker_connection: object) -> str:
    """A service that starts but never listens."""
    return _busybox_variant("never-ready", "echo starting but never ready; exec sleep 3600")


@pytest.fixture(scope="session")
def exits_at_once_image(docker_connection: object) -> str:
    """A service that prints why and stops, as a misconfigured server does."""
    return _busybox_variant("exits-at-once", "echo config file is broken; exit 3")


