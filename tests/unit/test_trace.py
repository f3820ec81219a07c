"""A kept invocation as a trace: its spans in order and within the call, the text waterfall, and the OTLP export
loaded into the OpenTelemetry protocol's own message types."""

from __future__ import annotations

import json
import re

from google.protobuf import json_format
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest

from lambdadesk.core.invocation import API, INVOKE, Invocation, PublishedMessage, RedisWrite
from lambdadesk.core.trace import otlp, spans, waterfall

T = 1796185281.0


def _seed(**changes: object) -> Invocation:
    fields: dict[str, object] = dict(
        id="6ce43a3a-320b", function="lambdadesk-seed", source=API, started_at=T, ended_at=T + 0.100, cold=True,
        init_ms=30.0, duration_ms=40.0, logged_at=T + 0.090, status=200,
        request={"method": "POST", "path": "/seed", "body": "{}"}, response='{"requestId": "r"}',
        log_lines=("START RequestId: 6ce43a3a-320b", "stored", "REPORT RequestId: 6ce43a3a-320b"),
        redis_writes=(RedisWrite(T + 0.040, 'SET r {"a": 1}', (), '{"a": 1}'),),
        messages=(PublishedMessage(T + 0.060, "arn:aws:sns:us-east-1:0:seed", "m-1", "r", T + 0.070,
                                   ("http:http://127.0.0.1:4000/sns",)),))
    fields.update(changes)
    return Invocation(**fields)  # type: ignore[arg-type]


def test_the_hops_come_in_order_within_the_call() -> None:
    root = spans(_seed())
    assert root.name == "POST /seed (API Gateway received → HTTP 200)" and (root.start, root.end) == (T, T + 0.1)
    assert [child.kind for child in root.children] == ["init", "run", "redis", "sns"]
    init, run, write, message = root.children
    assert init.end == run.start and abs(init.ms - 30) < 1e-3
    assert run.start <= write.start <= message.start <= run.end <= root.end  # the run holds what it did
    assert write.name == "Redis SET r" and write.detail.endswith('after: {"a": 1}')
    assert abs(message.ms - 10) < 1e-3 and "http://127.0.0.1:4000/sns" in message.detail


def test_a_run_stamped_late_is_moved_to_hold_its_writes_and_stays_within_the_call() -> None:
    late = spans(_seed(logged_at=T + 0.5, init_ms=None, duration_ms=20.0)).children
    run = next(span for span in late if span.kind == "run")
    assert run.start <= T + 0.040 and T + 0.060 <= run.end <= T + 0.100


def test_the_waterfall_has_a_bar_per_hop_on_one_axis() -> None:
    lines = waterfall(_seed(notes=("two at once",))).splitlines()
    assert lines[0] == "trace of 6ce43a3a-320b (lambdadesk-seed): 100 ms in all"
    bars = [re.match(r"^( *)(█+)", line) for line in lines[1:6]]
    assert all(bars) and bars[0].group(1) == "" and len(bars[0].group(2)) == 40  # type: ignore[union-attr]
    assert [len(bar.group(1)) for bar in bars[2:]] == [16, 16, 24]  # type: ignore[union-attr]  # +40, +40, +60 ms
    assert lines[-1] == "not known: two at once"


def test_the_otlp_export_loads_as_opentelemetry_spans_with_hex_ids() -> None:
    exported = otlp(_seed(error="HTTP 502", status=502))
    request = json_format.Parse(json.dumps(exported), ExportTraceServiceRequest())
    loaded = request.resource_spans[0].scope_spans[0].spans
    assert [span.name for span in loaded][1:] == ["init (cold start)", "lambdadesk-seed ran", "Redis SET r",
                                                  "SNS publish to seed"]
    assert loaded[0].start_time_unix_nano == int(T * 1e9) and loaded[0].status.code == 2
    assert [event.attributes[0].value.string_value for event in loaded[0].events][1] == "stored"
    raw = exported["resourceSpans"][0]["scopeSpans"][0]["spans"]  # type: ignore[index]
    assert all(re.fullmatch(r"[0-9a-f]{32}", span["traceId"]) and re.fullmatch(r"[0-9a-f]{16}", span["spanId"])
               for span in raw)  # OTLP/JSON writes ids in hex, not base64
    assert {span.get("parentSpanId") for span in raw[1:]} == {raw[0]["spanId"]} and len(
        {span["spanId"] for span in raw}) == len(raw)


