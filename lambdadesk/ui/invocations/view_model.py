"""Invocations for the window: the kept invocations of one function or of all, Replay, and Copy as."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from qasync import asyncSlot

from lambdadesk.ui.common.operation_vm import OperationViewModel
from lambdadesk.ui.common.session_access import SessionSource

ALL = ""  # the function filter that shows every function's


class InvocationsViewModel(OperationViewModel):
    listed = Signal(list)  # list[Invocation], newest first
    functions_listed = Signal(list)  # list[str]
    replayed = Signal(object)  # Invocation: the replay's own
    copied = Signal(str, str)  # the text, and what it is ("curl", "python", "aws", "boto3")

    def __init__(self, session: SessionSource, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self.function = ALL

    @asyncSlot()
    async def refresh_requested(self) -> None:
        await self.refresh()

    @asyncSlot(str)
    async def function_chosen(self, function: str) -> None:
        self.function = function
        await self.refresh()

    @asyncSlot(str)
    async def replay_requested(self, invocation_id: str) -> None:
        await self.replay(invocation_id)

    @asyncSlot(str, str)
    async def copy_as_requested(self, invocation_id: str, kind: str) -> None:
        await self.copy_as(invocation_id, kind)

    async def copy_as(self, invocation_id: str, kind: str) -> None:
        """The kept invocation's call (its request, or its event) as `kind`, for the clipboard."""
        async def work() -> None:
            self.copied.emit(await (await self._session()).invocation_as(invocation_id, kind), kind)

        await self._look(f"copy the invocation's call as {kind}", work())

    async def refresh(self) -> None:
        """The list again, with what only the functions' logs know of (a trigger) picked up first."""
        async def work() -> None:
            session = await self._session()
            kept = await session.invocation_history(self.function or None)
            problems = session.invocations.store.problems
            if problems:
                self.error_raised.emit("\n".join(problems), "Start the environment to see new invocations; files "
                                       "set aside are beside the others.")
                problems.clear()
            self.functions_listed.emit(sorted({one.function for one in kept} | {self.function} - {ALL}))
            self.listed.emit(kept)

        await self._look("list the kept invocations", work())

    async def replay(self, invocation_id: str) -> None:
        async def work() -> None:
            self.replayed.emit(await (await self._session()).replay(invocation_id))

        await self._operate("replay the invocation", work(), "Replaying an invocation")
        await self.refresh()
