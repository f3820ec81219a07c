"""Faults in the middle of the seed flow, driven through the window's view-models on the real engine: the emulator
killed, Redis killed, the Docker daemon stopped and started again, a port taken at start. Each is reported in
words, and Start brings the environment back without restarting the app, with no captured message or history lost."""

from __future__ import annotations

import asyncio
import gc
import json
import socket
import subprocess
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path

import pytest
import qasync

from lambdadesk.adapters.docker import owned_objects
from lambdadesk.core.events import ServiceState
from lambdadesk.core.http_request import HttpResponse
from lambdadesk.core.profile import Profile
from lambdadesk.environment.service import EnvironmentService
from lambdadesk.ui.app import RealServices
from lambdadesk.ui.capture.panel import DEFAULT_TOPIC
from lambdadesk.ui.capture.view_model import CapturedMessage
from lambdadesk.ui.requests.view_model import RequestForm
from lambdadesk.ui.view_models import ViewModels
from tests.reliability.conftest import Tried
from tests.ui.conftest import until

TESTBED = Path(__file__).parents[2] / "testbed"


class Seen:
    """What the view-models showed the user."""

    def __init__(self, view_models: ViewModels) -> None:
        self.errors: list[str] = []
        self.notices: list[str] = []
        self.responses: list[HttpResponse] = []
        self.captured: list[CapturedMessage] = []
        self.subscribed = 0
        for model in (view_models.environment, view_models.deploy, view_models.requests, view_models.capture):
            model.error_raised.connect(lambda message, step: self.errors.append(f"{message} / {step}"))
        view_models.environment.notice_received.connect(self.notices.append)
        view_models.requests.response_received.connect(self.responses.append)
        view_models.capture.captured.connect(self.captured.append)
        view_models.capture.subscribed.connect(lambda *_: setattr(self, "subscribed", self.subscribed + 1))


Scenario = Callable[[ViewModels, Seen, RealServices], Awaitable[None]]


@pytest.fixture
def app(qt_loop: qasync.QEventLoop) -> Iterator[Callable[[Profile, Scenario], None]]:
    """Runs a scenario against the app's view-models and real services under the qasync loop, as the app runs."""
    loop = qt_loop

    def play(profile: Profile, scenario: Scenario) -> None:
        services = RealServices()
        view_models = ViewModels.build(profile, services)
        seen = Seen(view_models)

        async def scenario_then_close() -> None:
            try:
                await scenario(view_models, seen, services)
            finally:
                await view_models.logs.stop()
                await services.close()
                await asyncio.sleep(0.2)

        loop.run_until_complete(scenario_then_close())

    try:
        yield play
    finally:
        gc.collect()  # whatever the scenario left unclosed is reported in this test, not in a later one


async def send_and_capture(view_models: ViewModels, seen: Seen, number: int) -> CapturedMessage:
    """POST {"n": number} through the wired sample; returns its SNS message, with the Redis value beside it."""
    await view_models.requests.send(RequestForm("POST", "seed", "/", body=json.dumps({"n": number}),
                                                body_is_json=True))
    assert seen.responses and seen.responses[-1].status == 200, (seen.errors, seen.responses[-1:])
    request_id = json.loads(seen.responses[-1].body)["requestId"]
    await until(lambda: any(c.message.message == request_id for c in seen.captured), 60)
    return next(c for c in seen.captured if c.message.message == request_id)


async def kill(services: RealServices, profile: Profile, service: str) -> None:
    assert services.connection is not None
    for container in owned_objects.containers(services.connection.client, profile.name, service):
        await asyncio.to_thread(container.kill)


