"""One invocation of a deployed function as lambdadesk keeps it: what ran it, how long it took, what it logged,
published and wrote, and what could not be known (said in words, never guessed)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

API = "api"  # through API Gateway, sent by lambdadesk (Requests, `lambdadesk request`, a flow's request step)
INVOKE = "invoke"  # a direct invoke by lambdadesk
LOGGED = "logged"  # seen only in the function's log: a trigger, or a caller outside lambdadesk


@dataclass(frozen=True)
class RedisWrite:
    at: float  # epoch seconds, Redis's own clock
    command: str  # as MONITOR shows it, bounded
    also_running: tuple[str, ...] = ()  # other invocations running then: this one may not have made it
    value_after: str | None = None  # the key's value as lambdadesk read it right after the call, bounded


@dataclass(frozen=True)
class PublishedMessage:
    at: float  # the SNS Timestamp: when the emulator accepted the publish
    topic_arn: str
    message_id: str
    message: str  # bounded
    delivered_at: float | None = None  # when lambdadesk's capture endpoint received it
    reached: tuple[str, ...] = ()  # the topic's subscriptions (protocol:endpoint) when the call was kept


@dataclass(frozen=True)
class Invocation:
    id: str  # Lambda's request id, or "call-…" for a call the emulator logged no invocation for
    function: str
    source: str  # API, INVOKE or LOGGED
    started_at: float  # epoch seconds
    ended_at: float
    cold: bool | None = None  # None: not known
    init_ms: float | None = None
    duration_ms: float | None = None
    logged_at: float | None = None  # the stamp of the invocation's log: about when it ended, on the emulator
    status: int | None = None  # HTTP status (API) or invoke status
    error: str | None = None
    request: dict[str, Any] | None = None  # API: the RequestSpec sent; replay sends it again
    event: Any = None  # INVOKE: the payload, exactly the event the function got
    response: str | None = None  # bounded
    log_lines: tuple[str, ...] = ()
    messages: tuple[PublishedMessage, ...] = ()
    redis_writes: tuple[RedisWrite, ...] = ()
    notes: tuple[str, ...] = ()  # what could not be recorded, and why
    maybe: tuple[str, ...] = ()  # a call with several logged invocations at once: their ids, one is this call's

    @property
    def replayable(self) -> bool:
        return self.request is not None or self.source == INVOKE

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Invocation:
        known = {key: value for key, value in data.items() if key in cls.__dataclass_fields__}
        known["log_lines"] = tuple(str(line) for line in known.get("log_lines", ()))
        known["messages"] = tuple(PublishedMessage(**{**m, "reached": tuple(m.get("reached", ()))})
                                  for m in known.get("messages", ()))
        known["redis_writes"] = tuple(RedisWrite(w["at"], w["command"], tuple(w.get("also_running", ())),
                                                 w.get("value_after")) for w in known.get("redis_writes", ()))
        known["notes"] = tuple(str(note) for note in known.get("notes", ()))
        known["maybe"] = tuple(str(one) for one in known.get("maybe", ()))
        return cls(**known)

    def summary(self) -> str:
        """One line: id, source, cold/warm, duration, status."""
        warmth = {True: "cold", False: "warm", None: "?"}[self.cold]
        duration = f"{self.duration_ms:.0f} ms" if self.duration_ms is not None else "? ms"
        outcome = self.error or (f"HTTP {self.status}" if self.source == API and self.status else "ok")
        return f"{self.id}  {self.function}  {self.source:<6} {warmth:<4} {duration:>8}  {outcome}"


def describe(invocation: Invocation) -> str:
    """Everything kept of one invocation, for people: the CLI's `invocations --show` and the window's details."""
    started = datetime.fromtimestamp(invocation.started_at, UTC).strftime("%Y-%m-%d %H:%M:%S.%f")[:-3]
    timing = [f"{invocation.duration_ms:.1f} ms" if invocation.duration_ms is not None else "duration not logged"]
    if invocation.init_ms is not None:
        timing.append(f"init {invocation.init_ms:.1f} ms")
    lines = [invocation.summary(), f"started {started} UTC; {', '.join(timing)}; "
             f"{'cold start' if invocation.cold else 'warm' if invocation.cold is False else 'cold or warm not known'}"]
    if invocation.request is not None:
        request = invocation.request
        lines += ["", f"request: {request.get('method', '')} {request.get('path', '')}"
                  + (f"?{request['query']}" if request.get("query") else ""), str(request.get("body", ""))]
    if invocation.event is not None:
        lines += ["", "event:", json.dumps(invocation.event, indent=2, ensure_ascii=False)]
    if invocation.response is not None:
        lines += ["", "response:", invocation.response]
    lines += ["", f"log ({len(invocation.log_lines)} lines):", *invocation.log_lines]
    lines += ["", f"SNS messages published ({len(invocation.messages)}):"]
    for message in invocation.messages:
        lines.append(f"  {message.topic_arn.rsplit(':', 1)[-1]}  {message.message_id}  {message.message}")
        lines += [f"    reached {subscription}" for subscription in message.reached]
    lines += ["", f"Redis writes ({len(invocation.redis_writes)}):"]
    for write in invocation.redis_writes:
        lines.append(f"  {write.command}" + (" (maybe by another invocation running then)" if write.also_running
                                             else ""))
        if write.value_after is not None:
            lines.append(f"    value after: {write.value_after}")
    if invocation.notes:
        lines += ["", "not known:", *(f"  {note}" for note in invocation.notes)]
    return "\n".join(lines)
