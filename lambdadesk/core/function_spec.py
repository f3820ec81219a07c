"""What the user asks to deploy, and what a deploy did."""

from __future__ import annotations

from dataclasses import dataclass, field


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
