"""P5: log ingest of the log service vs `docker logs -f > /dev/null`, and the Logs panel (offscreen) under a flood:
lines shown per second, event-loop lag p99 (a 10 ms timer's lateness) and memory after 1,000,000 lines."""

from __future__ import annotations

import asyncio
import os
import subprocess
import time
from collections.abc import AsyncIterator
from pathlib import Path

import docker
import psutil
from docker.models.containers import Container

from bench.figures import Figure, median
from lambdadesk.core import labels
from lambdadesk.core.events import LogLine
from lambdadesk.logs.log_hub import LogHub

BENCH_PROFILE = "bench-logs"
LINE = "2026-11-22 08:00:00 INFO handler: stored the body under a request id and published it to the topic"


def ingest(client: docker.DockerClient, image: str, lines: int, runs: int) -> list[Figure]:
    """Both read the same finished containers' logs from the start, as fast as they can: one container, then
    five at once (lambdadesk's log hub over all five, against five `docker logs -f` in parallel)."""
    one = _printers(client, image, lines, 1)
    five = _printers(client, image, lines // 5, 5)
    try:
        ours = median([lines / asyncio.run(_hub_reads_all(client, lines, one)) for _ in range(runs)])
        theirs = median([lines / _docker_logs(one) for _ in range(runs)])
        ours_five = median([lines / asyncio.run(_hub_reads_all(client, lines // 5 * 5, five)) for _ in range(runs)])
        theirs_five = median([lines / _docker_logs(five) for _ in range(runs)])
    finally:
        for container in one + five:
            container.remove(force=True)
    return [Figure("P5", "log ingest (one container's log, from the start)", ours, theirs, "lines/s",
                   "ratio ≥ 0.8", ours >= 0.8 * theirs),
            Figure("P5", "log ingest, five containers at once (the sum)", ours_five, theirs_five, "lines/s",
                   "ratio ≥ 0.8", ours_five >= 0.8 * theirs_five)]


def _printers(client: docker.DockerClient, image: str, lines: int, count: int) -> list[Container]:
    """`count` finished containers of a profile of their own (bench-logs-COUNT), each with `lines` lines in its
    log."""
    made = [client.containers.run(image, ["sh", "-c", f"yes '{LINE}' | head -n {lines}"], detach=True,
                                  network_mode="none", name=f"lambdadesk-bench-printer-{count}-{number}",
                                  labels=labels.owned_labels(f"{BENCH_PROFILE}-{count}", f"printer{number}"))
            for number in range(count)]
    for container in made:
        container.wait(timeout=300)
    return made


async def _hub_reads_all(client: docker.DockerClient, expected: int, containers: list[Container]) -> float:
    """The log hub (as the Logs panel and `lambdadesk logs` use it) over the given containers' whole logs."""
    hub = LogHub([client], containers[0].labels[labels.PROFILE], follow=False, tail="all")
    started = time.perf_counter()
    await hub.start()
    count = 0
    async for batch in hub.batches():
        count += len(batch)
    elapsed = time.perf_counter() - started
    await asyncio.to_thread(hub.close)
    if count != expected:
        raise RuntimeError(f"the log hub read {count} lines of {expected}")
    return elapsed


def _docker_logs(containers: list[Container]) -> float:
    """`docker logs -f` of each container, all at once, until the last one is done."""
    started = time.perf_counter()
    with Path(os.devnull).open("wb") as sink:
        readers = [subprocess.Popen(["docker", "logs", "-f", str(container.name)], stdout=sink, stderr=sink)
                   for container in containers]
        if any(reader.wait() != 0 for reader in readers):
            raise RuntimeError("docker logs failed")
    return time.perf_counter() - started


class Flood:
    """A log source delivering `total` lines, like a hub over busy containers: at `rate` lines/s, or as fast as
    the loop lets it (rate 0)."""

    def __init__(self, total: int, rate: int = 0) -> None:
        self.total = total
        self.rate = rate

    async def start(self) -> None:
        return None

    async def batches(self) -> AsyncIterator[list[LogLine]]:
        """500 lines at a time, as the hub hands on what a container's stream gave in one read."""
        started = time.perf_counter()
        for first in range(0, self.total, 500):
            due = started + first / self.rate if self.rate else 0.0
            await asyncio.sleep(max(0.0, due - time.perf_counter()))
            yield [LogLine(f"lambdadesk-bench-{number % 3}", f"2026-11-22T08:00:{number % 60:02d}.000000000Z",
                           f"{LINE} #{number}") for number in range(first, min(first + 500, self.total))]

    def close(self) -> None:
        return None


def panel(total: int, rate: int) -> tuple[float, float, float]:
    """The Logs panel fed `total` lines through its view-model, in a real Qt event loop (offscreen), at `rate`
    lines/s (0: as fast as it goes). Returns (lines appended per second, loop lag p99 in ms, memory growth in MB
    over the second half of the lines)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import qasync
    from PySide6.QtWidgets import QApplication

    from bench.loop_lag import LoopLag
    from lambdadesk.ui.logs.panel import LogsPanel
    from lambdadesk.ui.logs.view_model import LogsViewModel

    app = QApplication.instance() or QApplication([])
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    source = Flood(total, rate)

    async def make_source() -> Flood:
        return source

    view_model = LogsViewModel(make_source)
    widget = LogsPanel(view_model)
    widget.resize(1200, 700)
    widget.show()
    shown = [0]
    view_model.lines_received.connect(lambda batch: shown.__setitem__(0, shown[0] + len(batch)))
    lag = LoopLag()
    memory: dict[str, float] = {}

    async def flood() -> float:
        process = psutil.Process()
        lag.start()
        started = time.perf_counter()
        await view_model.follow()
        while shown[0] < total:
            if shown[0] >= total // 2 and "half" not in memory:
                memory["half"] = process.memory_info().rss / 2**20
            await asyncio.sleep(0.01)
        elapsed = time.perf_counter() - started
        lag.stop()
        await view_model.stop()
        memory["all"] = process.memory_info().rss / 2**20
        return elapsed

    with loop:
        elapsed = loop.run_until_complete(flood())
    widget.close()
    return total / elapsed, lag.p99_ms(), memory["all"] - memory["half"]


def panel_figures(total: int, runs: int) -> list[Figure]:
    paced = [panel(total // 4, 25_000) for _ in range(runs)]
    flat_out = panel(total, 0)
    lag_ms = median([lag for _, lag, _ in paced])
    return [
        Figure("P5", "Logs panel: most lines appended per second (offscreen)", flat_out[0], None, "lines/s",
               "≥ 20,000/s", flat_out[0] >= 20_000),
        Figure("P5", "Logs panel: event-loop lag p99 while appending 25,000 lines/s", lag_ms, None, "ms", "< 30 ms",
               lag_ms < 30),
        Figure("P5", f"Logs panel: memory growth from {total // 2:,} to {total:,} lines", flat_out[2], None, "MB",
               "bounded", flat_out[2] < 50),
    ]
