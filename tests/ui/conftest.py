"""UI tests run offscreen on a qasync loop; a test that leaves a visible top-level window fails."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Callable, Coroutine, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

import pytest
import qasync
from PySide6.QtWidgets import QApplication

from lambdadesk.core.events import EventSink, LogLine, PullProgress, ServiceState, ServiceStatus, StateChanged
from lambdadesk.core.profile import Profile
from lambdadesk.environment.down_report import DownReport
from lambdadesk.environment.reset import ResetReport
from lambdadesk.logs.log_stream import LineQueue


class Runner(Protocol):
    def __call__(self, coroutine: Coroutine[Any, Any, Any]) -> Any: ...


@pytest.fixture(autouse=True)
def run(qt_loop: qasync.QEventLoop) -> Runner:
    """Every UI test has the qasync loop; `run(coroutine)` runs one to completion, Qt events included."""
    return qt_loop.run_until_complete  # type: ignore[no-any-return]


async def until(condition: Callable[[], bool], timeout_s: float = 3) -> None:
    """Wait, with the loop running, until `condition` holds."""
    deadline = asyncio.get_running_loop().time() + timeout_s
    while not condition():
        assert asyncio.get_running_loop().time() < deadline, "condition not met in time"
        await asyncio.sleep(0.01)


@pytest.fixture(autouse=True)
def no_leaked_windows(qapp: QApplication) -> Iterator[None]:
    yield
    leaked = [w for w in qapp.topLevelWidgets() if w.isVisible()]
    for widget in leaked:
        widget.close()
    assert not leaked, f"the test left windows open: {[type(w).__name__ for w in leaked]}"


class FakeEnvironment:
    """Stands in for the session's environment side: reports events as a real start would, records what was
    asked, and saves the profile on a DEBUG change as the real session does."""

    def __init__(self, on_event: EventSink, fail_with: Exception | None = None, profile: Profile | None = None) -> None:
        self.profile = profile or Profile(name="uitest")
        self.closed = False
        self.on_event = on_event
        self.fail_with = fail_with
        self.calls: list[str] = []
        self.rows = {s: ServiceState.ABSENT for s in ("redis", "emulator")}
        self.gate = asyncio.Event()
        self.gate.set()
        self.watchers: list[Callable[[str, str], None]] = []
        self.started_at = datetime.now(UTC) - timedelta(minutes=5)  # what a running container says

    async def up(self) -> list[str]:
        self.calls.append("up")
        await self.gate.wait()
        if self.fail_with is not None:
            raise self.fail_with
        self.on_event(StateChanged("redis", ServiceState.PULLING))
        self.on_event(PullProgress("redis", "redis:7", "layer1", "Downloading", 50, 100))
        self.on_event(PullProgress("redis", "redis:7", "layer2", "Downloading", 0, 100))
        started = [service for service, state in self.rows.items() if state is not ServiceState.READY]
        for service in started:
            self.on_event(StateChanged(service, ServiceState.STARTING))
            self.rows[service] = ServiceState.READY
        return started

    async def down(self, remove_volumes: bool = False) -> DownReport:
        self.calls.append("down")
        running = [service for service, state in self.rows.items() if state is not ServiceState.ABSENT]
        self.rows = dict.fromkeys(self.rows, ServiceState.ABSENT)
        return DownReport(sorted(f"lambdadesk-uitest-{service}" for service in running), networks=["lambdadesk-uitest"])

    async def reset(self, full: bool = False) -> ResetReport:
        self.calls.append(f"reset(full={full})")
        await self.gate.wait()
        return ResetReport("full" if full else "fast", ["LocalStack: state reset in place", "Redis: FLUSHALL"], 0.4)

    async def set_debug(self, enabled: bool) -> None:
        self.calls.append(f"set_debug({enabled})")
        self.profile = self.profile.replace(debug=enabled)

    async def watch(self, on_change: Callable[[str, str], None]) -> None:
        self.watchers.append(on_change)

    def changed_elsewhere(self, service: str, state: ServiceState) -> None:
        """As another process would: the container changes, and Docker's event arrives on the watch's thread."""
        self.rows[service] = state
        for watcher in self.watchers:
            thread = threading.Thread(target=watcher, args=(service, state.value))
            thread.start()
            thread.join()

    async def close(self) -> None:
        self.closed = True

    async def status(self) -> list[ServiceStatus]:
        ports = {"redis": {"6379/tcp": "127.0.0.1:6379"}, "emulator": {"4566/tcp": "127.0.0.1:4566"}}
        images = {"redis": "redis:7", "emulator": "localstack/localstack:4.14"}
        ready = [s for s, state in self.rows.items() if state is ServiceState.READY]
        return [ServiceStatus(s, f"lambdadesk-test-{s}", state, images[s], ports=ports[s] if s in ready else {},
                              started_at=self.started_at if s in ready else None) for s, state in self.rows.items()]

    async def last_log_lines(self) -> dict[str, str]:
        return {f"lambdadesk-test-{s}": f"{s}: the last line" for s, state in self.rows.items()
                if state is not ServiceState.ABSENT}


@pytest.fixture
def profile() -> Profile:
    return Profile(name="uitest")


class FakeLogSource:
    """Stands in for a LogHub, through the hub's own queue: hands on the lines a test feeds it, a batch per feed,
    and records being closed."""

    def __init__(self) -> None:
        self.queue = LineQueue()
        self.closed = False

    async def start(self) -> None:
        return None

    async def batches(self) -> AsyncIterator[list[LogLine]]:
        async for batch in self.queue.batches():
            yield batch

    def close(self) -> None:
        self.closed = True

    def feed(self, source: str, *texts: str) -> None:
        self.queue.put_batch([LogLine(source, "2026-11-22T10:00:00.123456Z", text) for text in texts])

    def end(self, source: str) -> None:
        """As the hub says a container stopped."""
        self.queue.put(LogLine(source, "2026-11-22T10:00:01.000000Z", "[the container stopped]", ended=True))
