"""What a flow run gives back, step by step: the timeline the CLI prints, the window draws and the reports keep."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from lambdadesk.flows.expectations import Mismatch


@dataclass(frozen=True)
class StepResult:
    name: str
    ok: bool
    seconds: float
    detail: str  # one line: what happened, or why it failed
    kind: str = "setup"  # "setup" for the environment part, else the step's kind
    sent: Any = None  # what the step sent (request, payload, message), as plain data
    received: Any = None  # what came back, as the step's expectations saw it
    mismatches: tuple[Mismatch, ...] = ()  # expected beside got, for a failed expectation
    log: str = ""  # the Lambda's log lines of this step, when the emulator gives them
    skipped: bool = False  # not run, because an earlier step failed


@dataclass
class FlowReport:
    name: str = ""
    file: str = ""
    steps: list[StepResult] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.steps) and all(step.ok for step in self.steps)

    @property
    def seconds(self) -> float:
        return sum(step.seconds for step in self.steps)

    @property
    def failed(self) -> StepResult | None:
        return next((step for step in self.steps if not step.ok and not step.skipped), None)
