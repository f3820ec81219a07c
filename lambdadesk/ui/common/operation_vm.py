"""What every panel's view-model shares: one operation at a time, busy state, errors in words with a next step,
and Cancel for the operation under way. Reads (listings, values) run beside it without taking the slot."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import TypeVar

from PySide6.QtCore import QObject, Signal

from lambdadesk.adapters.errors import explain

T = TypeVar("T")


class OperationViewModel(QObject):
    busy_changed = Signal(bool)
    error_raised = Signal(str, str)  # message, next step
    cancelled = Signal(str)  # what was cancelled

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._task: asyncio.Task[object] | None = None
        self.doing = ""  # the operation under way in words ("Deploying seed"), "" when idle
        self._idle = asyncio.Event()
        self._idle.set()

    @property
    def busy(self) -> bool:
        return self._task is not None

    async def wait_idle(self) -> None:
        """Until no operation is under way."""
        await self._idle.wait()

    def cancel(self) -> None:
        """Stop waiting for the operation under way. Work already handed to the emulator may still finish there."""
        if self._task is not None:
            self._task.cancel()

    async def _look(self, what: str, work: Awaitable[T]) -> T | None:
        """A read beside the operation: no busy state; a failure is reported like an operation's. None then."""
        try:
            return await work
        except Exception as exc:
            self._report(what, exc)
        return None

    async def _operate(self, what: str, work: Awaitable[T], doing: str = "") -> T | None:
        """Run `work` as the one operation; its failure is reported, never raised into Qt. None when it failed.
        `what` names it in errors ("deploy seed"), `doing` while it runs ("Deploying seed")."""
        if self._task is not None:
            return None
        task: asyncio.Task[T] = asyncio.ensure_future(work)
        self._task = task
        self.doing = doing or what
        self._idle.clear()
        self.busy_changed.emit(True)
        try:
            return await task
        except asyncio.CancelledError:
            if not task.cancelled():
                raise  # the caller itself was cancelled (shutdown)
            self.cancelled.emit(what)
        except Exception as exc:
            self._report(what, exc)
        finally:
            self._task = None
            self.doing = ""
            self._idle.set()
            self.busy_changed.emit(False)
        return None

    def _report(self, what: str, exc: Exception) -> None:
        explained = explain(what, exc)
        if explained is None:
            raise exc  # a bug: the app's exception handler shows and logs it
        self.error_raised.emit(explained.message, explained.next_step)
