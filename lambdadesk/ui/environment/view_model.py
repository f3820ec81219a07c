"""State of the environment for the window: one state per service, pull progress, notices and errors."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, Signal, Slot
from qasync import asyncSlot

from lambdadesk.core.errors import ReapplyError
from lambdadesk.core.events import Event, EventSink, Notice, PullProgress, ServiceState, ServiceStatus, StateChanged
from lambdadesk.core.profile import Profile
from lambdadesk.core.topology import EMULATOR
from lambdadesk.environment.shell_exports import shell_exports
from lambdadesk.ui.common.operation_vm import OperationViewModel

if TYPE_CHECKING:  # types only: the environment's Docker code loads with the session, not with the window
    from lambdadesk.environment.down_report import DownReport
    from lambdadesk.environment.reset import ResetReport

REREAD_AFTER_S = 0.3
RESET, RESTART = "reset", "restart"  # why the emulator's state is gone (emulator_replacing, emulator_replaced)


class Environment(Protocol):
    """What the view-model needs of lambdadesk.session.Session (a fake in panel tests)."""

    @property
    def profile(self) -> Profile: ...
    async def up(self) -> list[str]: ...
    async def down(self, remove_volumes: bool = False) -> DownReport: ...
    async def status(self) -> list[ServiceStatus]: ...
    async def reset(self, full: bool = False) -> ResetReport: ...
    async def set_debug(self, enabled: bool) -> None: ...
    async def watch(self, on_change: Callable[[str, str], None]) -> None: ...
    async def last_log_lines(self) -> dict[str, str]: ...
    async def close(self) -> None: ...


EnvironmentFactory = Callable[[Profile, EventSink], Awaitable[Environment]]


class EnvironmentViewModel(OperationViewModel):
    """The environment of the profile in use: its session (shared by every tab), its services' states, and
    Start / Stop / Reset / DEBUG as one operation at a time (the shared busy and error handling)."""

    service_changed = Signal(str, str, str)  # service, ServiceState value, detail
    pull_progressed = Signal(str, int)  # service, percent
    notice_received = Signal(str)
    # a reset or a restart of the emulator ("reset" or "restart"): what lived in it (subscriptions too) is gone;
    # a restart deployed again what was recorded. `replacing` comes as it begins, `replaced` once it is over.
    emulator_replacing = Signal(str)
    emulator_replaced = Signal(str)
    profile_changed = Signal(object)  # Profile: another one was chosen, or this one was edited
    rows_read = Signal(list)  # list[ServiceStatus]: the services as just read (container, image, since when)
    last_lines_read = Signal(dict)  # container name -> its last log line

    def __init__(self, profile: Profile, make_environment: EnvironmentFactory, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.profile = profile
        self._make_environment = make_environment
        self._environment: Environment | None = None
        self._action: asyncio.Future[object] | None = None
        self._layers: dict[tuple[str, str], tuple[int, int]] = {}
        self.states: dict[str, ServiceState] = {}
        self._rereading: asyncio.Future[None] | None = None
        self._last_change = 0.0

    def services(self) -> list[str]:
        attached = self.profile.attached
        if attached is not None:  # what it attaches to: no dind, and Redis only when named
            return (["redis"] if attached.redis else []) + ["emulator"]
        return (["dind"] if self.profile.dind else []) + ["redis", "emulator"]

    @property
    def running(self) -> bool:
        return any(state is not ServiceState.ABSENT for state in self.states.values())

    async def use_profile(self, profile: Profile) -> None:
        """Work on `profile` from now on (chosen or edited in the picker): the old session is closed."""
        self.profile = profile
        await self.close_session()
        self.states = {}
        self.profile_changed.emit(profile)

    def shell_exports(self) -> str:
        """Exactly what `lambdadesk env` prints."""
        return shell_exports(self.profile)

    async def session(self) -> Environment:
        """The session of the profile in use, made on first need and made anew whenever the profile changes (so
        every tab works on the profile as it is now). Deploy, Requests, Capture and Demo take it from here."""
        if self._environment is None:
            environment = await self._make_environment(self.profile, self._on_event)
            loop = asyncio.get_running_loop()

            def changed(service: str, what: str) -> None:  # in the watch's thread
                with contextlib.suppress(RuntimeError):  # the loop closed under a last event
                    loop.call_soon_threadsafe(self._changed_elsewhere, environment, service, what)

            await environment.watch(changed)
            self._environment = environment
        return self._environment

    async def close_session(self) -> None:
        """The session's watch, capture and Redis client end; a re-read of the states under way is dropped."""
        if self._rereading is not None:
            self._rereading.cancel()
            self._rereading = None
        if self._environment is not None:
            old, self._environment = self._environment, None
            await old.close()

    @asyncSlot()
    async def start_requested(self) -> None:
        await self.start()

    @asyncSlot()
    async def refresh_requested(self) -> None:
        if not self.busy:
            await self.refresh()

    @asyncSlot()
    async def stop_requested(self) -> None:
        await self.stop()

    @asyncSlot(bool)
    async def reset_requested(self, full: bool) -> None:
        await self.reset(full)

    @asyncSlot(bool)
    async def debug_requested(self, enabled: bool) -> None:
        await self.set_debug(enabled)

    async def set_debug(self, enabled: bool) -> None:
        """Restart the emulator with DEBUG on or off, then re-apply what was deployed (the restart lost it)."""
        async def restart(environment: Environment) -> None:
            self.emulator_replacing.emit(RESTART)
            try:
                await environment.set_debug(enabled)  # saved in the profile there, as `lambdadesk debug` saves it
            finally:
                self.profile = environment.profile
                self.emulator_replaced.emit(RESTART)
            self.notice_received.emit(f"The emulator restarted with DEBUG {'on' if enabled else 'off'}, and what "
                                      "was deployed is deployed again.")

        state = "on" if enabled else "off"
        await self._run(f"restart the emulator with DEBUG {state}", f"Restarting the emulator with DEBUG {state}",
                        restart)

    async def start(self) -> None:
        """Start what is not running; an emulator that (re)started gets back what was deployed in it."""
        async def start(environment: Environment) -> None:
            try:
                started = await environment.up()  # an emulator that (re)started gets back what was deployed
            except ReapplyError:
                self.emulator_replaced.emit(RESTART)
                raise
            if EMULATOR in started:
                self.emulator_replaced.emit(RESTART)

        await self._run("start the environment", "Starting the environment", start)

    async def stop(self) -> None:
        async def stop(environment: Environment) -> None:
            self.notice_received.emit((await environment.down()).summary())

        await self._run("stop the environment", "Stopping the environment", stop)

    async def reset(self, full: bool = False) -> None:
        async def reset(environment: Environment) -> None:
            self.emulator_replacing.emit(RESET)
            try:
                report = await environment.reset(full=full)
            finally:
                self.emulator_replaced.emit(RESET)
            self.notice_received.emit(report.summary())

        await self._run("reset the environment", "Resetting the environment", reset)

    async def refresh(self) -> None:
        await self._run("reach the environment", "Reading the environment's state", None)

    async def _run(self, what: str, doing: str, action: Callable[[Environment], Awaitable[object]] | None) -> None:
        """One operation at a time; its failure is shown next to the environment, never lost."""
        await self._operate(what, self._act_then_read(action), doing)

    async def _act_then_read(self, action: Callable[[Environment], Awaitable[object]] | None) -> None:
        environment = await self.session()
        if action is not None:
            self._action = asyncio.ensure_future(action(environment))
            try:
                await self._action
            except asyncio.CancelledError:
                if not self._action.cancelled():
                    raise  # the window itself is shutting down
                self.notice_received.emit("Stopped waiting. What had already started keeps running: Stop "
                                          "removes it, Start finishes it.")
            finally:
                self._action = None
        rows = await environment.status()
        for row in rows:
            self._set_state(row.service, row.state, row.detail or describe_running(row))
        await self._show_rows(environment, rows)

    async def _show_rows(self, environment: Environment, rows: list[ServiceStatus]) -> None:
        self.rows_read.emit(rows)
        if any(row.state is not ServiceState.ABSENT for row in rows):
            lines = await self._look("read the containers' last log lines", environment.last_log_lines())
            if lines is not None:
                self.last_lines_read.emit(lines)

    def cancel(self) -> None:
        """Cancel the start, stop or reset under way (a long image pull, a slow start); the states are still read."""
        if self._action is not None:
            self._action.cancel()

    @Slot()
    def cancel_requested(self) -> None:
        self.cancel()

    def _changed_elsewhere(self, environment: Environment, service: str, what: str) -> None:
        """A container of this environment changed. During this window's own operation that is the operation;
        otherwise someone else did it (a shell, another window, `docker rm`): read the states again, and say so
        when they differ from what the tab showed."""
        if self.busy or environment is not self._environment:
            return
        self._last_change = asyncio.get_running_loop().time()
        if self._rereading is None:
            self._rereading = asyncio.ensure_future(self._reread(environment))

    async def _reread(self, environment: Environment) -> None:
        try:
            loop = asyncio.get_running_loop()
            began = loop.time()  # one read once a burst of events (a whole `down`) is over, however long it is
            # a trailing debounce: each event pushes the read later (an Event would wake on the first one)
            while (quiet_in := self._last_change + REREAD_AFTER_S - loop.time()) > 0 and loop.time() - began < 5:  # noqa: ASYNC110
                await asyncio.sleep(quiet_in)
            if self.busy or environment is not self._environment:
                return
            rows = await self._look("read the environment's state", environment.status())
            if rows is None or self.busy or environment is not self._environment:
                return
            changed = [row for row in rows if self.states.get(row.service, ServiceState.ABSENT) is not row.state]
            for row in rows:
                self._set_state(row.service, row.state, row.detail or describe_running(row))
            await self._show_rows(environment, rows)
            if changed:
                said = ", ".join(f"{row.service} is {row.state.value}" for row in changed)
                self.notice_received.emit(f"Changed outside this window: {said}.")
        finally:
            self._rereading = None

    def _set_state(self, service: str, state: ServiceState, detail: str = "") -> None:
        self.states[service] = state
        self.service_changed.emit(service, state.value, detail)

    def _on_event(self, event: Event) -> None:
        if isinstance(event, StateChanged):
            if event.state is not ServiceState.PULLING:
                self._layers = {k: v for k, v in self._layers.items() if k[0] != event.service}
            self._set_state(event.service, event.state, event.detail)
        elif isinstance(event, PullProgress):
            self._layers[(event.service, event.layer)] = (event.current, event.total)
            done = sum(c for (s, _), (c, t) in self._layers.items() if s == event.service and t)
            total = sum(t for (s, _), (_c, t) in self._layers.items() if s == event.service and t)
            if self.states.get(event.service) is not ServiceState.PULLING:
                self._set_state(event.service, ServiceState.PULLING, event.image)
            self.pull_progressed.emit(event.service, int(100 * done / total) if total else 0)
        elif isinstance(event, Notice):
            self.notice_received.emit(event.text)


def describe_running(row: ServiceStatus) -> str:
    """Where a service answers and what runs it, e.g. '127.0.0.1:4566 · localstack/localstack:4.14'."""
    if row.state is ServiceState.ABSENT:
        return ""
    where = ", ".join(row.ports.values())
    return " · ".join(part for part in (where, row.image) if part)
