"""Load, on 127.0.0.1: many POSTs through API Gateway at once while the capture endpoint runs, as `lambdadesk
capture` runs it. Every request is answered, every message is captured once, each beside its Redis value, and the
process's memory stays bounded; the window's Capture panel, fed the same pairs on the Qt loop, lists every one.
Bounded in count and time so it fits the suite."""

from __future__ import annotations

import asyncio
import contextlib
import json
from pathlib import Path

import aiohttp
import psutil
import qasync
from pytestqt.qtbot import QtBot

from lambdadesk.adapters.docker.docker_connection import DockerConnection
from lambdadesk.adapters.store.request_store import RequestStore
from lambdadesk.capture.pairing import CapturedMessage, pair_notifications
from lambdadesk.core.profile import Profile
from lambdadesk.flows.sample_flows import run_seed_sample
from lambdadesk.session import Session
from lambdadesk.ui.capture.panel import CapturePanel
from lambdadesk.ui.capture.view_model import CaptureViewModel
from tests.reliability.conftest import Tried
from tests.ui.conftest import until

POSTS = 400
IN_FLIGHT = 8  # LocalStack cold-starts a container per concurrent call; more at once can hang it (localstack#13195)
ANSWER_S = 60
MEMORY_GROWTH_MB = 150  # the endpoint, the pairing and what the test itself keeps, for POSTS messages


def test_posts_at_once_are_all_answered_captured_once_and_paired(
        running: Profile, docker_connection: DockerConnection, tmp_path: Path, tried: Tried, qtbot: QtBot,
        qt_loop: qasync.QEventLoop) -> None:
    tried("load", f"{POSTS} POSTs through API Gateway, {IN_FLIGHT} in flight, while the capture endpoint runs: "
                  "every one answered, every SNS message captured once and shown beside its Redis value, "
                  f"memory growth under {MEMORY_GROWTH_MB} MB; the window's Capture panel lists every one")

    async def no_session() -> object:
        raise AssertionError("the panel is fed the pairs; it opens no session of its own")

    panel = CapturePanel(CaptureViewModel(no_session))  # type: ignore[arg-type]
    qtbot.addWidget(panel)
    panel.show()
    qt_loop.run_until_complete(_load(running, docker_connection, tmp_path, panel))


async def _load(running: Profile, docker_connection: DockerConnection, tmp_path: Path, panel: CapturePanel) -> None:
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
            panel.vm.captured.emit(pair)
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
        answered = [answer for answer in answers if not isinstance(answer, BaseException)]
        assert [status for status, _ in answered] == [200] * POSTS, {status for status, _ in answered}
        sent = {request_id: body for _, (request_id, body) in answered}
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
        await until(lambda: panel.model.rowCount() == len(captured), 5)
        listed = {panel.cell(row, 2): panel.cell(row, 3) for row in range(panel.model.rowCount())}
        assert sorted(listed) == sorted(sent)
        assert all(value.startswith(f"{request_id} = ") for request_id, value in listed.items())
        assert panel.count.text() == f"{POSTS} messages"
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
