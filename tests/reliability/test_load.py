"""Load, on 127.0.0.1: many POSTs through API Gateway at once while the capture endpoint runs, as `lambdadesk
capture` runs it. Every request is answered, every message is captured once, each beside its Redis value, and the
process's memory stays bounded. Bounded in count and time so it fits the suite."""

from __future__ import annotations

import asyncio
import contextlib
import json
from pathlib import Path

import aiohttp
import psutil

from lambdadesk.adapters.docker.docker_connection import DockerConnection
from lambdadesk.adapters.store.request_store import RequestStore
from lambdadesk.capture.pairing import CapturedMessage, pair_notifications
from lambdadesk.core.profile import Profile
from lambdadesk.flows.sample_flows import run_seed_sample
from lambdadesk.session import Session
from tests.reliability.conftest import Tried

POSTS = 400
IN_FLIGHT = 8  # LocalStack cold-starts a container per concurrent call; more at once can hang it (localstack#13195)
ANSWER_S = 60
MEMORY_GROWTH_MB = 150  # the endpoint, the pairing and what the test itself keeps, for POSTS messages


async def test_posts_at_once_are_all_answered_captured_once_and_paired(
        running: Profile, docker_connection: DockerConnection, tmp_path: Path, tried: Tried) -> None:
    tried("load", f"{POSTS} POSTs through API Gateway, {IN_FLIGHT} in flight, while the capture endpoint runs: "
                  "every one answered, every SNS message captured once and shown beside its Redis value, "
                  f"memory growth under {MEMORY_GROWTH_MB} MB")
    session = Session(running, docker_connection, None, lambda _: None, RequestStore(tmp_path / "requests"))
    try:
        report = await run_seed_sample(session, "python3.12", lambda _: None)  # the function, its API, its topic
        assert report.ok, [(step.name, step.detail) for step in report.steps if not step.ok]
        route = next(route for route in await session.routes() if route.function_name == "lambdadesk-seed")
        captured: list[CapturedMessage] = []
        seen: set[str] = set()
        all_in = asyncio.Event()

        def keep(pair: CapturedMessage) -> None:
            captured.append(pair)
            seen.add(pair.message.message)
            if len(seen) >= POSTS:
                all_in.set()

        await session.capture.subscribe("lambdadesk-seed", remember=False)
        stop = pair_notifications(session.capture, session.redis, keep)
        process = psutil.Process()
        before = process.memory_info().rss

        answers = await _post_all(route.url("orders"))

        unanswered = [answer for answer in answers if isinstance(answer, BaseException)]
        assert not unanswered, f"{len(unanswered)} of {POSTS} not answered in {ANSWER_S} s: {unanswered[0]!r}"
        answers = [answer for answer in answers if not isinstance(answer, BaseException)]
        assert [status for status, _ in answers] == [200] * POSTS, {status for status, _ in answers}
        sent = {request_id: body for _, (request_id, body) in answers}
        assert len(sent) == POSTS  # a request id each
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(all_in.wait(), 90)
        await asyncio.sleep(1)  # a message delivered twice would come now
        stop()
        ids = [c.message.message for c in captured]
        assert sorted(ids) == sorted(sent), f"{len(set(ids))} of {POSTS} captured, {len(ids) - len(set(ids))} twice"
        unpaired = [c.message.message for c in captured if c.redis is None or json.loads(c.redis.text)
                    != sent[c.message.message]]
        assert unpaired == []
        assert (process.memory_info().rss - before) / 2**20 < MEMORY_GROWTH_MB
    finally:
        await session.close()


async def _post_all(url: str) -> list[tuple[int, tuple[str, object]] | BaseException]:
    """POSTS requests, IN_FLIGHT at a time: (status, (request id, body sent)) each, or what went wrong."""
    slots = asyncio.Semaphore(IN_FLIGHT)
    timeout = aiohttp.ClientTimeout(total=ANSWER_S)
    async with aiohttp.ClientSession(timeout=timeout,
                                     connector=aiohttp.TCPConnector(limit=IN_FLIGHT)) as client:
        async def post(number: int) -> tuple[int, tuple[str, object]]:
            body = {"order": number, "items": ["tea"]}
            async with slots, client.post(url, json=body) as response:
                answer = await response.json(content_type=None)
                return response.status, (str(answer.get("requestId", "")), body)

        return await asyncio.gather(*(post(number) for number in range(POSTS)), return_exceptions=True)
