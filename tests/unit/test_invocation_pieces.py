"""The pieces of the invocation history that need no emulator: log cutting, the record, the store, SNS stamps,
and MONITOR against a real redis-server."""

from __future__ import annotations

import json
import textwrap
import time
from pathlib import Path

import pytest
import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from lambdadesk.adapters.store import invocation_store
from lambdadesk.adapters.store.invocation_store import InvocationStore
from lambdadesk.core.errors import LambdadeskError
from lambdadesk.core.invocation import API, INVOKE, Invocation, PublishedMessage, RedisWrite, describe
from lambdadesk.core.sns_message import parse_sns_post
from lambdadesk.invocations.logged_invocations import cut
from lambdadesk.invocations.redis_monitor import RedisMonitor
from tests.local_redis import local_redis

__all__ = ["local_redis"]


def _event(stream: str, at: int, message: str) -> dict[str, object]:
    return {"logStreamName": stream, "timestamp": at, "message": message + "\n"}


def test_log_events_are_cut_into_invocations_by_request_id_and_stream() -> None:
    events = [
        _event("s1", 100, "printed by one that started before these events"),
        _event("s1", 101, "REPORT RequestId: old\tDuration: 3.00 ms"),
        _event("s1", 200, "START RequestId: a Version: $LATEST"), _event("s2", 200, "START RequestId: b Version: 1"),
        _event("s1", 200, "from a"), _event("s2", 200, "from b"),
        _event("s2", 201, "END RequestId: b"),
        _event("s2", 201, "REPORT RequestId: b\tDuration: 12.50 ms\tBilled Duration: 13 ms\tInit Duration: 80.25 ms"),
        _event("s1", 202, "END RequestId: a"), _event("s1", 202, "REPORT RequestId: a\tDuration: 1.25 ms"),
        _event("s1", 300, "START RequestId: c Version: $LATEST"), _event("s1", 300, "no REPORT yet"),
    ]
    cut_up = cut(events, stream_starts={"s2"})
    assert [one.request_id for one in cut_up] == ["b", "a"]  # complete ones only, in the order they ended
    b, a = cut_up
    assert b.lines == ("START RequestId: b Version: 1", "from b", "END RequestId: b", str(events[7]["message"]).strip())
    assert (b.duration_ms, b.init_ms, b.cold, b.ended_ms) == (12.5, 80.25, True, 201)
    assert b.started_ms == pytest.approx(201 - 12.5 - 80.25)
    assert (a.duration_ms, a.init_ms, a.cold) == (1.25, None, False)  # s1 is not held from its start: warm
    assert cut(events[2:3] + events[4:5] + events[8:10], stream_starts={"s1"})[0].cold  # the stream's first


def test_events_are_read_in_time_order_and_one_event_may_hold_several_lines() -> None:
    events = [
        _event("s9", 305, "REPORT RequestId: z\tDuration: 2.00 ms"),
        _event("s9", 300, "START RequestId: z Version: $LATEST\nfirst line\nsecond line"),
        _event("s9", 302, "END RequestId: z"),
    ]
    [whole] = cut(events, stream_starts={"s9"})
    assert (whole.request_id, whole.stream, whole.ended_ms, whole.duration_ms, whole.init_ms) == (
        "z", "s9", 305, 2.0, None)
    assert whole.lines == ("START RequestId: z Version: $LATEST", "first line", "second line", "END RequestId: z",
                           "REPORT RequestId: z\tDuration: 2.00 ms")
    assert whole.first_in_stream and whole.cold  # the stream's first START, though Lambda logged no init
    [again] = cut([*events, _event("s9", 400, "START RequestId: y"), _event("s9", 401, "REPORT RequestId: y")],
                  stream_starts={"s9"})[1:]
    assert (again.request_id, again.duration_ms, again.cold) == ("y", None, False)  # the second START is warm


def _invocation(**changes: object) -> Invocation:
    fields: dict[str, object] = dict(
        id="f620042d-b50a", function="fn", source=API, started_at=1796185281.7, ended_at=1796185281.8, cold=True,
        init_ms=80.0, duration_ms=19.85, status=200, request={"method": "POST", "path": "/orders", "body": "{}"},
        response='{"ok": true}', log_lines=("START RequestId: f620042d-b50a", "stored"),
        messages=(PublishedMessage(1796185281.75, "arn:aws:sns:us-east-1:0:orders", "m-1", "key-1"),),
        redis_writes=(RedisWrite(1796185281.72, "SET key-1 {}", ("a call of other",)),), notes=("SNS late",))
    fields.update(changes)
    return Invocation(**fields)  # type: ignore[arg-type]


