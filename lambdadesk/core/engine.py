"""The container engine as the user should always see it: which one, where, and whether it answers."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class EngineState:
    reachable: bool
    endpoint: str  # unix:///var/run/docker.sock, tcp://…, ssh://…
    source: str  # how it was chosen: "DOCKER_HOST", "docker context NAME", "the default socket"
    product: str = ""  # "Docker Engine 20.10.24", "Podman Engine 4.3.1" (when reachable)
    problem: str = ""  # why not (when not reachable)
    next_step: str = ""

    def text(self) -> str:
        if self.reachable:
            return f"{self.product} at {self.endpoint} ({self.source})"
        return f"{self.problem.rstrip('.')} ({self.source})."
