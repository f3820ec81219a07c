"""Live logs for the window: lines from every owned container, handed to the panel in batches."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Protocol

from PySide6.QtCore import QObject, QTimer, Signal
from qasync import asyncSlot

from lambdadesk.core.errors import LambdadeskError
from lambdadesk.core.events import LogLine

BATCH_MS = 50  # lines reach the view twenty times a second, whatever the rate they arrive at


class LogSource(Protocol):
    """What the view-model needs of services.log_hub.LogHub (a fake in panel tests)."""

    async def start(self) -> None: ...
    def batches(self) -> AsyncIterator[list[LogLine]]: ...
    def close(self) -> None: ...


LogSourceFactory = Callable[[], Awaitable[LogSource]]


class Closable(Protocol):
    def close(self) -> None: ...


async def end_reading(source: Closable | None, pump: asyncio.Task[None] | None) -> None:
    """A source closed off the GUI thread (closing joins its reading thread), then the task that pumped its lines."""
    if source is not None:
        await asyncio.to_thread(source.close)
    if pump is not None:
        pump.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await pump


class LogsViewModel(QObject):
    lines_received = Signal(list)  # list[LogLine], in arrival order
    following_changed = Signal(bool)
    error_raised = Signal(str, str)

    def __init__(self, make_source: LogSourceFactory, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._make_source = make_source
        self._source: LogSource | None = None
        self._pump: asyncio.Task[None] | None = None
        self._pending: list[LogLine] = []
        self._timer = QTimer(self)
        self._timer.setInterval(BATCH_MS)
        self._timer.timeout.connect(self._on_timer_timeout)

    @property
    def following(self) -> bool:
        return self._pump is not None and not self._pump.done()

    @asyncSlot()
    async def follow_requested(self) -> None:
        await self.follow()

    async def follow(self) -> None:
        """(Re)start following every owned container, Lambda containers included as they start."""
        await self.stop()
        try:
            self._source = await self._make_source()
            await self._source.start()
        except LambdadeskError as exc:
            self.error_raised.emit(exc.message, exc.next_step)
            return
        self._pump = asyncio.ensure_future(self._read(self._source))
        self._timer.start()
        self.following_changed.emit(True)

    async def stop(self) -> None:
        """Close the streams (their threads end) and deliver what is pending."""
        source, pump = self._source, self._pump
        self._source = self._pump = None
        await end_reading(source, pump)
        self._timer.stop()
        self._on_timer_timeout()
        self.following_changed.emit(False)

    async def _read(self, source: LogSource) -> None:
        async for batch in source.batches():
            self._pending.extend(batch)

    def _on_timer_timeout(self) -> None:
        if self._pending:
            batch, self._pending = self._pending, []
            self.lines_received.emit(batch)
