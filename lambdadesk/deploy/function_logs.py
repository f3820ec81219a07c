"""A function's log lines since a moment, from the emulator's CloudWatch Logs (`/aws/lambda/NAME`): what a flow
step shows beside the request that ran the function. Empty when the emulator keeps none."""

from __future__ import annotations

import time
from collections.abc import Collection
from typing import Any

from lambdadesk.adapters.aws.aws_clients import emulator_client
from lambdadesk.core.request_lines import reported_request, started_request

MAX_LINES = 200
UNMARKED_WAIT_S = 1.0

def _without(lines: list[str], earlier: Collection[str]) -> list[str]:
    """The lines, less those of the invocations in `earlier` (from each one's START to its REPORT)."""
    kept: list[str] = []
    skipping: str | None = None
    for line in lines:
        started = started_request(line)
        if started is not None:
            skipping = started if started in earlier else None
        if skipping is None:
            kept.append(line)
        elif reported_request(line) == skipping:
            skipping = None
    return kept


def last_invocation(lines: list[str], earlier: Collection[str] = ()) -> list[str]:
    """The lines from the last START of an invocation that has its REPORT, or all of them when there is none;
    the lines of `earlier` invocations (request ids logged before the call) left out."""
    lines = _without(lines, earlier)
    starts = [i for i, line in enumerate(lines) if started_request(line)]
    for start in reversed(starts):
        if any(reported_request(line) for line in lines[start:]):
            return lines[start:]
    return lines


def _read(logs: Any, function: str, since_ms: int) -> list[str]:
    try:
        events = logs.filter_log_events(logGroupName=f"/aws/lambda/{function}", startTime=since_ms,
                                        limit=MAX_LINES).get("events", [])
    except logs.exceptions.ResourceNotFoundException:
        events = []
    return [str(event.get("message", "")).rstrip("\n") for event in events]


def logged_request_ids(endpoint: str, region: str, function: str, since_ms: int) -> frozenset[str]:
    """Blocking. The request ids whose START was logged at or after `since_ms`: what a call made next is not."""
    lines = _read(emulator_client("logs", endpoint, region), function, since_ms)
    return frozenset(found for found in (started_request(line) for line in lines) if found)


def log_lines_since(endpoint: str, region: str, function: str, since_ms: int, wait_s: float = 1.0,
                    earlier: Collection[str] = ()) -> str:
    """Blocking. Lines logged at or after `since_ms`, waiting up to `wait_s` for the REPORT line of an invocation
    that is not one of `earlier` (an earlier call's, still inside the clock's margin). An emulator that has marked
    no invocation with START lines is waited for `UNMARKED_WAIT_S` at most: it may never write one."""
    logs = emulator_client("logs", endpoint, region)
    started = time.monotonic()
    while True:
        lines = _read(logs, function, since_ms)
        reported = {found for found in (reported_request(line) for line in lines) if found}
        waited = time.monotonic() - started
        unmarked = not any(started_request(line) for line in lines)
        if reported - set(earlier) or waited >= wait_s or (unmarked and waited >= UNMARKED_WAIT_S):
            return "\n".join(last_invocation(lines, earlier))
        time.sleep(0.1)
