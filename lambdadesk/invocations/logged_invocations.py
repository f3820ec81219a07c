"""A function's CloudWatch log events cut into invocations, START to REPORT, by request id. The emulator stamps
an invocation's lines when it hands them over (at its end), so a line's timestamp says when it ended."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from lambdadesk.core.request_lines import reported_request, started_request

_DURATION = re.compile(r"(?<!Init )(?<!Billed )Duration: ([\d.]+) ms")
_INIT = re.compile(r"Init Duration: ([\d.]+) ms")


@dataclass(frozen=True)
class LoggedInvocation:
    request_id: str
    stream: str
    ended_ms: int  # the REPORT line's timestamp
    duration_ms: float | None
    init_ms: float | None  # Lambda reports it only for a cold start
    lines: tuple[str, ...]  # START to REPORT, both included
    first_in_stream: bool  # a log stream is one execution environment: its first invocation started it

    @property
    def cold(self) -> bool:
        return self.init_ms is not None or self.first_in_stream

    @property
    def started_ms(self) -> float:
        return self.ended_ms - (self.duration_ms or 0.0) - (self.init_ms or 0.0)


def cut(events: list[dict[str, Any]], stream_starts: set[str] | None = None) -> list[LoggedInvocation]:
    """The complete invocations (START to REPORT) in `events`, oldest first. `stream_starts` names the streams
    `events` holds from their very first event: the first START of such a stream is a cold start."""
    lines_of: dict[str, list[str]] = {}  # request id -> its lines so far
    first_of: dict[str, bool] = {}
    printing: dict[str, str] = {}  # stream -> the request id whose lines it is printing
    started_streams: set[str] = set()
    done: list[LoggedInvocation] = []
    for event in sorted(events, key=lambda e: int(e.get("timestamp", 0))):
        stream = str(event.get("logStreamName", ""))
        for line in str(event.get("message", "")).splitlines():
            if started := started_request(line):
                request_id = started
                first_of[request_id] = stream in (stream_starts or set()) and stream not in started_streams
                started_streams.add(stream)
                lines_of[request_id] = [line]
                printing[stream] = request_id
                continue
            request_id = printing.get(stream, "")
            if request_id not in lines_of:
                continue  # a line of an invocation whose START came before these events
            lines_of[request_id].append(line)
            if reported_request(line):
                duration, init = _DURATION.search(line), _INIT.search(line)
                done.append(LoggedInvocation(request_id, stream, int(event.get("timestamp", 0)),
                                             float(duration.group(1)) if duration else None,
                                             float(init.group(1)) if init else None,
                                             tuple(lines_of.pop(request_id)), first_of.pop(request_id)))
                del printing[stream]
    return done
