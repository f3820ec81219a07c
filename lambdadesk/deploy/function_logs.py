"""A function's log lines since a moment, from the emulator's CloudWatch Logs (`/aws/lambda/NAME`): what a flow
step shows beside the request that ran the function. Empty when the emulator keeps none."""

from __future__ import annotations

import time

from lambdadesk.adapters.aws.aws_clients import emulator_client

MAX_LINES = 200


def last_invocation(lines: list[str]) -> list[str]:
    """The lines from the last START of an invocation that has its REPORT, or all of them when there is none."""
    starts = [i for i, line in enumerate(lines) if line.startswith("START RequestId")]
    for start in reversed(starts):
        if any(line.startswith("REPORT RequestId") for line in lines[start:]):
            return lines[start:]
    return lines


def log_lines_since(endpoint: str, region: str, function: str, since_ms: int, wait_s: float = 1.0) -> str:
    """Blocking. Lines logged at or after `since_ms`, waiting up to `wait_s` for the invocation's REPORT line."""
    logs = emulator_client("logs", endpoint, region)
    deadline = time.monotonic() + wait_s
    lines: list[str] = []
    while True:
        try:
            events = logs.filter_log_events(logGroupName=f"/aws/lambda/{function}", startTime=since_ms,
                                            limit=MAX_LINES).get("events", [])
        except logs.exceptions.ResourceNotFoundException:
            events = []
        lines = [str(event.get("message", "")).rstrip("\n") for event in events]
        if any(line.startswith("REPORT RequestId") for line in lines) or time.monotonic() >= deadline:
            return "\n".join(last_invocation(lines))
        time.sleep(0.1)
