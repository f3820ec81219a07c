"""A flow file as the runner sees it: the environment it needs (functions, APIs, topics, Redis seed data) and its
steps, each still holding `${…}` references that are filled in when the step runs."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lambdadesk.flows.flow_yaml import Where

STEP_KINDS = ("request", "invoke", "publish", "sns", "redis", "sleep")
SAMPLES = ("seed-python", "seed-go")  # functions lambdadesk builds from the source it ships


@dataclass(frozen=True)
class FunctionDef:
    name: str
    runtime: str
    handler: str
    zip: str = ""  # a path (relative to the flow file's folder), or empty with `source` or `sample`
    sample: str = ""
    memory_mb: int = 256
    timeout_s: int = 30
    env: dict[str, Any] = field(default_factory=dict)
    source: str = ""  # a source folder (relative to the flow file's folder), packaged as Deploy does


@dataclass(frozen=True)
class ApiDef:
    name: str
    function: str
    stage: str = "dev"


@dataclass(frozen=True)
class RedisSeed:
    """A key the flow writes into Redis before its steps run."""
    key: str
    kind: str  # "string", "json" (any YAML value, written as JSON text) or "hash"
    value: Any  # still holding `${…}`
    ttl_s: float | None = None


@dataclass(frozen=True)
class Retry:
    within_s: float
    every_s: float


@dataclass(frozen=True)
class Step:
    index: int
    name: str
    kind: str  # one of STEP_KINDS
    action: dict[str, Any]  # the kind's own fields (for sleep: {"seconds": …})
    expect: Any = None  # None: nothing to check beyond the step working
    save: dict[str, str] = field(default_factory=dict)  # variable -> path in the step's result
    retry: Retry | None = None
    where: Where = ()


@dataclass(frozen=True)
class Flow:
    name: str
    file: Path
    variables: dict[str, Any]  # `vars:` of the file, overridden by the caller's
    functions: dict[str, FunctionDef]
    apis: dict[str, ApiDef]
    topics: tuple[str, ...]
    steps: tuple[Step, ...]
    description: str = ""
    redis: tuple[RedisSeed, ...] = ()  # written after the functions and APIs, before the first step

    @property
    def folder(self) -> Path:
        return self.file.parent
