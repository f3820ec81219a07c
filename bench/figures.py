"""Figures of a benchmark: medians of several runs, side by side with the way people do it today."""

from __future__ import annotations

import statistics
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    key: str  # P1 … P6
    what: str
    ours: float
    theirs: float | None  # the way people do it today, measured in the same run; None when there is none
    unit: str  # "s", "ms", "lines/s", "MB"
    target: str  # as the issue states it
    met: bool

    def ratio(self) -> str:
        if self.theirs in (None, 0):
            return ""
        return f"{self.ours / self.theirs:.2f}"


def median(values: list[float]) -> float:
    return statistics.median(values)


def p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


async def timed(work: Callable[[], Awaitable[object]]) -> float:
    started = time.perf_counter()
    await work()
    return time.perf_counter() - started


def show(value: float, unit: str) -> str:
    if unit == "s":
        return f"{value:.2f} s"
    if unit == "ms":
        return f"{value:.1f} ms" if value < 10 else f"{value:.0f} ms"
    if unit == "lines/s":
        return f"{value:,.0f} lines/s"
    return f"{value:.1f} {unit}"


def table(figures: list[Figure]) -> str:
    """A Markdown table: one row per figure."""
    rows = ["| | what | lambdadesk | today's way | ratio | target | met |", "|---|---|---|---|---|---|---|"]
    for f in figures:
        theirs = show(f.theirs, f.unit) if f.theirs is not None else "-"
        rows.append(f"| {f.key} | {f.what} | {show(f.ours, f.unit)} | {theirs} | {f.ratio() or '-'} | {f.target} | "
                    f"{'yes' if f.met else '**no**'} |")
    return "\n".join(rows)