def test_the_waterfall_text_in_full_for_an_api_call_and_an_invoke() -> None:
    assert waterfall(_seed()) == "\n".join([
        "trace of 6ce43a3a-320b (lambdadesk-seed): 100 ms in all",
        "█" * 40 + "     +0.0 ms    100.0 ms  POST /seed (API Gateway received → HTTP 200)",
        "    " + "█" * 12 + " " * 24 + "    +10.0 ms     30.0 ms    init (cold start)",
        " " * 16 + "█" * 16 + " " * 8 + "    +40.0 ms     40.0 ms    lambdadesk-seed ran  3 log lines",
        " " * 16 + "█" + " " * 23 + "    +40.0 ms      0.0 ms    Redis SET r  SET r {\"a\": 1}; after: {\"a\": 1}",
        " " * 24 + "████" + " " * 12 + "    +60.0 ms     10.0 ms    SNS publish to seed  r → "
                                         "http:http://127.0.0.1:4000/sns"])
    invoke = Invocation("call-9", "fn", INVOKE, T, T + 0.05, error="Unhandled",
                        messages=(PublishedMessage(T + 0.01, "arn:aws:sns:us-east-1:0:t", "m", "x" * 100),),
                        redis_writes=(RedisWrite(T + 0.02, "SET k:1 " + "v" * 200),))
    assert waterfall(invoke) == "\n".join([  # no run span: the emulator logged no duration
        "trace of call-9 (fn): 50 ms in all",
        "█" * 40 + "     +0.0 ms     50.0 ms  invoke fn (sent → Unhandled)",
        " " * 8 + "█" + " " * 31 + "    +10.0 ms      0.0 ms    SNS publish to t  " + "x" * 80
        + " → no subscription seen",  # delivered: not seen, so the span ends where it starts
        " " * 16 + "█" + " " * 23 + "    +20.0 ms      0.0 ms    Redis SET k:1  SET k:1 " + "v" * 112])


def test_a_span_past_the_axis_keeps_its_bar_inside_it() -> None:
    late = _seed(messages=(PublishedMessage(T + 0.099, "arn:aws:sns:us-east-1:0:seed", "m-1", "r", T + 0.5),))
    bars = [line[:40] for line in waterfall(late).splitlines()[1:]]
    assert bars[-1] == " " * 39 + "█" and all(len(bar.rstrip()) <= 40 for bar in bars)


def test_the_otlp_export_in_full_for_a_small_invoke() -> None:
    invoke = Invocation("call-9", "fn", INVOKE, T, T + 0.05, logged_at=T + 0.04, log_lines=("hello",),
                        redis_writes=(RedisWrite(T + 0.02, "SET k v"),))
    exported, again = otlp(invoke), otlp(invoke)
    assert exported == again  # the same invocation exports with the same ids
    resource = exported["resourceSpans"][0]  # type: ignore[index]
    assert resource["resource"] == {"attributes": [{"key": "service.name", "value": {"stringValue": "fn"}}]}
    assert resource["scopeSpans"][0]["scope"] == {"name": "lambdadesk"}
    root, write = resource["scopeSpans"][0]["spans"]
    trace_id, root_id, write_id = root.pop("traceId"), root.pop("spanId"), write.pop("spanId")
    assert write.pop("traceId") == trace_id and root_id != write_id
    assert root == {"name": "invoke fn (sent → ok)", "kind": 2, "startTimeUnixNano": str(int(T * 1e9)),
                    "endTimeUnixNano": str(int((T + 0.05) * 1e9)),
                    "attributes": [{"key": "lambdadesk.kind", "value": {"stringValue": "call"}},
                                   {"key": "lambdadesk.detail", "value": {"stringValue": "call-9"}}],
                    "events": [{"timeUnixNano": str(int((T + 0.04) * 1e9)), "name": "log",
                                "attributes": [{"key": "line", "value": {"stringValue": "hello"}}]}]}
    assert write == {"name": "Redis SET k", "kind": 1, "startTimeUnixNano": str(int((T + 0.02) * 1e9)),
                     "endTimeUnixNano": str(int((T + 0.02) * 1e9)), "parentSpanId": root_id,
                     "attributes": [{"key": "lambdadesk.kind", "value": {"stringValue": "redis"}},
                                    {"key": "lambdadesk.detail", "value": {"stringValue": "SET k v"}}]}
    assert otlp(_seed(id="another"))["resourceSpans"][0]["scopeSpans"][0]["spans"][0]["traceId"] != trace_id  # type: ignore[index]


def test_span_ids_are_fixed_by_the_invocation_the_order_and_the_name() -> None:
    import hashlib

    raw = otlp(_seed())["resourceSpans"][0]["scopeSpans"][0]["spans"]  # type: ignore[index]
    names = [span["name"] for span in raw]
    expected = [hashlib.sha256(f"6ce43a3a-320b/{number}/{name}".encode()).hexdigest()[:16]
                for number, name in enumerate(names)]
    assert [span["spanId"] for span in raw] == expected
    assert raw[0]["traceId"] == hashlib.sha256(b"6ce43a3a-320b").hexdigest()[:32]


def test_what_a_span_keeps_of_long_values_and_of_a_request_without_a_path() -> None:
    call = _seed(request={"body": "{}"}, redis_writes=(
        RedisWrite(T + 0.04, "HSET " + "k" * 70 + " f v", (), "a" * 81),), messages=())
    root = spans(call)
    assert root.name == "  (API Gateway received → HTTP 200)"  # neither method nor path was kept
    write = next(span for span in root.children if span.kind == "redis")
    assert write.name == "Redis " + ("HSET " + "k" * 70)[:60]
    assert write.detail.endswith("; after: " + "a" * 80)
    run = next(span for span in root.children if span.kind == "run")
    assert abs(run.ms - 40.0) < 1e-3  # the duration the emulator logged (1,001 would give 39.96)
