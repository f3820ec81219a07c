"""One step of a flow run in words, for the details beside the timeline: expected beside got, what was sent,
what came back, the Lambda's log lines."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lambdadesk.flows.flow_result import StepResult


def step_details(step: StepResult) -> str:
    verdict = "not run" if step.skipped else ("pass" if step.ok else "FAIL")
    parts = [f"{step.name} — {verdict} in {step.seconds:.2f} s", step.detail]
    if step.mismatches:
        parts.append("Expected beside got:\n" + "\n".join(
            f"  {m.path or 'result'}\n    expected: {m.expected}\n    got:      {m.got}" for m in step.mismatches))
    if step.sent is not None:
        parts.append("Sent:\n" + _pretty(step.sent))
    if step.received is not None:
        received = {k: v for k, v in step.received.items() if k != "log"} if isinstance(step.received, dict) \
            else step.received
        parts.append("Received:\n" + _pretty(received))
    if step.log:
        parts.append("Log:\n" + step.log.rstrip())
    return "\n\n".join(part for part in parts if part)


def _pretty(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False, default=str)