def test_killed_emulator_redis_and_docker_daemon_are_reported_and_recovered(
        app: Callable[[Profile, Scenario], None], running: Profile, tried: Tried) -> None:
    tried("faults", "emulator container killed mid-flow: a send says the emulator does not answer; Start restarts "
                    "it, re-applies the function and API, subscribes the capture again; the flow works again")
    tried("faults", "Redis killed: the key browser says Redis does not answer; Start brings it back")
    tried("faults", "Docker daemon stopped and started again: the window says Docker is not reachable; Start "
                    "brings every service back")
    tried("faults", "after all three: no captured message, history entry or saved request lost")

    async def scenario(view_models: ViewModels, seen: Seen, services: RealServices) -> None:
        environment, requests = view_models.environment, view_models.requests
        await environment.start()
        await view_models.capture.subscribe(DEFAULT_TOPIC)
        assert await view_models.deploy.deploy(await view_models.deploy.use_sample()), seen.errors
        await requests.save("faults", RequestForm("POST", "seed", "/", body='{"saved": true}', body_is_json=True))
        first = await send_and_capture(view_models, seen, 1)
        assert first.redis is not None and json.loads(first.redis.text) == {"n": 1}

        await kill(services, running, "emulator")
        await requests.send(RequestForm("GET", "seed"))
        assert "the emulator does not answer" in seen.errors[-1]
        await environment.refresh()
        assert environment.states["emulator"] is not ServiceState.READY
        subscribed = seen.subscribed
        await environment.start()
        assert any("Re-applied what was deployed:" in n and "function seed" in n for n in seen.notices)
        await until(lambda: seen.subscribed > subscribed, 60)
        await send_and_capture(view_models, seen, 2)

        await kill(services, running, "redis")
        errors = len(seen.errors)
        await view_models.capture.scan("*")
        assert len(seen.errors) == errors + 1 and "Redis does not answer" in seen.errors[-1]
        await environment.start()
        third = await send_and_capture(view_models, seen, 3)
        assert third.redis is not None and json.loads(third.redis.text) == {"n": 3}

        await asyncio.to_thread(subprocess.run, ["bash", str(TESTBED / "dockerd.sh"), "stop"], check=True)
        try:
            errors = len(seen.errors)
            await environment.refresh()
            assert len(seen.errors) == errors + 1 and "Docker is not reachable" in seen.errors[-1]
        finally:
            await asyncio.to_thread(subprocess.run, ["bash", str(TESTBED / "dockerd.sh"), "start"], check=True)
        subscribed = seen.subscribed
        await environment.start()
        assert {s: environment.states[s] for s in ("redis", "emulator")} == dict.fromkeys(
            ("redis", "emulator"), ServiceState.READY), seen.errors
        await until(lambda: seen.subscribed > subscribed, 60)
        await send_and_capture(view_models, seen, 4)

        bodies = [c.message.message for c in seen.captured]
        assert len(bodies) == 4 and len(set(bodies)) == 4
        assert [m.message for m in (await view_models.environment.session()).capture.messages
                if m.message_type == "Notification"] == bodies  # the capture endpoint kept them all, in order
        history = requests.store.history()
        assert [json.loads(h["request"]["body"]) for h in history if h["request"]["method"] == "POST"] == [
            {"n": 4}, {"n": 3}, {"n": 2}, {"n": 1}]
        assert requests.store.saved_names() == ["faults"]

    app(running, scenario)


def test_a_port_taken_at_start_is_named_and_start_works_once_it_is_free(
        app: Callable[[Profile, Scenario], None], running: Profile, tried: Tried) -> None:
    tried("faults", "a port the environment needs is taken at start: the holder is named, nothing starts; once "
                    "it is free, Start works in the same window")
    profile = running.replace(name="rport", emulator_port=24566, redis_port=26379)

    async def scenario(view_models: ViewModels, seen: Seen, services: RealServices) -> None:
        environment = view_models.environment
        holder = socket.socket()
        holder.bind(("127.0.0.1", profile.redis_port))
        holder.listen()
        try:
            await environment.start()
            assert "Port 26379 (needed by redis) is already in use by" in seen.errors[-1]
            assert environment.states.get("emulator", ServiceState.ABSENT) is ServiceState.ABSENT
        finally:
            holder.close()
        await environment.start()
        assert environment.states["redis"] is ServiceState.READY, seen.errors
        assert environment.states["emulator"] is ServiceState.READY, seen.errors
        assert services.connection is not None
        await EnvironmentService(profile, services.connection).down()

    app(profile, scenario)
