"""How the CLI prints: readable lines for people, JSON for scripts (`--json`)."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict, is_dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, TextIO

from lambdadesk.core.engine import EngineState
from lambdadesk.core.errors import LambdadeskError
from lambdadesk.core.events import Event, LogLine, Notice, PullProgress, ServiceStatus, StateChanged

if TYPE_CHECKING:
    from lambdadesk.flows.flow_result import StepResult


def _plain(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return {k: _plain(v) for k, v in asdict(value).items()}
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, datetime):
        return value.isoformat()
    return value


class Printer:
    def __init__(self, as_json: bool, out: TextIO | None = None, err: TextIO | None = None) -> None:
        self.as_json = as_json
        self.out = out or sys.stdout  # looked up now, not when this module was imported
        self.err = err or sys.stderr
        self._layer_status: dict[tuple[str, str], str] = {}

    def event(self, event: Event) -> None:
        """Progress goes to stderr so that stdout stays the command's result."""
        if self.as_json:
            print(json.dumps({"event": type(event).__name__, **_plain(event)}), file=self.err, flush=True)
        elif isinstance(event, StateChanged):
            detail = f" ({event.detail})" if event.detail else ""
            print(f"{event.service:>9}: {event.state.value}{detail}", file=self.err, flush=True)
        elif isinstance(event, PullProgress):
            key = (event.image, event.layer)
            if self._layer_status.get(key) != event.status:  # one line per layer step, not per byte
                self._layer_status[key] = event.status
                share = f" {100 * event.current // event.total}%" if event.total else ""
                layer = f" {event.layer}" if event.layer else ""
                print(f"{event.service:>9}: pulling {event.image}{layer}: {event.status}{share}",
                      file=self.err, flush=True)
        elif isinstance(event, Notice):
            print(f"note: {event.text}", file=self.err, flush=True)

    def step(self, step: StepResult) -> None:
        """A flow step as it completes (stderr, like other progress)."""
        if self.as_json:
            print(json.dumps({"event": "StepResult", **_plain(step)}), file=self.err, flush=True)
        else:
            mark = "ok  " if step.ok else ("skip" if step.skipped else "FAIL")
            print(f"{mark} {step.seconds:6.2f}s  {step.name}: {step.detail}", file=self.err, flush=True)
            for mismatch in step.mismatches:
                print(f"      {mismatch.path or 'result'}:\n        expected: {mismatch.expected}\n"
                      f"        got:      {mismatch.got}", file=self.err, flush=True)

    def result(self, value: Any, text: str) -> None:
        print(json.dumps(_plain(value), indent=2) if self.as_json else text, file=self.out, flush=True)

    def record(self, value: Any, text: str) -> None:
        """One item of a stream of results: one JSON object per line with --json."""
        print(json.dumps(_plain(value)) if self.as_json else text, file=self.out, flush=True)

    def status_table(self, rows: list[ServiceStatus], engine: EngineState | None = None) -> None:
        """The environment's containers; in text, the engine they run on first (JSON keeps the rows alone)."""
        lines = [f"Engine: {engine.text()}"] if engine is not None else []
        lines += [f"{'SERVICE':<9} {'STATE':<10} {'UPTIME':>8}  {'PORTS':<24} {'IMAGE':<36} CONTAINER"]
        for row in rows:
            uptime = _duration(row.uptime_s) if row.uptime_s is not None else "-"
            ports = ", ".join(row.ports.values()) or "-"
            lines.append(f"{row.service:<9} {row.state.value:<10} {uptime:>8}  {ports:<24} {row.image:<36} "
                         f"{row.container}" + (f"\n{'':<9} {row.detail}" if row.detail else ""))
        self.result(rows, "\n".join(lines))

    def log_line(self, line: LogLine) -> None:
        if self.as_json:
            print(json.dumps(_plain(line)), file=self.out, flush=True)
        else:
            print(f"{line.source} {line.timestamp} {line.text}", file=self.out, flush=True)

    def failure(self, error: LambdadeskError) -> None:
        """An error a person can act on; with --json its next step is a field of its own."""
        if self.as_json:
            print(json.dumps({"error": error.message, "next_step": error.next_step}), file=self.err, flush=True)
        else:
            print(f"error: {error}", file=self.err, flush=True)

    def error(self, message: str) -> None:
        if self.as_json:
            print(json.dumps({"error": message}), file=self.err, flush=True)
        else:
            print(f"error: {message}", file=self.err, flush=True)


def _duration(seconds: float) -> str:
    seconds = int(seconds)
    if seconds < 120:
        return f"{seconds}s"
    if seconds < 7200:
        return f"{seconds // 60}m"
    return f"{seconds // 3600}h"
