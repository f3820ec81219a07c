"""The profile picker's view-model: which profile, which emulator, and the LocalStack token. It edits and saves
the profile; the Environment view-model then uses it (a new session for every tab)."""

from __future__ import annotations

import asyncio

from PySide6.QtCore import QObject, Signal
from qasync import asyncSlot

from lambdadesk.adapters.store import profile_store, secrets
from lambdadesk.core.errors import LambdadeskError
from lambdadesk.core.profile import EmulatorKind, Profile
from lambdadesk.ui.environment.view_model import EnvironmentViewModel


class ProfileViewModel(QObject):
    error_raised = Signal(str, str)  # message, next step
    notice_received = Signal(str)
    token_changed = Signal(str)  # where the LocalStack token now comes from: "environment", "keyring" or ""

    def __init__(self, environment: EnvironmentViewModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.environment = environment
        self.profile_changed = environment.profile_changed  # the picker follows the profile in use

    @property
    def profile(self) -> Profile:
        return self.environment.profile

    def profile_names(self) -> list[str]:
        return profile_store.list_profiles()

    def token_source(self) -> str:
        return secrets.auth_token_source()

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
        if self._refuse_while_in_use("switch profiles"):
            return
        try:
            profile = await asyncio.to_thread(profile_store.load_profile, name)
        except LambdadeskError as exc:
            self.error_raised.emit(exc.message, exc.next_step)
            self.profile_changed.emit(self.profile)  # the picker goes back to the profile in use
            return
        await self.environment.use_profile(profile)
        await self.environment.refresh()  # it may already be running, started from the CLI

    async def set_emulator(self, kind: EmulatorKind) -> None:
        """LocalStack, MiniStack, Floci or moto for this profile (with that emulator's default image); saved at once."""
        if kind is self.profile.emulator or self._refuse_while_in_use("change the emulator"):
            return
        profile = self.profile.replace(emulator=kind, emulator_image="")
        try:
            await asyncio.to_thread(profile_store.save_profile, profile)
        except OSError as exc:
            self.error_raised.emit(f"The profile could not be saved: {exc}.", "Check that the config folder is yours.")
            return
        await self.environment.use_profile(profile)

    def keyring_problem(self) -> str:
        """Why no token can be stored here ("" when it can)."""
        return secrets.keyring_problem()

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

    async def _token_changed(self) -> None:
        running = self.environment.running
        if not running:
            await self.environment.close_session()  # the next start uses the token as it is now
        self.token_changed.emit(self.token_source())
        if running:
            self.notice_received.emit("The token is used from the next start: stop and start the environment.")

    def _refuse_while_in_use(self, what: str) -> bool:
        if self.environment.running or self.environment.busy:
            self.error_raised.emit(f"Cannot {what} while the environment runs.",
                                   "Stop it first (Stop), then choose again.")
            self.profile_changed.emit(self.profile)  # the picker goes back to the profile in use
            return True
        return False
