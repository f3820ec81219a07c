import asyncio

import pytest
import redis

from lambdadesk.adapters.aws.aws_clients import emulator_client
from lambdadesk.adapters.docker import owned_objects
from lambdadesk.core import labels
from lambdadesk.core.events import Notice, ServiceState
from lambdadesk.core.topology import addresses, dind_volume_name
from lambdadesk.environment.service import EnvironmentService
from tests.engine import EventLog, assert_foreign_objects_survive
from tests.integration.lambda_probe import invoke_probe


@pytest.mark.proves("fast reset")
@pytest.mark.every_topology
async def test_fast_reset_clears_state_in_place_and_spares_foreign_objects(
        orchestrator: EnvironmentService, foreign_objects: list[str]) -> None:
    await orchestrator.up()
    endpoints = addresses(orchestrator.profile).host
    invoke_probe(endpoints.emulator_url)
    sns = emulator_client("sns", endpoints.emulator_url, "us-east-1")
    sns.create_topic(Name="seed-topic")
    store = redis.Redis(host=endpoints.redis_host, port=endpoints.redis_port)
    store.set("seed:1", "body")
    client = orchestrator.connection.client
    containers_before = {c.name: c.id for c in owned_objects.containers(client, "itest") if
                         c.labels[labels.SERVICE] != labels.LAMBDA_SERVICE}

    report = await orchestrator.reset()

    assert report.path == "fast"
    lam = emulator_client("lambda", endpoints.emulator_url, "us-east-1")
    assert lam.list_functions()["Functions"] == []
    assert sns.list_topics()["Topics"] == []
    assert store.dbsize() == 0
    assert owned_objects.containers(client, "itest", labels.LAMBDA_SERVICE) == []
    assert {c.name: c.id for c in owned_objects.containers(client, "itest")} == containers_before  # not recreated
    assert_foreign_objects_survive(client, foreign_objects)
    assert invoke_probe(endpoints.emulator_url) == {"echo": {"probe": "python3.12"}}  # and it still works


@pytest.mark.proves("full reset")
@pytest.mark.every_topology
async def test_full_reset_recreates_everything_and_spares_foreign_objects(
        orchestrator: EnvironmentService, foreign_objects: list[str]) -> None:
    await orchestrator.up()
    client = orchestrator.connection.client
    before = {c.name: c.id for c in owned_objects.containers(client, "itest")}

    report = await orchestrator.reset(full=True)

    assert report.path == "full"
    after = {c.name: c.id for c in owned_objects.containers(client, "itest")}
    assert after.keys() == before.keys() and not set(after.values()) & set(before.values())
    assert {row.state for row in await orchestrator.status()} == {ServiceState.READY}
    assert_foreign_objects_survive(client, foreign_objects)


async def test_reset_of_an_environment_that_is_down_takes_the_full_path_and_says_so(
        orchestrator: EnvironmentService, events: EventLog) -> None:
    client, name = orchestrator.connection.client, orchestrator.profile.name
    cache = dind_volume_name(orchestrator.profile)
    await asyncio.to_thread(owned_objects.ensure_volume, client, name, cache)  # as a dind start leaves it
    report = await orchestrator.reset()
    assert report.path == "full" and report.actions == ["removed and recreated every lambdadesk container and "
                                                        "network (volumes kept)"]
    assert any(isinstance(e, Notice) and "full path" in e.text and "kept" in e.text for e in events)
    assert {row.state for row in await orchestrator.status()} == {ServiceState.READY}
    kept = client.volumes.list(filters=labels.owned_filter(name))
    assert [v.name for v in kept] == [cache]  # the image cache survived
