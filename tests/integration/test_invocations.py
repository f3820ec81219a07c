"""Every invocation kept, on the real engine: the seed request with its log lines, SNS message and Redis write;
replay; direct invokes, an invocation made outside lambdadesk, two at once; the CLI."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from google.protobuf import json_format
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest

from lambdadesk.adapters.aws.aws_clients import emulator_client
from lambdadesk.core.http_request import RequestSpec
from lambdadesk.core.invocation import API, INVOKE, LOGGED
from lambdadesk.core.topology import addresses
from lambdadesk.core.trace import otlp, spans
from lambdadesk.environment.service import EnvironmentService
from lambdadesk.flows.sample_flows import run_seed_sample
from lambdadesk.session import Session
from tests.integration.cli_run import lambdadesk

SEED = "lambdadesk-seed"


def _event(request_id: str) -> dict[str, object]:
    return {"body": json.dumps({"direct": request_id}), "requestContext": {"requestId": request_id}}


@pytest.mark.proves("invocations kept, replay")
async def test_the_seed_request_is_kept_with_its_log_message_and_write_and_replays(
        orchestrator: EnvironmentService, session: Session) -> None:
    await orchestrator.up()
    report = await run_seed_sample(session, "python3.12", lambda step: None)
    assert report.ok, [(s.name, s.detail) for s in report.steps if not s.ok]
    request_id = report.steps[3].received["json"]["requestId"]

    history = await session.invocation_history(SEED)
    seed = next(one for one in history if one.source == API)
    assert seed.request is not None and seed.request["path"] == "/seed" and seed.status == 200
    assert seed.cold is True and seed.duration_ms is not None and seed.duration_ms > 0  # the first after deploy
    assert seed.log_lines[0] == f"START RequestId: {seed.id} Version: $LATEST"
    assert f"stored the body under {request_id}" in "\n".join(seed.log_lines)
    assert [m.message for m in seed.messages] == [request_id]
    assert [w.command for w in seed.redis_writes] == [f"SET {request_id} {seed.request['body']}"]
    assert seed.started_at <= seed.redis_writes[0].at <= seed.ended_at + 0.05 and not seed.notes

    assert seed.redis_writes[0].value_after == seed.request["body"]  # read back right after the call
    assert seed.messages[0].delivered_at is not None and seed.messages[0].reached  # where the topic sent it
    hops = spans(seed)  # the trace: the call, then init, run, the Redis write and the SNS message inside it
    assert [child.kind for child in hops.children] == ["init", "run", "redis", "sns"], hops.children
    init, ran, write, message = hops.children
    assert hops.start <= init.start <= init.end <= ran.start <= write.start <= message.start <= hops.end
    assert 0 < ran.ms < hops.ms and init.ms > 0
    exported = json_format.Parse(json.dumps(otlp(seed)), ExportTraceServiceRequest())
    assert len(exported.resource_spans[0].scope_spans[0].spans) == 5

    again = await session.replay(seed.id[:13])
    assert again.id != seed.id and again.source == API and again.request == seed.request and again.cold is False
    new_id = json.loads(again.response or "{}")["requestId"]
    assert new_id != request_id and [m.message for m in again.messages] == [new_id]
    assert [w.command for w in again.redis_writes] == [f"SET {new_id} {seed.request['body']}"]
    kept = await session.invocation_history(SEED)
    assert [one.id for one in kept if one.source == API] == [again.id, seed.id]  # newest first, nothing doubled


async def test_invokes_outside_calls_and_overlapping_calls_are_kept_as_they_are_known(
        orchestrator: EnvironmentService, session: Session) -> None:
    await orchestrator.up()
    assert (await run_seed_sample(session, "python3.12", lambda step: None)).ok

    await session.invoke(SEED, _event("direct-1"))
    await session.recorded()
    direct = (await session.invocation_history(SEED))[0]
    assert direct.source == INVOKE and direct.event == _event("direct-1") and direct.cold is False
    assert [w.command for w in direct.redis_writes] == ['SET direct-1 {"direct": "direct-1"}']
    replayed = await session.replay(direct.id)
    assert replayed.source == INVOKE and replayed.event == direct.event and replayed.id != direct.id

    view = addresses(session.profile).host
    outside = emulator_client("lambda", view.emulator_url, session.profile.region)
    await asyncio.to_thread(outside.invoke, FunctionName=SEED, Payload=json.dumps(_event("outside-1")).encode())
    logged = [one for one in await session.invocation_history(SEED) if one.source == LOGGED]
    assert len(logged) == 1 and "stored the body under outside-1" in "\n".join(logged[0].log_lines)
    assert not logged[0].replayable and "cannot be replayed" in " ".join(logged[0].notes)
    written = [w.command for w in logged[0].redis_writes if not w.also_running]
    assert 'SET outside-1 {"direct": "outside-1"}' in [w.command for w in logged[0].redis_writes]
    assert set(written) <= {'SET outside-1 {"direct": "outside-1"}'}  # an earlier one's is marked, not claimed

    body = json.dumps({"together": True})
    both = await asyncio.gather(*(session.send(RequestSpec("POST", f"/at-once-{n}", body=body, api="seed"))
                                  for n in range(2)))
    assert [response.status for response in both] == [200, 200]
    await session.recorded()
    kept = await session.invocation_history(SEED)
    calls = [one for one in kept if one.source == API][:2]
    ran = {one.id: one for one in kept if one.ended_at >= calls[-1].started_at and one not in calls}
    matched = {call.id for call in calls} - {call.id for call in calls if call.id.startswith("call-")}
    assert len(ran) + len(matched) == 2, [one.summary() for one in kept]  # one invocation per call, nothing doubled
    for call in calls:  # each was logged within its call; when two were, which is which is said, not guessed
        assert call.status == 200
        if call.id in matched:
            assert call.log_lines and not call.maybe
        else:
            assert len(call.maybe) == 2 and set(call.maybe) <= set(ran) | matched and not call.log_lines
            assert "cannot tell which" in call.notes[0]
        assert any("Also running then: a call of lambdadesk-seed" in note for note in call.notes), call.notes
        assert all(write.also_running for write in call.redis_writes)
    for one in ran.values():
        assert one.source == LOGGED and "One of the calls lambdadesk made while it ran" in one.notes[0]


def test_the_cli_lists_shows_and_replays_kept_invocations(cli_profile: str, tmp_path: Path) -> None:
    env = {"LAMBDADESK_DATA_DIR": str(tmp_path / "data")}
    assert lambdadesk("--profile", cli_profile, "demo", env=env).returncode == 0
    listed = lambdadesk("--json", "--profile", cli_profile, "invocations", SEED, env=env)
    assert listed.returncode == 0, listed.stderr
    kept = json.loads(listed.stdout)
    assert len(kept) == 1 and kept[0]["source"] == API and kept[0]["redis_writes"]
    shown = lambdadesk("--profile", cli_profile, "invocations", "--show", kept[0]["id"], env=env)
    assert f"START RequestId: {kept[0]['id']}" in shown.stdout and "SNS messages published (1):" in shown.stdout
    replayed = lambdadesk("--json", "--profile", cli_profile, "replay", kept[0]["id"], env=env)
    assert replayed.returncode == 0, replayed.stderr
    assert json.loads(replayed.stdout)["request"] == kept[0]["request"]
    after = json.loads(lambdadesk("--json", "--profile", cli_profile, "invocations", env=env).stdout)
    assert [one["id"] for one in after] == [json.loads(replayed.stdout)["id"], kept[0]["id"]]
    traced = lambdadesk("--profile", cli_profile, "trace", "--otlp", str(tmp_path / "trace.json"), env=env)
    assert traced.returncode == 0 and traced.stdout.startswith(f"trace of {after[0]['id']} (lambdadesk-seed)")
    assert "lambdadesk-seed ran" in traced.stdout and "Redis SET" in traced.stdout and "SNS publish" in traced.stdout
    json_format.Parse((tmp_path / "trace.json").read_text(), ExportTraceServiceRequest())
    missing = lambdadesk("--profile", cli_profile, "replay", "no-such-id", env=env)
    assert missing.returncode != 0 and "No invocation 'no-such-id' is kept" in missing.stderr
