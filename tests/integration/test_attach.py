"""Attach: a profile pointing at an emulator and a Redis started outside lambdadesk (a MiniStack container run
here with the Docker SDK and no lambdadesk label, a redis-server process). lambdadesk deploys, sends, captures and
reads Redis there, and refuses to stop, reset or restart any of it; the emulator's container is left as it was."""

from __future__ import annotations

import asyncio
import json
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import docker
import pytest

from lambdadesk.adapters.docker.docker_connection import DockerConnection
from lambdadesk.adapters.store.request_store import RequestStore
from lambdadesk.core import labels
from lambdadesk.core.attach import AttachedError
from lambdadesk.core.events import Notice, ServiceState
from lambdadesk.core.profile import Profile
from lambdadesk.flows.flow_result import StepResult
from lambdadesk.flows.sample_flows import run_seed_sample, sample_flow
from lambdadesk.logs.log_hub import profile_log_hub
from lambdadesk.session import Session
from tests.engine import IMAGE_PREFIX, EventLog
from tests.integration.cli_run import lambdadesk
from tests.local_redis import local_redis

__all__ = ["local_redis"]

MINISTACK_IMAGE = f"{IMAGE_PREFIX}/ministack:1.5.33"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def outside_emulator(docker_connection: DockerConnection) -> Iterator[tuple[str, str]]:
    """A MiniStack container started the way a user would (no lambdadesk label), on the host's loopback: its
    address and its container id."""
    port = _free_port()
    container = docker_connection.client.containers.run(
        MINISTACK_IMAGE, name=f"outside-ministack-{port}", detach=True, network_mode="host",
        environment={"GATEWAY_PORT": str(port), "BIND_HOST": "127.0.0.1", "LAMBDA_EXECUTOR": "local"})
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
    yield url, str(container.id)
    container.remove(force=True)


def attach_profile(url: str, redis_port: int) -> Profile:
    return Profile.from_dict({"name": "itest-attach", "emulator": "ministack", "start_timeout_s": 3.0,
                              "attach": {"emulator_url": url, "redis_url": f"redis://127.0.0.1:{redis_port}"}})


def _still_running(client: docker.DockerClient, container_id: str) -> bool:
    container = client.containers.get(container_id)
    return container.status == "running" and not labels.is_owned(container.labels, "itest-attach")


@pytest.mark.proves("attach to an emulator started outside lambdadesk", emulator="MiniStack 1.5.33")
async def test_attached_session_runs_the_seed_flow_without_an_engine_and_touches_nothing(
        outside_emulator: tuple[str, str], local_redis: int, docker_connection: DockerConnection,
        tmp_path: Path) -> None:
    url, container_id = outside_emulator
    events = EventLog()
    session = Session(attach_profile(url, local_redis), None, None, events, RequestStore(tmp_path / "requests"))
    try:
        assert await session.up() == []
        said = [event.text for event in events if isinstance(event, Notice)]
        assert any(text.startswith(f"Connected to {url} and redis://127.0.0.1:{local_redis}") for text in said)
        assert [(row.service, row.state) for row in await session.status()] == [
            ("emulator", ServiceState.READY), ("redis", ServiceState.READY)]

        seen: list[StepResult] = []
        report = await run_seed_sample(session, "python3.11", seen.append)
        assert report.ok, [(s.name, s.detail) for s in report.steps if not s.ok]
        stored = report.steps[-1]
        assert stored.received["json"] == {"hello": "lambdadesk", "order": 1001, "paid": True}

        names = [listing.service for listing in await session.resources(("lambda",))]
        assert names == ["lambda"]
        hub = await profile_log_hub(session.profile, None, follow=False, tail="all")  # the functions' own logs
        await hub.start()
        lines = [line.text async for line in hub.lines()]
        await asyncio.to_thread(hub.close)
        assert any("stored the body under" in line for line in lines)

        for refused in (session.down(), session.reset(), session.reset(full=True), session.set_debug(True)):
            with pytest.raises(AttachedError, match=f"attached to {url}.*lambdadesk did not start"):
                await refused
        assert _still_running(docker_connection.client, container_id)
        owned = docker_connection.client.containers.list(all=True, filters={"label": labels.MANAGED + "=true"})
        assert [c.name for c in owned if "itest-attach" in c.name] == []
    finally:
        await session.close()


def test_cli_attaches_says_so_and_refuses_to_stop_or_reset(outside_emulator: tuple[str, str], local_redis: int,
                                                            docker_connection: DockerConnection,
                                                            tmp_path: Path) -> None:
    url, container_id = outside_emulator
    path = tmp_path / "attached.json"
    path.write_text(json.dumps(attach_profile(url, local_redis).to_dict()))
    env = {"DOCKER_HOST": "unix:///nonexistent/docker.sock"}  # no engine is needed to attach

    up = lambdadesk("--profile", str(path), "up", env=env)
    assert up.returncode == 0, up.stderr
    assert f"attached: {url}" in up.stdout and "ready" in up.stdout
    assert "Engine:" not in up.stdout
    for command in (["down"], ["reset"], ["debug", "on"]):
        refused = lambdadesk("--profile", str(path), *command, env=env)
        assert refused.returncode == 1
        assert f"This profile is attached to {url}" in refused.stderr and "Next step:" in refused.stderr
    assert _still_running(docker_connection.client, container_id)

    docker_connection.client.containers.get(container_id).stop(timeout=1)
    gone = lambdadesk("--profile", str(path), "up", env=env)
    assert gone.returncode == 1
    assert f"emulator at {url}" in gone.stderr and "does not answer" in gone.stderr
    status = lambdadesk("--profile", str(path), "status", env=env)
    assert status.returncode == 4 and "absent" in status.stdout


def test_flow_run_attaches_for_one_command_with_emulator_url_and_redis_url(outside_emulator: tuple[str, str],
                                                                            local_redis: int, tmp_path: Path) -> None:
    """The external-services run mode (a CI job whose emulator and Redis are services of their own): a profile
    that does not attach, attached for this command only by --emulator-url and --redis-url, runs the seed flow."""
    url, _container_id = outside_emulator
    path = tmp_path / "plain.json"
    path.write_text(json.dumps({"name": "itest-attach", "emulator": "ministack"}))
    file, variables = sample_flow("python3.11")
    env = {"DOCKER_HOST": "unix:///nonexistent/docker.sock"}
    run = lambdadesk("--profile", str(path), "--emulator-url", url, "--redis-url", f"redis://127.0.0.1:{local_redis}",
                     "flow", "run", str(file), *[f"--var={k}={v}" for k, v in variables.items()],
                     "--junit", str(tmp_path / "junit.xml"), env=env)
    assert run.returncode == 0, run.stdout + run.stderr
    assert f"Connected to {url} and redis://127.0.0.1:{local_redis}" in run.stderr
    assert 'failures="0"' in (tmp_path / "junit.xml").read_text()
    assert json.loads(path.read_text()) == {"name": "itest-attach", "emulator": "ministack"}  # the file untouched

    wrong = lambdadesk("--profile", str(path), "--redis-url", "redis://127.0.0.1:1", "status", env=env)
    assert wrong.returncode == 1 and "attach needs emulator_url" in wrong.stderr
