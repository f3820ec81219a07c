"""P9: one request, traced. From the response's arrival until its trace is complete (the invocation's log lines,
its SNS message and its Redis write, together): lambdadesk's invocation recorder against what a developer
scripts today to put the same picture together after the response (poll CloudWatch Logs for the REPORT line,
wait for a plain SNS consumer to have the message, read the key from Redis). Alternating runs, one environment."""

from __future__ import annotations

import asyncio
import json
import time

import redis

from bench.bare_way import BareConsumer, post
from bench.figures import Figure, median
from bench.sample import TOPIC, seed_spec
from lambdadesk.adapters.aws.aws_clients import emulator_client
from lambdadesk.core.http_request import RequestSpec
from lambdadesk.core.topology import addresses
from lambdadesk.environment.service import EnvironmentService
from lambdadesk.session import Session


async def measure(orchestrator: EnvironmentService, runs: int) -> list[Figure]:
    profile = orchestrator.profile
    session = Session(profile, orchestrator.connection)
    view = addresses(profile).host
    sns = emulator_client("sns", view.emulator_url, profile.region)
    logs = emulator_client("logs", view.emulator_url, profile.region)
    consumer = BareConsumer(sns)
    store = redis.Redis(host=view.redis_host, port=view.redis_port)
    try:
        topic_arn = await session.capture.create_topic(TOPIC)
        await asyncio.to_thread(sns.subscribe, TopicArn=topic_arn, Protocol="http", Endpoint=consumer.url)
        await asyncio.to_thread(consumer.confirmed.wait, 30)
        _, route = await session.deploy(seed_spec("p9"), wire=True)
        assert route is not None
        ours, theirs = [], []
        for n in range(runs + 1):  # the first warms the runtime
            response = await session.send(RequestSpec("POST", "/", body=json.dumps({"n": n}), api=route.name))
            answered = time.perf_counter()
            traced = await session.invocation("last")
            ours.append(time.perf_counter() - answered)
            request_id = json.loads(response.body)["requestId"]
            assert traced.log_lines and [m.message for m in traced.messages] == [request_id], (
                n, traced.summary(), traced.notes, traced.started_at, traced.ended_at,
                [(m.message, m.published_at) for m in session.invocations.heard.published_between(0, 2e9)])
            assert [w.command for w in traced.redis_writes] == [f"SET {request_id} {json.dumps({'n': n})}"]
            theirs.append(await asyncio.to_thread(_by_hand, route.url(), logs, consumer, store, n))
        ours, theirs = ours[1:], theirs[1:]
        return [Figure("P9", "one request traced: from the response until log, SNS message and Redis write are in",
                       median(ours) * 1000, median(theirs) * 1000, "ms", "≤ 100 ms", median(ours) <= 0.1)]
    finally:
        consumer.close()
        store.close()
        await session.close()


def _by_hand(url: str, logs: object, consumer: BareConsumer, store: redis.Redis, n: int) -> float:
    started_ms = int(time.time() * 1000)  # REPORT lines stamped from now on are this request's
    request_id = json.loads(post(url, json.dumps({"n": n}).encode()))["requestId"]
    answered = time.perf_counter()
    while not any(str(e["message"]).startswith("REPORT") for e in logs.filter_log_events(  # type: ignore[attr-defined]
            logGroupName="/aws/lambda/p9", startTime=started_ms)["events"][-4:]):
        time.sleep(0.05)
    consumer.wait_for(request_id)
    assert store.get(request_id) is not None
    return time.perf_counter() - answered
