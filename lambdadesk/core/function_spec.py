"""What the user asks to deploy, and what a deploy did."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lambdadesk.core.errors import LambdadeskError

_FUNCTION_NAME = re.compile(r"^[A-Za-z0-9_-]{1,64}$")  # AWS's rule for a function's name (ARNs aside)


class FunctionNameError(LambdadeskError):
    """A function name AWS would refuse, or one that would reach outside lambdadesk's folders."""


def check_function_name(name: str) -> str:
    if not _FUNCTION_NAME.match(name):
        raise FunctionNameError(f"{name[:80]!r} cannot name a Lambda function.",
                                "Use 1 to 64 letters, digits, '-' or '_' (AWS's rule).")
    return name


@dataclass(frozen=True)
class FunctionSpec:
    name: str
    runtime: str
    handler: str
    code: bytes
    memory_mb: int = 256
    timeout_s: int = 30
    environment: dict[str, str] = field(default_factory=dict)  # the user's own; they win over injected ones


@dataclass(frozen=True)
class Deployment:
    name: str
    arn: str
    state: str
    created: bool  # False when an existing function was updated in place
    seconds: float
