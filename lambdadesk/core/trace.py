"""One call, traced: the hops of a kept invocation on a time axis (a waterfall like a browser's network tab) —
API Gateway received, the Lambda invocation (init, run, its log lines), each SNS message published and where it
went, each Redis write with the value after, the response — as spans, as text, and as OpenTelemetry JSON (OTLP)
that Jaeger or Grafana Tempo open."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from lambdadesk.core.invocation import API, Invocation

BAR_CHARS = 40


@dataclass(frozen=True)
class Span:
    name: str
    start: float  # epoch seconds
    end: float
    kind: str  # "call", "init", "run", "sns", "delivery", "redis"
    detail: str = ""
    children: tuple[Span, ...] = field(default_factory=tuple)

    @property
    def ms(self) -> float:
        return (self.end - self.start) * 1000


def spans(invocation: Invocation) -> Span:
    """The call as the root span; the invocation's init and run, the messages and the writes beneath it."""
    start, end = invocation.started_at, invocation.ended_at
    what = (f"{invocation.request.get('method', '')} {invocation.request.get('path', '')}"
            if invocation.request else f"invoke {invocation.function}")
    children: list[Span] = []
    if invocation.logged_at is not None and invocation.duration_ms is not None:
        duration = invocation.duration_ms / 1000
        # the emulator stamps the log when it takes it, a little after the end: what the run wrote and published
        # happened within it, so the run is placed to hold them
        effects = [w.at for w in invocation.redis_writes] + [m.at for m in invocation.messages]
        run_start = max(start, min([min(invocation.logged_at, end) - duration, *effects]))
        run_end = min(end, max([run_start + duration, *effects]))
        if invocation.init_ms is not None:
            children.append(Span("init (cold start)", max(start, run_start - invocation.init_ms / 1000), run_start,
                                 "init"))
        children.append(Span(f"{invocation.function} ran", run_start, run_end, "run",
                             f"{len(invocation.log_lines)} log lines"))
    for message in invocation.messages:
        topic = message.topic_arn.rsplit(":", 1)[-1]
        delivered = message.delivered_at if message.delivered_at is not None else message.at
        reached = ", ".join(message.reached) or "no subscription seen"
        children.append(Span(f"SNS publish to {topic}", message.at, max(message.at, delivered), "sns",
                             f"{message.message[:80]} → {reached}"))  # until lambdadesk's endpoint had it
    for write in invocation.redis_writes:
        after = f"; after: {write.value_after[:80]}" if write.value_after is not None else ""
        name = " ".join(write.command.split(" ", 2)[:2])[:60]  # the command and its key
        children.append(Span(f"Redis {name}", write.at, write.at, "redis", f"{write.command[:120]}{after}"))
    children.sort(key=lambda span: span.start)
    source = "API Gateway received" if invocation.source == API else "sent"
    status = f"HTTP {invocation.status}" if invocation.source == API else (invocation.error or "ok")
    return Span(f"{what} ({source} → {status})", start, end, "call", invocation.id, tuple(children))


def waterfall(invocation: Invocation) -> str:
    """The trace as text: one line per span, its offset, its length and a bar on the call's time axis."""
    root = spans(invocation)
    total = max(root.end - root.start, 1e-6)
    lines = [f"trace of {invocation.id} ({invocation.function}): {root.ms:.0f} ms in all"]
    for span, depth in [(root, 0)] + [(child, 1) for child in root.children]:
        first = int((span.start - root.start) / total * BAR_CHARS)
        width = max(1, round((span.end - span.start) / total * BAR_CHARS))
        bar = " " * min(first, BAR_CHARS - 1) + "█" * min(width, BAR_CHARS - min(first, BAR_CHARS - 1))
        offset = (span.start - root.start) * 1000
        lines.append(f"{bar:<{BAR_CHARS}} {offset:+8.1f} ms {span.ms:8.1f} ms  {'  ' * depth}{span.name}"
                     + (f"  {span.detail}" if span.detail and depth else ""))
    for note in invocation.notes:
        lines.append(f"not known: {note}")
    return "\n".join(lines)


def otlp(invocation: Invocation) -> dict[str, object]:
    """The trace as an OTLP/JSON ExportTraceServiceRequest (ids in hex, times as nanosecond strings)."""
    root = spans(invocation)
    trace_id = hashlib.sha256(invocation.id.encode()).hexdigest()[:32]

    def span_id(name: str, number: int) -> str:
        return hashlib.sha256(f"{invocation.id}/{number}/{name}".encode()).hexdigest()[:16]

    def encoded(span: Span, number: int, parent: str) -> dict[str, object]:
        attributes = [{"key": "lambdadesk.kind", "value": {"stringValue": span.kind}}]
        if span.detail:
            attributes.append({"key": "lambdadesk.detail", "value": {"stringValue": span.detail}})
        data: dict[str, object] = {
            "traceId": trace_id, "spanId": span_id(span.name, number), "name": span.name,
            "kind": 2 if span.kind == "call" else 1,  # SERVER for the call, INTERNAL for its parts
            "startTimeUnixNano": str(int(span.start * 1e9)), "endTimeUnixNano": str(int(span.end * 1e9)),
            "attributes": attributes}
        if parent:
            data["parentSpanId"] = parent
        return data

    root_encoded = encoded(root, 0, "")
    if invocation.log_lines:
        root_encoded["events"] = [{"timeUnixNano": str(int((invocation.logged_at or root.end) * 1e9)),
                                   "name": "log", "attributes": [{"key": "line", "value": {"stringValue": line}}]}
                                  for line in invocation.log_lines]
    if invocation.error:
        root_encoded["status"] = {"code": 2, "message": invocation.error}
    encoded_spans = [root_encoded] + [encoded(child, n, str(root_encoded["spanId"]))
                                      for n, child in enumerate(root.children, start=1)]
    return {"resourceSpans": [{
        "resource": {"attributes": [{"key": "service.name", "value": {"stringValue": invocation.function}}]},
        "scopeSpans": [{"scope": {"name": "lambdadesk"}, "spans": encoded_spans}]}]}
