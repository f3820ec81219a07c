import asyncio
import json
import urllib.request
from dataclasses import replace

import pytest
import redis

from lambdadesk.adapters.aws.aws_clients import emulator_client
from lambdadesk.adapters.docker import owned_objects
from lambdadesk.core import labels
from lambdadesk.core.events import Notice, ServiceState
from lambdadesk.core.profile import EmulatorKind
from lambdadesk.core.topology import addresses, dind_volume_name
from lambdadesk.environment.emulator_reset import reset_emulator
from lambdadesk.environment.service import EnvironmentService
from tests.engine import EventLog, assert_foreign_objects_survive
from tests.integration.lambda_probe import invoke_probe, probe_zip


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


async def test_fast_reset_leaves_services_nobody_used_unloaded_and_empties_the_used_ones(
        orchestrator: EnvironmentService) -> None:
    """Loading a LocalStack service costs it a second or so of CPU: a reset does not load one only to find it
    empty. Under PERSISTENCE a service not loaded yet may hold saved state, so there every one is swept."""
    await orchestrator.up()
    endpoint = addresses(orchestrator.profile).host.emulator_url
    emulator_client("s3", endpoint, "us-east-1").create_bucket(Bucket="used")
    before = _health(endpoint)
    assert before["s3"] == "running" and before["logs"] == "available" and "logs" in orchestrator.profile.aws_services

    report = await orchestrator.reset()

    assert "s3: deleted 1 resource(s)" in report.actions and "logs: never used, nothing to delete" in report.actions
    assert _health(endpoint)["logs"] == "available"  # still not loaded
    assert emulator_client("s3", endpoint, "us-east-1").list_buckets()["Buckets"] == []
    swept_all = reset_emulator(EmulatorKind.LOCALSTACK, endpoint, "us-east-1", ("logs", "s3"), persistence=True)
    assert swept_all == ["s3: deleted 0 resource(s)", "logs: deleted 0 resource(s)"]
    assert _health(endpoint)["logs"] == "running"


async def test_a_fast_reset_the_emulator_refuses_takes_the_full_path_says_why_and_ends_clean(
        orchestrator: EnvironmentService, events: EventLog) -> None:
    """LocalStack cannot delete a function whose creation failed (its runtime image could not be had: here from a
    registry on a closed local port): DeleteFunction answers InternalError every time. The reset goes on."""
    unpullable = replace(orchestrator.profile, emulator_env={
        **orchestrator.profile.emulator_env, "LAMBDA_RUNTIME_IMAGE_MAPPING": "127.0.0.1:1/lambda:<runtime>"})
    environment = EnvironmentService(unpullable, orchestrator.connection, None, events)  # the fixture cleans up
    await environment.up()
    endpoint = addresses(unpullable).host.emulator_url
    lam = emulator_client("lambda", endpoint, "us-east-1")
    lam.create_function(FunctionName="never-created", Runtime="python3.12", Handler="probe.handler",
                        Code={"ZipFile": probe_zip()}, Role="arn:aws:iam::000000000000:role/lambda-role")
    for _ in range(100):
        if lam.get_function(FunctionName="never-created")["Configuration"]["State"] == "Failed":
            break
        await asyncio.sleep(0.1)
    assert lam.get_function(FunctionName="never-created")["Configuration"]["State"] == "Failed"

    report = await environment.reset()

    assert report.path == "full" and report.actions[0].startswith("the emulator refused the fast path (lambda: ")
    notices = [e.text for e in events if isinstance(e, Notice)]
    assert any("refused to clear" in text and "lambda: " in text and "never-created" in text and "full path" in text
               for text in notices), notices
    assert lam.list_functions()["Functions"] == []
    assert {row.state for row in await environment.status()} == {ServiceState.READY}


def _health(endpoint: str) -> dict[str, str]:
    with urllib.request.urlopen(f"{endpoint}/_localstack/health", timeout=5) as response:
        return dict(json.loads(response.read())["services"])


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
