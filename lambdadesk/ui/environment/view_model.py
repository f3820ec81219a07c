"""State of the environment for the window: one state per service, pull progress, notices and errors."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Protocol

from PySide6.QtCore import QObject, Signal, Slot
from qasync import asyncSlot

from lambdadesk.adapters.errors import explain
from lambdadesk.adapters.store import profile_store, secrets
from lambdadesk.core.errors import LambdadeskError, ReapplyError
from lambdadesk.core.events import Event, EventSink, Notice, PullProgress, ServiceState, ServiceStatus, StateChanged
from lambdadesk.core.profile import EmulatorKind, Profile
from lambdadesk.core.topology import EMULATOR
from lambdadesk.environment.shell_exports import shell_exports


class Environment(Protocol):
    """What the view-model needs of lambdadesk.session.Session (a fake in panel tests)."""

    @property
    def profile(self) -> Profile: ...
    async def up(self) -> list[str]: ...
    async def down(self, remove_volumes: bool = False) -> None: ...
    async def status(self) -> list[ServiceStatus]: ...
    async def reset(self, full: bool = False) -> object: ...
    async def set_debug(self, enabled: bool) -> None: ...
    async def close(self) -> None: ...


EnvironmentFactory = Callable[[Profile, EventSink], Awaitable[Environment]]


class EnvironmentViewModel(QObject):
    service_changed = Signal(str, str, str)  # service, ServiceState value, detail
    pull_progressed = Signal(str, int)  # service, percent
    notice_received = Signal(str)
    busy_changed = Signal(bool)
    error_raised = Signal(str, str)  # message, next step
    emulator_replaced = Signal()  # a reset or restart: what lived in the emulator (subscriptions too) is gone
    profile_changed = Signal(object)  # Profile: another one was chosen, or this one was edited
    token_changed = Signal(str)  # where the LocalStack token now comes from: "environment", "keyring" or ""

    def __init__(self, profile: Profile, make_environment: EnvironmentFactory, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.profile = profile
        self._make_environment = make_environment
        self._environment: Environment | None = None
        self._busy = False
        self._action: asyncio.Future[object] | None = None
        self._layers: dict[tuple[str, str], tuple[int, int]] = {}
        self.states: dict[str, ServiceState] = {}

    @property
    def busy(self) -> bool:
        return self._busy

    def services(self) -> list[str]:
        return (["dind"] if self.profile.dind else []) + ["redis", "emulator"]

    @property
    def running(self) -> bool:
        return any(state is not ServiceState.ABSENT for state in self.states.values())

    def profile_names(self) -> list[str]:
        return profile_store.list_profiles()

    @asyncSlot(str)
    async def profile_requested(self, name: str) -> None:
        await self.switch_profile(name)

    @asyncSlot(str)
    async def emulator_requested(self, kind: str) -> None:
        await self.set_emulator(EmulatorKind(kind))

    @asyncSlot(str)
    async def token_entered(self, token: str) -> None:
        await self.store_token(token)

    @asyncSlot()
    async def token_forgotten(self) -> None:
        await self.forget_token()

    async def switch_profile(self, name: str) -> None:
        """Another profile, when nothing runs: the running one would be left without a window to stop it."""
        if name == self.profile.name:
            return
        if self._refuse_while_running("switch profiles"):
            self.profile_changed.emit(self.profile)  # the picker goes back to the profile in use
            return
        try:
            profile = await asyncio.to_thread(profile_store.load_profile, name)
        except LambdadeskError as exc:
            self.error_raised.emit(exc.message, exc.next_step)
            self.profile_changed.emit(self.profile)
            return
        await self._use(profile)
        await self.refresh()  # it may already be running, started from the CLI

    async def set_emulator(self, kind: EmulatorKind) -> None:
        """LocalStack, Floci or moto for this profile (with that emulator's default image); saved at once."""
        if kind is self.profile.emulator:
            return
        if self._refuse_while_running("change the emulator"):
            self.profile_changed.emit(self.profile)
            return
        profile = self.profile.replace(emulator=kind, emulator_image="")
        try:
            await asyncio.to_thread(profile_store.save_profile, profile)
        except OSError as exc:
            self.error_raised.emit(f"The profile could not be saved: {exc}.", "Check that the config folder is yours.")
            return
        await self._use(profile)

    async def store_token(self, token: str) -> None:
        try:
            await asyncio.to_thread(secrets.store_auth_token, token)
        except LambdadeskError as exc:
            self.error_raised.emit(exc.message, exc.next_step)
            return
        await self._token_changed()

    async def forget_token(self) -> None:
        await asyncio.to_thread(secrets.forget_auth_token)
        await self._token_changed()

    def token_source(self) -> str:
        return secrets.auth_token_source()

    async def _token_changed(self) -> None:
        if not self.running:
            await self.close_session()  # the next start uses the token as it is now
        self.token_changed.emit(self.token_source())
        if self.running:
            self.notice_received.emit("The token is used from the next start: stop and start the environment.")

    def _refuse_while_running(self, what: str) -> bool:
        if self.running or self._busy:
            self.error_raised.emit(f"Cannot {what} while the environment runs.",
                                   "Stop it first (Stop), then choose again.")
            return True
        return False

    async def _use(self, profile: Profile) -> None:
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
            self._environment = await self._make_environment(self.profile, self._on_event)
        return self._environment

    async def close_session(self) -> None:
        if self._environment is not None:
            old, self._environment = self._environment, None
            await old.close()

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
            try:
                await environment.set_debug(enabled)  # saved in the profile there, as `lambdadesk debug` saves it
            finally:
                self.profile = environment.profile
                self.emulator_replaced.emit()

        await self._run(restart)

    async def start(self) -> None:
        """Start what is not running; an emulator that (re)started gets back what was deployed in it."""
        async def start(environment: Environment) -> None:
            try:
                started = await environment.up()  # an emulator that (re)started gets back what was deployed
            except ReapplyError:
                self.emulator_replaced.emit()
                raise
            if EMULATOR in started:
                self.emulator_replaced.emit()

        await self._run(start)

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
            for row in await environment.status():
                self._set_state(row.service, row.state, row.detail or describe_running(row))
        except Exception as exc:
            self._report("reach the environment", exc)
        finally:
            self._set_busy(False)

    def _report(self, what: str, exc: Exception) -> None:
        """A failure people hit, shown next to the environment in words; anything else is a bug and raised."""
        explained = explain(what, exc)
        if explained is None:
            raise exc
        self.error_raised.emit(explained.message, explained.next_step)

    @Slot()
    def cancel_requested(self) -> None:
        """Cancel the start, stop or reset under way (a long image pull, a slow start)."""
        if self._action is not None:
            self._action.cancel()

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
