"""What the user deployed and wired in an environment, kept so it can be shown and re-applied after the
emulator restarts (its state lives in memory). Plain data; stored by services.desired_state_store."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class FunctionRecord:
    name: str
    runtime: str
    handler: str
    code_file: str  # a copy of the deployed zip, kept beside the state file
    memory_mb: int = 256
    timeout_s: int = 30
    environment: dict[str, str] = field(default_factory=dict)  # the user's own variables only


@dataclass(frozen=True)
class ApiRecord:
    name: str
    function: str
    stage: str = "dev"


@dataclass(frozen=True)
class DesiredState:
    functions: dict[str, FunctionRecord] = field(default_factory=dict)
    apis: dict[str, ApiRecord] = field(default_factory=dict)
    topics: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.functions or self.apis or self.topics)

    def with_function(self, record: FunctionRecord) -> DesiredState:
        return DesiredState({**self.functions, record.name: record}, self.apis, self.topics)

    def with_api(self, record: ApiRecord) -> DesiredState:
        return DesiredState(self.functions, {**self.apis, record.name: record}, self.topics)

    def with_topic(self, name: str) -> DesiredState:
        topics = self.topics if name in self.topics else (*self.topics, name)
        return DesiredState(self.functions, self.apis, topics)

    def without(self, kind: str, name: str) -> DesiredState:
        """Forgotten: a deleted resource of that kind (core.resource.KINDS): a "function" (with the APIs wired to
        it), a "rest-api" or a "topic"; nothing else is recorded, so any other kind changes nothing."""
        functions = {k: v for k, v in self.functions.items() if not (kind == "function" and k == name)}
        apis = {k: v for k, v in self.apis.items()
                if not ((kind == "rest-api" and k == name) or (kind == "function" and v.function == name))}
        topics = tuple(t for t in self.topics if not (kind == "topic" and t == name))
        return DesiredState(functions, apis, topics)

    def names(self) -> list[str]:
        """What it holds, in words ("function seed", "API shop", "topic orders")."""
        return ([f"function {name}" for name in self.functions] + [f"API {name}" for name in self.apis]
                + [f"topic {name}" for name in self.topics])

    def to_dict(self) -> dict[str, Any]:
        return {"functions": [asdict(f) for f in self.functions.values()],
                "apis": [asdict(a) for a in self.apis.values()], "topics": list(self.topics)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DesiredState:
        functions = {f["name"]: FunctionRecord(**f) for f in data.get("functions", [])}
        apis = {a["name"]: ApiRecord(**a) for a in data.get("apis", [])}
        return cls(functions, apis, tuple(data.get("topics", [])))
