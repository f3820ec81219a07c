"""Event-loop lag under Qt: how late a 10 ms timer fires while the loop is busy (the window's responsiveness)."""

from __future__ import annotations

import time

from PySide6.QtCore import QTimer

from bench.figures import p99

TICK_MS = 10


class LoopLag:
    def __init__(self) -> None:
        self.lags: list[float] = []
        self._last = time.perf_counter()
        self._timer = QTimer()
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)

    def start(self) -> None:
        self._last = time.perf_counter()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def p99_ms(self) -> float:
        return p99(self.lags) * 1000 if self.lags else 0.0

    def _tick(self) -> None:
        now = time.perf_counter()
        self.lags.append(max(0.0, now - self._last - TICK_MS / 1000))
        self._last = now
