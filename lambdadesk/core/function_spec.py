"""What the user asks to deploy, and what a deploy did."""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

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
    changed: str = ""  # "code", "configuration", "code and configuration", "nothing"; "" when created
    note: str = ""  # what the user should know about it (topic ARNs left out of its environment), in words

    def said(self) -> str:
        """'Created ARN', 'Updated the code of ARN', 'ARN is unchanged: nothing deployed'."""
        if self.created:
            return f"Created {self.arn}"
        if self.changed == "nothing":
            return f"{self.arn} is unchanged: nothing deployed"
        return f"Updated the {self.changed or 'code and configuration'} of {self.arn}"


def code_sha256(code: bytes) -> str:
    """A zip's hash as AWS gives it (CodeSha256): base64 of its SHA-256."""
    return base64.b64encode(hashlib.sha256(code).digest()).decode()


def what_changed(current: dict[str, Any], code: bytes, wanted: dict[str, Any]) -> tuple[bool, bool]:
    """(code changed, configuration changed) between a function's configuration as the emulator has it and the
    zip and configuration (Runtime, Handler, MemorySize, Timeout, Environment) a deploy asks for."""
    code_changed = current.get("CodeSha256") != code_sha256(code)
    have = {"Runtime": current.get("Runtime"), "Handler": current.get("Handler"),
            "MemorySize": current.get("MemorySize"), "Timeout": current.get("Timeout"),
            "Environment": {"Variables": (current.get("Environment") or {}).get("Variables") or {}}}
    return code_changed, have != wanted
