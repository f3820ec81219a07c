"""State of the environment for the window: one state per service, pull progress, notices and errors."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Protocol

from PySide6.QtCore import QObject, Signal
from qasync import asyncSlot

from lambdadesk.core.errors import LambdadeskError
from lambdadesk.core.events import Event, EventSink, Notice, PullProgress, ServiceState, ServiceStatus, StateChanged
from lambdadesk.core.profile import Profile
from lambdadesk.core.topology import shell_environment
from lambdadesk.services.desired_state_store import reapply


class Environment(Protocol):
    """What the view-model needs of services.orchestrator.Orchestrator (a fake in panel tests)."""

    async def up(self) -> None: ...
    async def down(self, remove_volumes: bool = False) -> None: ...
    async def status(self) -> list[ServiceStatus]: ...
    async def reset(self, full: bool = False) -> object: ...
    async def set_debug(self, enabled: bool) -> None: ...


EnvironmentFactory = Callable[[Profile, EventSink], Awaitable[Environment]]


class EnvironmentViewModel(QObject):
    service_changed = Signal(str, str, str)  # service, ServiceState value, detail
    pull_progressed = Signal(str, int)  # service, percent
    notice_received = Signal(str)
    busy_changed = Signal(bool)
    error_raised = Signal(str, str)  # message, next step
    emulator_replaced = Signal()  # a reset or restart: what lived in the emulator (subscriptions too) is gone

    def __init__(self, profile: Profile, make_environment: EnvironmentFactory, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.profile = profile
        self._make_environment = make_environment
        self._environment: Environment | None = None
        self._busy = False
        self._layers: dict[tuple[str, str], tuple[int, int]] = {}
        self.states: dict[str, ServiceState] = {}

    @property
    def busy(self) -> bool:
        return self._busy

    def services(self) -> list[str]:
        return (["dind"] if self.profile.dind else []) + ["redis", "emulator"]

    def shell_exports(self) -> str:
        return "\n".join(f"export {key}={value}" for key, value in shell_environment(self.profile).items())

    @asyncSlot()
    async def start_requested(self) -> None:
        await self.start()

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
            await environment.set_debug(enabled)
            self.profile = self.profile.replace(debug=enabled)
            done = await asyncio.to_thread(reapply, self.profile)
            if done:
                self.notice_received.emit("Re-applied what was deployed: " + ", ".join(done))
            self.emulator_replaced.emit()

        await self._run(restart)

    async def start(self) -> None:
        await self._run(lambda environment: environment.up())

    async def stop(self) -> None:
        await self._run(lambda environment: environment.down())

    async def reset(self, full: bool = False) -> None:
        async def reset(environment: Environment) -> None:
            await environment.reset(full=full)
            self.emulator_replaced.emit()

        await self._run(reset)

    async def refresh(self) -> None:
        await self._run(None)

    async def _run(self, action: Callable[[Environment], Awaitable[object]] | None) -> None:
        """One operation at a time; its failure is shown next to the environment, never lost."""
        if self._busy:
            return
        self._set_busy(True)
        try:
            if self._environment is None:
                self._environment = await self._make_environment(self.profile, self._on_event)
            if action is not None:
                await action(self._environment)
            for row in await self._environment.status():
                self._set_state(row.service, row.state, row.detail or describe_running(row))
        except LambdadeskError as exc:
            self.error_raised.emit(exc.message, exc.next_step)
        finally:
            self._set_busy(False)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.busy_changed.emit(busy)

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
