"""How costs grow with the work (`python -m bench --only GROWTH`): a fast reset with 1, 10 and 100 functions, APIs
and topics deployed; a flow of 1, 10 and 100 steps; the invocation store holding 10, 1,000 and 100,000
invocations (the time to read the list the Invocations tab shows, and the memory that takes). Printed as a table
and drawn as a chart (bench/growth.png)."""

from __future__ import annotations

import asyncio
import io
import json
import tempfile
import time
import tracemalloc
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lambdadesk.adapters.store.invocation_store import InvocationStore
from lambdadesk.core.function_spec import FunctionSpec
from lambdadesk.core.invocation import API, Invocation
from lambdadesk.environment.service import EnvironmentService
from lambdadesk.flows.flow_parser import read_flow
from lambdadesk.flows.flow_runner import FlowRunner
from lambdadesk.session import Session

SIZES = {"reset": (1, 10, 100), "flow": (1, 10, 100), "store": (10, 1_000, 100_000)}
ECHO = "def handle(event, context):\n    return event\n"
RESET_TARGET_S = 1.0


@dataclass(frozen=True)
class Point:
    series: str  # "reset", "flow", "store"
    size: int
    seconds: float
    megabytes: float | None = None


def echo_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("app.py", ECHO)
    return buffer.getvalue()


async def measure(orchestrator: EnvironmentService) -> list[Point]:
    session = Session(orchestrator.profile, orchestrator.connection)
    points: list[Point] = []
    try:
        await session.up()
        for size in SIZES["reset"]:
            points.append(Point("reset", size, await _reset_with(session, size)))
        with tempfile.TemporaryDirectory() as folder:
            for size in SIZES["flow"]:
                points.append(Point("flow", size, await _flow_of(session, size, Path(folder))))
    finally:
        await session.close()
    with tempfile.TemporaryDirectory() as folder:
        for size in SIZES["store"]:
            seconds, megabytes = await asyncio.to_thread(_store_of, size, Path(folder) / str(size))
            points.append(Point("store", size, seconds, megabytes))
    return points


async def _reset_with(session: Session, size: int) -> float:
    """`size` functions, each wired to an API of its own, and `size` topics, then a fast reset, timed."""
    code = echo_zip()
    for number in range(size):
        await session.deploy(FunctionSpec(f"growth-{number}", "python3.12", "app.handle", code), wire=True)
    from lambdadesk.adapters.aws.aws_clients import emulator_client
    from lambdadesk.core.topology import addresses

    sns = emulator_client("sns", addresses(session.profile).host.emulator_url, session.profile.region)
    for number in range(size):
        await asyncio.to_thread(sns.create_topic, Name=f"growth-{number}")
    started = time.perf_counter()
    await session.reset()
    return time.perf_counter() - started


async def _flow_of(session: Session, steps: int, folder: Path) -> float:
    """A flow of `steps` invokes of one echo function, each checked, run from its file (its deploy included)."""
    (folder / "echo.zip").write_bytes(echo_zip())
    lines = ["name: growth", "functions:", "  growth-echo: {zip: ./echo.zip, runtime: python3.12, "
             "handler: app.handle}", "steps:"]
    for number in range(steps):
        lines += [f"  - name: call {number}", f"    invoke: {{function: growth-echo, payload: {{n: {number}}}}}",
                  f"    expect: {{payload: {{n: {number}}}}}"]
    file = folder / f"growth-{steps}.flow.yaml"
    file.write_text("\n".join(lines) + "\n")
    flow = read_flow(file, {})
    await FlowRunner(session, flow).run()  # the function deployed and its runtime warm: what is timed is the steps
    started = time.perf_counter()
    report = await FlowRunner(session, flow).run()
    elapsed = time.perf_counter() - started
    if not report.ok:
        raise RuntimeError(f"the growth flow of {steps} steps failed: {report.steps}")
    return elapsed


def _store_of(size: int, folder: Path) -> tuple[float, float]:
    """A store holding `size` invocations (1,000 per function, as it keeps), written as the store writes them;
    then the list the Invocations tab shows, read fresh: seconds, and the memory it took (MB, peak)."""
    template = _invocation().to_dict()
    for number in range(size):
        function = f"growth-{number // 1000}"
        record = {**template, "function": function, "id": f"{number:032x}", "started_at": 1_700_000_000.0 + number}
        path = folder / function / f"{record['started_at']:017.6f}-{record['id']}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(record, indent=1) + "\n")
    tracemalloc.start()
    started = time.perf_counter()
    shown = InvocationStore(folder).history()
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    if len(shown) != min(size, 1000):
        raise RuntimeError(f"the store listed {len(shown)} of {size}")
    return elapsed, peak


def _invocation() -> Invocation:
    """An API call as the recorder keeps one: the request, the response, the function's log lines."""
    return Invocation("0" * 32, "growth-0", API, 1_700_000_000.0, 1_700_000_000.1, cold=False, duration_ms=12.5,
                      status=200, request={"method": "POST", "api": "growth", "path": "/orders",
                                           "body": json.dumps({"order": 1001, "paid": True})},
                      response=json.dumps({"requestId": "0" * 32}),
                      log_lines=("START RequestId: x Version: $LATEST", "stored the body", "published the id",
                                 "END RequestId: x", "REPORT RequestId: x Duration: 12.50 ms"))


def table(points: list[Point]) -> str:
    what = {"reset": "fast reset, with N functions, APIs and topics deployed",
            "flow": "a flow of N invoke steps (the function warm)",
            "store": "the Invocations list read from a store of N invocations"}
    rows = ["| how cost grows | N | time | memory |", "|---|---|---|---|"]
    for point in points:
        memory = f"{point.megabytes:.1f} MB" if point.megabytes is not None else "-"
        rows.append(f"| {what[point.series]} | {point.size:,} | {point.seconds:.3f} s | {memory} |")
    resets = [p for p in points if p.series == "reset"]
    if resets:
        largest = max(resets, key=lambda p: p.size)
        met = "met" if largest.seconds <= RESET_TARGET_S else "**not met**"
        rows.append(f"\nFast reset at {largest.size}: {largest.seconds:.2f} s "
                    f"(target ≤ {RESET_TARGET_S:.0f} s: {met}).")
    return "\n".join(rows)


def chart(points: list[Point], path: Path) -> None:
    """Time against N for each series, both axes logarithmic."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    figure, axes = pyplot.subplots(1, 3, figsize=(12, 3.6), constrained_layout=True)
    titles = {"reset": "fast reset (functions, APIs, topics)", "flow": "flow run (invoke steps)",
              "store": "Invocations list (store size)"}
    for axis, series in zip(axes, ("reset", "flow", "store"), strict=True):
        mine = [p for p in points if p.series == series]
        axis.plot([p.size for p in mine], [p.seconds for p in mine], marker="o")
        axis.set_xscale("log")
        axis.set_yscale("log")
        axis.set_title(titles[series], fontsize=10)
        axis.set_xlabel("N")
        axis.set_ylabel("seconds")
        axis.grid(True, which="both", alpha=0.3)
    figure.savefig(path, dpi=110)
    pyplot.close(figure)
