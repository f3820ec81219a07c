"""The reliability suite: bad input, faults, ownership, security and durability against the real engine. Each test
says what it tries through the `tried` fixture; the run ends with a summary of every row and whether it held."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine, Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from lambdadesk.adapters.docker.docker_connection import DockerConnection
from lambdadesk.adapters.host.free_ports import free_ports
from lambdadesk.core.profile import Profile
from lambdadesk.environment.service import EnvironmentService
from tests.engine import (
    docker_connection,
    events,
    foreign_objects,
    orchestrator,
    remove_everything,
    shipped_profile_data,
    testbed_profile,
)

__all__ = ["docker_connection", "events", "foreign_objects", "orchestrator", "testbed_profile"]


@dataclass
class Row:
    area: str
    what: str
    test: str


ROWS: list[Row] = []
OUTCOMES: dict[str, str] = {}

Tried = Callable[[str, str], None]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/reliability/" in str(item.path):
            item.add_marker(pytest.mark.integration)


def run_apart(coroutine: Coroutine[Any, Any, object]) -> None:
    """Run on a loop of its own, leaving the thread's current loop (a test's qasync loop) alone."""
    loop = asyncio.new_event_loop()
    try:
        loop.run_until_complete(coroutine)
    finally:
        loop.close()


@pytest.fixture(scope="session")
def reliability_profile(docker_connection: DockerConnection) -> Iterator[Profile]:
    """One environment (profile "rtest") for the whole suite, removed at its end; on free ports, so that it never
    holds the ports of the tests that run after it in the same session (the integration tests' profiles)."""
    emulator_port, redis_port, dind_port = free_ports(3)
    profile = Profile.from_dict(shipped_profile_data(name="rtest")).replace(
        emulator_port=emulator_port, redis_port=redis_port, dind_port=dind_port)
    run_apart(remove_everything(docker_connection.client, profile.name))
    yield profile
    run_apart(remove_everything(docker_connection.client, profile.name))


@pytest.fixture
def running(reliability_profile: Profile, docker_connection: DockerConnection) -> Profile:
    """The suite's environment, up (a test that broke or removed it left it for this to bring back)."""
    run_apart(EnvironmentService(reliability_profile, docker_connection, None, lambda _: None).up())
    return reliability_profile


@pytest.fixture
def tried(request: pytest.FixtureRequest) -> Tried:
    """tried(area, what): one row of the summary, held if the test passes (once, however often it is said)."""
    def record(area: str, what: str) -> None:
        row = Row(area, what, request.node.nodeid)
        if row not in ROWS:
            ROWS.append(row)

    return record


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.failed:
        OUTCOMES[report.nodeid] = "BROKEN"
    elif report.skipped and report.nodeid not in OUTCOMES:
        OUTCOMES[report.nodeid] = "not run"
    elif report.when == "call":
        OUTCOMES.setdefault(report.nodeid, "held")


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    said = {row.test for row in ROWS}
    for test, outcome in OUTCOMES.items():  # a test that broke before saying what it tries still counts
        if outcome == "BROKEN" and test not in said and "tests/reliability/" in test:
            ROWS.append(Row("?", f"{test} (broke before saying what it tries)", test))
    if not ROWS:
        return
    terminalreporter.section("reliability: what was tried")
    width = max(len(row.area) for row in ROWS)
    for row in ROWS:
        outcome = OUTCOMES.get(row.test, "not finished")
        terminalreporter.write_line(f"{outcome:<8} {row.area:<{width}}  {row.what}")
    held = sum(OUTCOMES.get(row.test) == "held" for row in ROWS)
    terminalreporter.write_line(f"{held} of {len(ROWS)} rows held")
