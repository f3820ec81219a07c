"""lambdadesk's pytest plugin (entry point `pytest11`), which `lambdadesk flow export --to pytest` modules use:
the `lambdadesk_flow` fixture brings the profile's environment up once per test session, the way testcontainers
does, and runs a flow file on it; the test asserts the report. Options: `--lambdadesk-profile NAME|PATH` (default
$LAMBDADESK_PROFILE, else "default"), `--lambdadesk-down` to stop the environment when the session ends (it is
left running otherwise, so the next run starts at once). Nothing is imported from Docker or AWS until a test
asks for the fixture."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from lambdadesk.flows.flow_result import FlowReport

RunFlow = Callable[..., "FlowReport"]


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("lambdadesk")
    group.addoption("--lambdadesk-profile", default=os.environ.get("LAMBDADESK_PROFILE", "default"),
                    help="the lambdadesk profile (name or .json path) whose environment flows run on")
    group.addoption("--lambdadesk-down", action="store_true",
                    help="stop the lambdadesk environment when the test session ends")


class _Environment:
    """One event loop, one Docker connection and one session for the whole test session."""

    def __init__(self, profile_name: str) -> None:
        from lambdadesk.adapters.docker.docker_connection import connect
        from lambdadesk.adapters.store import profile_store, secrets
        from lambdadesk.session import Session

        self.loop = asyncio.new_event_loop()
        profile = profile_store.load_profile(profile_name)
        self.connection = connect() if profile.attached is None else None  # attached: no engine needed
        self.session = Session(profile, self.connection, secrets.auth_token())
        self._up = False

    def run(self, file: Path | str, variables: dict[str, str] | None = None) -> FlowReport:
        from lambdadesk.flows.flow_parser import read_flow
        from lambdadesk.flows.flow_runner import FlowRunner

        flow = read_flow(Path(file), variables)  # a bad file raises FlowFileError, naming its line
        if not self._up:
            self.loop.run_until_complete(self.session.up())
            self._up = True
        return self.loop.run_until_complete(FlowRunner(self.session, flow).run())

    def close(self, down: bool) -> None:
        try:
            if down and self.session.profile.attached is None:  # an attached environment is not lambdadesk's to stop
                self.loop.run_until_complete(self.session.down())
            self.loop.run_until_complete(self.session.close())
        finally:
            if self.connection is not None:
                self.connection.close()
            self.loop.close()


@pytest.fixture(scope="session")
def _lambdadesk_environment(request: pytest.FixtureRequest) -> Iterator[_Environment]:
    environment = _Environment(str(request.config.getoption("--lambdadesk-profile")))
    try:
        yield environment
    finally:
        environment.close(bool(request.config.getoption("--lambdadesk-down")))


@pytest.fixture
def lambdadesk_flow(_lambdadesk_environment: _Environment) -> RunFlow:
    """`lambdadesk_flow(path, variables=None)` runs the flow file and returns its report (`report.ok`,
    `failure_text(report)` for the assert message)."""
    return _lambdadesk_environment.run


def failure_text(report: FlowReport) -> str:
    """The failed step with expected beside got, for an assert message."""
    failed = report.failed
    if failed is None:
        return "every step passed"
    lines = [f"step {failed.name!r} failed: {failed.detail}"]
    lines += [f"  {m.path or 'result'}: expected {m.expected}, got {m.got}" for m in failed.mismatches]
    if failed.log:
        lines.append("Lambda log:\n" + failed.log.rstrip())
    return "\n".join(lines)