def test_an_invocation_reads_back_as_written_and_is_described_in_full() -> None:
    invocation = _invocation()
    assert Invocation.from_dict(json.loads(json.dumps(invocation.to_dict()))) == invocation
    text = describe(invocation)
    for part in ("fn  api", "cold start", "init 80.0 ms", "request: POST /orders", "orders  m-1  key-1",
                 "SET key-1 {} (maybe by another invocation running then)", "not known:\n  SNS late"):
        assert part in text, part
    assert invocation.replayable and _invocation(source=INVOKE, request=None).replayable
    assert not _invocation(source="logged", request=None).replayable


def test_the_description_says_each_part_in_its_place_and_what_is_not_known() -> None:
    full = _invocation(request={"method": "POST", "path": "/orders", "query": "a=1", "body": "{}"},
                       messages=(PublishedMessage(1796185281.75, "arn:aws:sns:us-east-1:0:orders", "m-1", "key-1",
                                                  None, ("http:http://127.0.0.1:4000/sns", "sqs:arn:q")),),
                       redis_writes=(RedisWrite(1796185281.72, "SET key-1 {}", ("a call of other",)),
                                     RedisWrite(1796185281.73, "DEL k", (), "nil")))
    assert describe(full) == textwrap.dedent("""\
        f620042d-b50a  fn  api    cold    20 ms  HTTP 200
        started 2026-12-02 04:21:21.700 UTC; 19.9 ms, init 80.0 ms; cold start

        request: POST /orders?a=1
        {}

        response:
        {"ok": true}

        log (2 lines):
        START RequestId: f620042d-b50a
        stored

        SNS messages published (1):
          orders  m-1  key-1
            reached http:http://127.0.0.1:4000/sns
            reached sqs:arn:q

        Redis writes (2):
          SET key-1 {} (maybe by another invocation running then)
          DEL k
            value after: nil

        not known:
          SNS late""")
    bare = Invocation("call-1", "fn", INVOKE, 1796185281.7, 1796185281.8, event={"a": "é"}, error="Unhandled")
    assert describe(bare) == textwrap.dedent("""\
        call-1  fn  invoke ?        ? ms  Unhandled
        started 2026-12-02 04:21:21.700 UTC; duration not logged; cold or warm not known

        event:
        {
          "a": "é"
        }

        log (0 lines):

        SNS messages published (0):

        Redis writes (0):""")
    warm = Invocation("call-2", "fn", "logged", 1796185281.7, 1796185281.8, cold=False, duration_ms=3.5, status=200)
    assert describe(warm).splitlines()[:2] == ["call-2  fn  logged warm     4 ms  ok",  # a status only an API says
                                               "started 2026-12-02 04:21:21.700 UTC; 3.5 ms; warm"]
    assert _invocation(status=None).summary().endswith("  ok") and _invocation(status=502).summary().endswith(
        "HTTP 502")


