"""A function's CloudWatch Logs in the Logs tab, beside the containers' logs: one view per function (or per
request of it), followed until the view is closed. The lines come from the session (logs/function_logs.py, the
same as `lambdadesk logs --function`), in batches like the containers' lines."""

from __future__ import annotations

import asyncio

from PySide6.QtCore import QObject, QTimer, Signal
from qasync import asyncSlot

from lambdadesk.core.errors import LambdadeskError
from lambdadesk.core.events import LogLine
from lambdadesk.ui.common.session_access import FunctionLogSource, SessionSource
from lambdadesk.ui.logs.view_model import BATCH_MS, end_reading


class FunctionLogsViewModel(QObject):
    functions_listed = Signal(list)  # the deployed functions' names, for the chooser
    opened = Signal(str, str)  # key, title ("seed (CloudWatch Logs)")
    lines_received = Signal(str, list)  # key, list[LogLine]
    closed = Signal(str)  # key: that view reads no more (closed, or another profile chosen)
    error_raised = Signal(str, str)

    def __init__(self, session: SessionSource, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._open: dict[str, tuple[FunctionLogSource, asyncio.Task[None]]] = {}
        self._pending: dict[str, list[LogLine]] = {}
        self._timer = QTimer(self)
        self._timer.setInterval(BATCH_MS)
        self._timer.timeout.connect(self._on_timer_timeout)

    @property
    def keys(self) -> list[str]:
        return list(self._open)

    @asyncSlot()
    async def functions_requested(self) -> None:
        try:
            names = [summary.name for summary in await (await self._session()).functions()]
        except LambdadeskError as exc:
            self.error_raised.emit(exc.message, exc.next_step)
            return
        self.functions_listed.emit(names)

    @asyncSlot(str, str)
    async def open_requested(self, function: str, request_id: str) -> None:
        await self.open(function, request_id)

    async def open(self, function: str, request_id: str = "") -> str:
        """Follow the function's log events (a request's only, with `request_id`); the view's key. The same
        function and request again starts that view afresh."""
        function, request_id = function.strip(), request_id.strip()
        if not function:
            self.error_raised.emit("No function is chosen.", "Pick a deployed function (or type its name), then "
                                   "Show.")
            return ""
        key = f"{function}\n{request_id}"
        await self.close(key)
        try:
            source = (await self._session()).function_logs(function, request_id)
            await source.start()
        except LambdadeskError as exc:
            self.error_raised.emit(exc.message, exc.next_step)
            return ""
        self._open[key] = (source, asyncio.ensure_future(self._read(key, source)))
        self._timer.start()
        self.opened.emit(key, source.title())
        return key

    async def close(self, key: str) -> None:
        """That view's reading ends (its thread too)."""
        source, pump = self._open.pop(key, (None, None))
        await end_reading(source, pump)
        self._pending.pop(key, None)
        if not self._open:
            self._timer.stop()
        if source is not None:
            self.closed.emit(key)

    @asyncSlot(str)
    async def close_requested(self, key: str) -> None:
        await self.close(key)

    @asyncSlot()
    async def close_all_requested(self) -> None:
        await self.close_all()

    async def close_all(self) -> None:
        for key in list(self._open):
            await self.close(key)

    async def _read(self, key: str, source: FunctionLogSource) -> None:
        async for batch in source.batches():
            self._pending.setdefault(key, []).extend(batch)

    def _on_timer_timeout(self) -> None:
        pending, self._pending = self._pending, {}
        for key, batch in pending.items():
            self.lines_received.emit(key, batch)
