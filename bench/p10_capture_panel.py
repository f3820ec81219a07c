"""P10: the Capture panel under a flood of SNS messages: how fast they are shown, how long the event loop waits
while 2,000 a second arrive, and what the table costs once it holds as many rows as it keeps. Qt on the main
thread with its own loop, offscreen; the messages are made here (what the capture endpoint parsed), so only the
window's part is measured."""

from __future__ import annotations

import asyncio
import json
import os
import time

import psutil

from bench.figures import Figure, median
from lambdadesk.capture.pairing import CapturedMessage
from lambdadesk.capture.redis_inspector import RedisValue
from lambdadesk.core.sns_message import SnsMessage

PACED_PER_S = 2000


def _message(number: int) -> CapturedMessage:
    key = f"req-{number:08d}"
    value = json.dumps({"order": number, "items": ["tea", "cake"], "note": "x" * 80})
    sns = SnsMessage("Notification", "arn:aws:sns:us-east-1:000000000000:lambdadesk-seed", f"m-{number}", key)
    return CapturedMessage(sns, RedisValue(key, "string", -1, value, len(value)))


def panel(total: int, per_s: int) -> tuple[float, float, float]:
    """`total` messages into the Capture panel through its view-model's signal, `per_s` a second (0: as fast as it
    goes). Returns (messages shown per second, loop lag p99 in ms, memory growth in MB over the second half)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import qasync
    from PySide6.QtWidgets import QApplication

    from bench.loop_lag import LoopLag
    from lambdadesk.ui.capture.messages_model import KEPT
    from lambdadesk.ui.capture.panel import CapturePanel
    from lambdadesk.ui.capture.view_model import CaptureViewModel

    app = QApplication.instance() or QApplication([])
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)

    async def no_session() -> object:
        raise RuntimeError("the benchmark feeds the panel directly")

    widget = CapturePanel(CaptureViewModel(no_session))  # type: ignore[arg-type]
    widget.resize(1200, 700)
    widget.show()
    messages = [_message(number) for number in range(total)]
    lag = LoopLag()
    memory: dict[str, float] = {}
    newest = messages[-1].message.message
    all_shown = asyncio.Event()
    widget.model.rowsInserted.connect(
        lambda *_: all_shown.set() if widget.cell(widget.model.rowCount() - 1, 2) == newest else None)

    async def flood() -> float:
        process = psutil.Process()
        lag.start()
        started = time.perf_counter()
        chunk = max(1, per_s // 100) if per_s else 500
        for first in range(0, total, chunk):
            for captured in messages[first:first + chunk]:
                widget.vm.captured.emit(captured)
            if first >= total // 2 and "half" not in memory:
                memory["half"] = process.memory_info().rss / 2**20
            await asyncio.sleep(0.01 if per_s else 0)
        await all_shown.wait()
        elapsed = time.perf_counter() - started
        lag.stop()
        memory["all"] = process.memory_info().rss / 2**20
        assert widget.model.rowCount() == min(total, KEPT)
        return elapsed

    with loop:
        elapsed = loop.run_until_complete(flood())
    widget.close()
    return total / elapsed, lag.p99_ms(), memory["all"] - memory["half"]


def panel_figures(total: int, runs: int) -> list[Figure]:
    paced = [panel(PACED_PER_S * 5, PACED_PER_S) for _ in range(runs)]
    flat_out = panel(total, 0)
    lag_ms = median([lag for _, lag, _ in paced])
    return [
        Figure("P10", "Capture panel: most SNS messages shown per second (offscreen)", flat_out[0], None,
               "messages/s", "≥ 2,000/s", flat_out[0] >= 2000),
        Figure("P10", f"Capture panel: event-loop lag p99 while {PACED_PER_S:,} messages a second arrive", lag_ms,
               None, "ms", "< 50 ms", lag_ms < 50),
        Figure("P10", f"Capture panel: memory growth from {total // 2:,} to {total:,} messages (it keeps "
                      "10,000)", flat_out[2], None, "MB", "bounded", flat_out[2] < 50),
    ]