def test_the_store_keeps_the_newest_replaces_by_id_and_finds_by_prefix(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(invocation_store, "KEPT", 3)
    store = InvocationStore(tmp_path)
    for n in range(5):
        store.add(_invocation(id=f"id-{n}", started_at=1000.0 + n))
    assert [one.id for one in store.history("fn")] == ["id-4", "id-3", "id-2"]
    store.add(_invocation(id="id-3", started_at=1003.5, status=502))  # a richer record of the same invocation
    assert [(one.id, one.status) for one in store.history()] == [("id-4", 200), ("id-3", 502), ("id-2", 200)]
    assert store.find("id-4").id == "id-4"
    with pytest.raises(LambdadeskError, match="3 invocations start with 'id-'"):
        store.find("id-")
    with pytest.raises(LambdadeskError, match="No invocation 'zz' is kept"):
        store.find("zz")
    with pytest.raises(LambdadeskError, match="is not a function name or an invocation id"):
        store.find("../../etc")
    broken = next((tmp_path / "fn").glob("*-id-2.json"))
    broken.write_text("{not json")
    assert [one.id for one in store.history("fn")] == ["id-4", "id-3"]
    assert "could not be read" in store.problems[0] and not broken.exists()  # set aside, and said


def test_an_sns_notification_carries_its_publish_time() -> None:
    body = {"Type": "Notification", "MessageId": "m", "TopicArn": "arn:aws:sns:us-east-1:0:t", "Message": "x",
            "Timestamp": "2026-12-02T04:21:21.803Z", "SignatureVersion": "1", "Signature": "s",
            "SigningCertURL": "https://sns.us-east-1.amazonaws.com/c.pem", "UnsubscribeURL": "u"}
    message = parse_sns_post({"x-amz-sns-message-type": "Notification"}, json.dumps(body).encode())
    assert message.published_at is not None and message.published_at.timestamp() == pytest.approx(1796185281.803)
    body["Timestamp"] = "yesterday"
    assert parse_sns_post({}, json.dumps(body).encode()).published_at is None


def test_monitor_sees_each_write_with_redis_time_and_says_when_redis_goes(local_redis: int) -> None:
    monitor = RedisMonitor("127.0.0.1", local_redis)
    assert monitor.start() and monitor.watching
    client = redis.Redis(port=local_redis, retry=Retry(NoBackoff(), 0))
    before = time.time()
    client.set("k", "v 1")
    client.get("k")  # a read: not kept
    client.hset("h", "f", "x")
    deadline = time.monotonic() + 5
    while len(monitor.writes_between(before - 1, time.time() + 1)) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    writes = monitor.writes_between(before - 1, time.time() + 1)
    assert [w.command for w in writes] == ["SET k v 1", "HSET h f x"]
    assert all(before - 0.5 <= w.at <= time.time() + 0.5 for w in writes) and writes[0].client.startswith("127.0.0.1:")
    assert monitor.covers(before, time.time()) and not monitor.covers(before - 60, time.time())
    client.shutdown(nosave=True)
    deadline = time.monotonic() + 5
    while monitor.watching and time.monotonic() < deadline:
        time.sleep(0.01)
    assert not monitor.watching and "stopped seeing Redis's writes" in monitor.problem
    assert not monitor.covers(before, time.time() + 1)
    monitor.close()


def test_monitor_that_cannot_reach_redis_says_so() -> None:
    monitor = RedisMonitor("127.0.0.1", 1)
    assert not monitor.start() and "127.0.0.1:1 could not be watched" in monitor.problem
    assert not monitor.covers(0, time.time())


def test_an_invocation_read_back_from_its_smallest_record_gets_empty_parts() -> None:
    from lambdadesk.core.invocation import INVOKE, Invocation

    kept = Invocation.from_dict({"id": "a1", "function": "fn", "source": INVOKE, "started_at": 1.0, "ended_at": 2.0,
                                 "messages": [{"at": 1.5, "topic_arn": "arn:aws:sns:us-east-1:0:t",
                                               "message_id": "m", "message": "x"}],
                                 "redis_writes": [{"at": 1.6, "command": "SET k v"}], "unknown": "ignored"})
    assert (kept.log_lines, kept.notes, kept.maybe) == ((), (), ())
    assert kept.messages[0].reached == () and kept.messages[0].message == "x"
    assert (kept.redis_writes[0].also_running, kept.redis_writes[0].value_after) == ((), None)
    again = Invocation.from_dict({**kept.to_dict(), "log_lines": [1, "two"], "notes": ["n"], "maybe": [7]})
    assert (again.log_lines, again.notes, again.maybe) == (("1", "two"), ("n",), ("7",))


def test_an_invocation_described_for_people_in_full(monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    from lambdadesk.core.invocation import API, Invocation, PublishedMessage, RedisWrite, describe

    monkeypatch.setenv("TZ", "Asia/Tokyo")  # the time is said in UTC whatever the machine's zone
    time.tzset()
    try:
        call = Invocation("a1", "fn", API, 1_700_000_000.25, 1_700_000_000.5, cold=False, duration_ms=12.34,
                          status=201, request={"body": "{}"}, event={"msg": "héllo"}, response="ok",
                          messages=(PublishedMessage(1.0, "arn:aws:sns:us-east-1:0:orders", "m-1", "r", None,
                                                     ("http:http://127.0.0.1:9/",)),),
                          redis_writes=(RedisWrite(1.0, "SET k v", ("b2",), "v"),), notes=("one",))
        assert describe(call).splitlines() == [
            call.summary(), "started 2023-11-14 22:13:20.250 UTC; 12.3 ms; warm", "", "request:  ", "{}", "",
            "event:", "{", '  "msg": "héllo"', "}", "", "response:", "ok", "", "log (0 lines):", "",
            "SNS messages published (1):", "  orders  m-1  r", "    reached http:http://127.0.0.1:9/", "",
            "Redis writes (1):", "  SET k v (maybe by another invocation running then)", "    value after: v", "",
            "not known:", "  one"]
        with_query = describe(Invocation("b", "fn", API, 0.0, 0.1, request={"method": "GET", "path": "/p",
                                                                             "query": "a=1"}))
        assert "request: GET /p?a=1\n" in with_query and "cold or warm not known" in with_query
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
