"""What the orchestrator reports while it works, and what `status` and log streams return."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class ServiceState(StrEnum):
    ABSENT = "absent"
    PULLING = "pulling"
    CREATING = "creating"
    STARTING = "starting"
    READY = "ready"
    UNHEALTHY = "unhealthy"
    STOPPING = "stopping"
    STOPPED = "stopped"
    FAILED = "failed"


@dataclass(frozen=True)
class StateChanged:
    service: str
    state: ServiceState
    detail: str = ""


@dataclass(frozen=True)
class PullProgress:
    """One layer's progress while an image is pulled; `current`/`total` in bytes when the registry says."""

    service: str
    image: str
    layer: str
    status: str
    current: int = 0
    total: int = 0


@dataclass(frozen=True)
class Notice:
    """Something the user should read (a default they did not choose, what a toggle costs)."""

    text: str


Event = StateChanged | PullProgress | Notice
EventSink = Callable[[Event], None]


def ignore_events(_event: Event) -> None:
    """An EventSink for callers that do not show progress."""


@dataclass(frozen=True)
class ServiceStatus:
    service: str
    container: str
    state: ServiceState
    image: str
    health: str = ""  # Docker's health status where the image defines one
    ports: dict[str, str] = field(default_factory=dict)  # "4566/tcp" -> "127.0.0.1:4566"
    started_at: datetime | None = None
    uptime_s: float | None = None
    detail: str = ""  # why a running service is not ready


@dataclass(frozen=True)
class LogLine:
    source: str  # the container's name
    timestamp: str  # RFC 3339 as Docker gives it; empty when unknown
    text: str
    ended: bool = False  # the last of its source: the container stopped or is gone (text says so)
