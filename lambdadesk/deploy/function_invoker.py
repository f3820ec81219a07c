"""Invokes a function directly with a payload and reports what came back, how long it took, and its log tail."""

from __future__ import annotations

import base64
import json
import time
from dataclasses import dataclass

from lambdadesk.adapters.aws.aws_clients import emulator_client


@dataclass(frozen=True)
class InvokeResult:
    status: int
    function_error: str | None  # "Unhandled" when the function raised or could not start
    payload: str
    seconds: float
    log_tail: str  # the last 4 KB of the invocation's log, as Lambda returns it
    cold: bool  # the runtime had to start: Lambda's REPORT line carries "Init Duration" only then


class FunctionInvoker:
    def __init__(self, endpoint: str, region: str) -> None:
        self._lambda = emulator_client("lambda", endpoint, region, read_timeout_s=300, attempts=1)
        self._warm: dict[str, str] = {}  # function name -> code revision already invoked

    def invoke(self, name: str, payload: object) -> InvokeResult:
        """Blocking."""
        revision = self._lambda.get_function(FunctionName=name)["Configuration"].get("RevisionId", "")
        first_seen = self._warm.get(name) != revision
        started = time.monotonic()
        response = self._lambda.invoke(FunctionName=name, Payload=json.dumps(payload).encode(), LogType="Tail")
        body = response["Payload"].read().decode("utf-8", errors="replace")
        seconds = time.monotonic() - started
        self._warm[name] = revision
        tail = base64.b64decode(response.get("LogResult") or b"").decode("utf-8", errors="replace")
        # without a REPORT line (an emulator that sends no log tail) the best guess is this invoker's own first call
        cold = "Init Duration:" in tail if "REPORT RequestId" in tail else first_seen
        return InvokeResult(int(response["StatusCode"]), response.get("FunctionError"), body, seconds, tail, cold)
