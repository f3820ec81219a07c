"""The reliability suite: bad input, faults, ownership, security and durability against the real engine. Each test
says what it tries through the `tried` fixture; the run ends with a summary of every row and whether it held."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest

from lambdadesk.core.profile import Profile
from lambdadesk.services.docker_connection import DockerConnection
from lambdadesk.services.orchestrator import Orchestrator
from tests.engine import (
    TESTBED_PROFILE,
    docker_connection,
    events,
    foreign_objects,
    orchestrator,
    remove_everything,
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


@pytest.fixture(scope="session")
def running(docker_connection: DockerConnection) -> Iterator[Profile]:
    """One environment (profile "rtest") for the whole suite; a test that breaks it brings it back with up()."""
    profile = Profile.from_dict({**json.loads(TESTBED_PROFILE.read_text()), "name": "rtest"})
    asyncio.run(remove_everything(docker_connection.client, profile.name))
    asyncio.run(Orchestrator(profile, docker_connection, None, lambda _: None).up())
    yield profile
    asyncio.run(remove_everything(docker_connection.client, profile.name))


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
    if not ROWS:
        return
    terminalreporter.section("reliability: what was tried")
    width = max(len(row.area) for row in ROWS)
    for row in ROWS:
        outcome = OUTCOMES.get(row.test, "not finished")
        terminalreporter.write_line(f"{outcome:<8} {row.area:<{width}}  {row.what}")
    held = sum(OUTCOMES.get(row.test) == "held" for row in ROWS)
    terminalreporter.write_line(f"{held} of {len(ROWS)} rows held")
