"""The emulator's services are first called one at a time (two loading at once can break one for good inside
LocalStack), and a service LocalStack failed to load is said at once, with what mends it. Real HTTP servers on
127.0.0.1 stand in for the emulator's endpoints."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from lambdadesk.adapters.readiness_probe import ServiceBrokenError, probe
from lambdadesk.core.profile import Profile, Topology
from lambdadesk.core.readiness import Readiness, ReadinessKind
from lambdadesk.environment.emulator_warmup import BackgroundWarmUp, abandon_warm_ups, warm_up


class _Emulator(ThreadingHTTPServer):
    def __init__(self, health: dict[str, str]) -> None:
        self.health = health
        self.in_flight = 0
        self.most_at_once = 0
        self.paths: list[str] = []
        self.lock = threading.Lock()
        super().__init__(("127.0.0.1", 0), _Handler)


class _Handler(BaseHTTPRequestHandler):
    server: _Emulator

    def _answer(self) -> None:
        with self.server.lock:
            self.server.in_flight += 1
            self.server.most_at_once = max(self.server.most_at_once, self.server.in_flight)
            self.server.paths.append(self.path)
        try:
            if self.path.startswith("/_localstack/health"):
                body = json.dumps({"services": self.server.health}).encode()
            else:
                time.sleep(0.2)  # a service loading
                body = b"{}"
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        finally:
            with self.server.lock:
                self.server.in_flight -= 1

    do_GET = do_POST = _answer  # noqa: N815 - http.server's names

    def log_message(self, *_: object) -> None:
        return None


@pytest.fixture
def emulator() -> Iterator[_Emulator]:
    server = _Emulator({"lambda": "running", "apigateway": "error", "sns": "available"})
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


def test_the_services_are_first_called_one_at_a_time(emulator: _Emulator) -> None:
    profile = Profile(name="warm", topology=Topology.HOST, emulator_port=emulator.server_address[1])
    assert warm_up(profile) == ["lambda", "apigateway", "sns"]
    assert emulator.most_at_once == 1 and len(emulator.paths) >= 3


async def test_the_background_warm_up_calls_only_once_the_emulator_is_ready_and_never_when_abandoned(
        emulator: _Emulator) -> None:
    profile = Profile(name="warm", topology=Topology.HOST, emulator_port=emulator.server_address[1])
    waiting = BackgroundWarmUp(profile)
    abandoned = BackgroundWarmUp(profile)
    abandoned.abandon()
    await asyncio.wait_for(abandoned.wait(), 5)  # ended, its clients made: the first one's too, by then
    assert emulator.paths == []  # neither called: one not told to begin, one abandoned
    waiting.begin()
    await asyncio.wait_for(waiting.wait(), 5)
    assert [path.split("?")[0] for path in emulator.paths] == ["/2015-03-31/functions", "/restapis", "/"]


async def test_stopping_an_environment_abandons_its_warm_ups_whoever_started_them(emulator: _Emulator) -> None:
    """A pool member is brought up by one session and stopped by another: the stop still ends the first one's
    warm-up (its calls would fail against removed containers, as warnings). Another environment's goes on."""
    port = emulator.server_address[1]
    mine = [BackgroundWarmUp(Profile(name="member-1", topology=Topology.HOST, emulator_port=port)) for _ in range(2)]
    other = BackgroundWarmUp(Profile(name="member-2", topology=Topology.HOST, emulator_port=port))
    abandon_warm_ups("member-1")
    for warm in mine:
        await asyncio.wait_for(warm.wait(), 5)
    assert emulator.paths == []
    other.begin()
    await asyncio.wait_for(other.wait(), 5)
    assert len(emulator.paths) == 3
    abandon_warm_ups("member-1")  # none left of it: nothing happens


async def test_a_service_the_emulator_failed_to_load_is_said_at_once(emulator: _Emulator) -> None:
    readiness = Readiness(ReadinessKind.LOCALSTACK, "127.0.0.1", emulator.server_address[1],
                          ("lambda", "apigateway", "sns"))
    with pytest.raises(ServiceBrokenError, match="could not load apigateway") as raised:
        await probe(readiness)
    assert "Stop, then Start" in raised.value.next_step
    emulator.health["apigateway"] = "running"  # a service still loading is only not ready yet
    emulator.health["sns"] = "initialized"
    assert await probe(readiness) == (False, "services not available yet: sns")


def test_a_warm_up_stopped_midway_calls_nothing_more(emulator: _Emulator) -> None:
    profile = Profile(name="warm", topology=Topology.HOST, emulator_port=emulator.server_address[1])
    assert warm_up(profile, stopped=lambda: len(emulator.paths) >= 1) == ["lambda"]
    assert len(emulator.paths) == 1
