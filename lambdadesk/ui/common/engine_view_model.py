"""The container engine for the window: watched from the first second (in a thread of the services), each change
handed to the GUI thread as `changed`, so the footer and Start always say whether there is an engine."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QObject, Signal

from lambdadesk.core.engine import EngineState


class EngineWatching(Protocol):
    def watch_engine(self, on_change: Callable[[EngineState], None]) -> Callable[[], None]:
        """Start watching; `on_change` is called in another thread; the result stops the watch (blocking)."""
        ...


class EngineViewModel(QObject):
    changed = Signal(object)  # EngineState

    def __init__(self, services: EngineWatching, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._stop: Callable[[], None] | None = None
        self.state: EngineState | None = None  # None until the first answer (under a second)

    def start(self) -> None:
        loop = asyncio.get_event_loop()

        def arrived(state: EngineState) -> None:  # in the watch's thread
            with contextlib.suppress(RuntimeError):  # the loop closed during shutdown
                loop.call_soon_threadsafe(self._arrived, state)

        self._stop = self._services.watch_engine(arrived)

    async def stop(self) -> None:
        if self._stop is not None:
            stop, self._stop = self._stop, None
            await asyncio.to_thread(stop)

    def _arrived(self, state: EngineState) -> None:
        self.state = state
        self.changed.emit(state)
