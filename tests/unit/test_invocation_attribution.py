"""Which logged invocation, SNS message and Redis write belong to which call: the recorder's rules, with the log
and Redis replaced by plain lists (their real readers are tested against the engine and a real redis-server)."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from lambdadesk.adapters.store.invocation_store import InvocationStore
from lambdadesk.core.invocation import API, LOGGED
from lambdadesk.core.sns_message import SnsMessage
from lambdadesk.invocations import invocation_recorder
from lambdadesk.invocations.invocation_recorder import Call, HeardMessages, InvocationRecorder
from lambdadesk.invocations.logged_invocations import LoggedInvocation
from lambdadesk.invocations.redis_monitor import MonitoredWrite


class ListedLog:
    def __init__(self) -> None:
        self.logged: list[LoggedInvocation] | None = []

    def add(self, request_id: str, ended: float, duration_ms: float = 20.0) -> None:
        assert self.logged is not None
        self.logged.append(LoggedInvocation(request_id, "s", int(ended * 1000), duration_ms, None,
                                            (f"START RequestId: {request_id}", f"REPORT RequestId: {request_id}"),
                                            False))

    def invocations(self, function: str, since_ms: int) -> list[LoggedInvocation] | None:
        return None if self.logged is None else [one for one in self.logged if one.ended_ms >= since_ms]


class ListedWrites:
    def __init__(self, since: float) -> None:
        self.writes: list[MonitoredWrite] = []
        self.since = since

    def start(self) -> bool:
        return True

    def covers(self, start: float, end: float) -> bool:
        return self.since <= start

    def writes_between(self, start: float, end: float) -> list[MonitoredWrite]:
        return [w for w in self.writes if start <= w.at <= end]

    problem = ""

    def value_of(self, key: str) -> str:
        return f"value of {key}"

    def close(self) -> None:
        pass


class ListedTopics:
    def subscriptions(self, topic_arn: str) -> tuple[str, ...]:
        return ("http:http://127.0.0.1:9/sns",)


@pytest.fixture(autouse=True)
def quick(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(invocation_recorder, "LOG_WAIT_S", 0.3)
    monkeypatch.setattr(invocation_recorder, "NO_LOG_WAIT_S", 0.1)
    monkeypatch.setattr(invocation_recorder, "LATE_S", 0.2)
    monkeypatch.setattr(invocation_recorder, "SNS_WAIT_S", 0.0)


def _recorder(tmp_path: Path, log: ListedLog, writes: ListedWrites,
              listening: bool = True) -> tuple[InvocationRecorder, HeardMessages]:
    heard = HeardMessages()
    recorder = InvocationRecorder(log, writes, InvocationStore(tmp_path), heard,  # type: ignore[arg-type]
                                  lambda: listening, ListedTopics())  # type: ignore[arg-type]
    return recorder, heard


def _message(message_id: str, at: float) -> SnsMessage:
    return SnsMessage("Notification", "arn:aws:sns:us-east-1:0:t", message_id, "body",
                      published_at=datetime.fromtimestamp(at, UTC))


def test_a_call_gets_the_invocation_stamped_within_it_and_what_it_published_and_wrote(tmp_path: Path) -> None:
    log, writes = ListedLog(), ListedWrites(0)
    recorder, heard = _recorder(tmp_path, log, writes)
    number = recorder.begin("fn")
    start = time.time()
    log.add("before", start - 5)
    writes.writes += [MonitoredWrite(start - 5, "SET old 1", "c"), MonitoredWrite(start + 0.01, "SET k v", "c")]
    heard.hear(_message("m-1", start + 0.02))
    heard.hear(_message("m-1", start + 0.02))  # a second subscription to the topic: the same message
    heard.hear(_message("m-old", start - 5))
    log.add("mine", start + 0.03)
    end = start + 0.04
    recorded = recorder.record(number, Call("fn", API, start, end, 200, None, "{}", {"path": "/"}))
    assert recorded.id == "mine" and recorded.log_lines[0] == "START RequestId: mine" and not recorded.notes
    assert [w.command for w in recorded.redis_writes] == ["SET k v"]
    assert [(m.message_id, m.reached) for m in recorded.messages] == [("m-1", ("http:http://127.0.0.1:9/sns",))]
    log.add("next", end + 0.01)  # stamped after this call: the next call's, not taken again by anyone
    later = recorder.record(recorder.begin("fn"), Call("fn", API, end + 0.005, end + 0.02, 200))
    assert later.id == "next"
    assert [one.id for one in recorder.store.history("fn")] == ["next", "mine"]


def test_two_stamped_within_one_call_are_named_not_guessed(tmp_path: Path) -> None:
    log, writes = ListedLog(), ListedWrites(0)
    recorder, _ = _recorder(tmp_path, log, writes)
    number = recorder.begin("fn")
    start = time.time()
    log.add("one", start + 0.01)
    log.add("two", start + 0.02)  # a trigger at the same moment
    recorded = recorder.record(number, Call("fn", API, start, start + 0.03, 200))
    assert recorded.id.startswith("call-") and set(recorded.maybe) == {"one", "two"} and not recorded.log_lines
    assert "cannot tell which was this one" in recorded.notes[0]
    picked = recorder.pick_up_logged("fn")
    assert {one.id for one in picked} == {"one", "two"} and all(one.source == LOGGED for one in picked)
    assert all(f"see {recorded.id}" in one.notes[0] for one in picked)


def test_overlapping_calls_wait_for_late_stamps_and_share_what_they_cannot_tell_apart(tmp_path: Path) -> None:
    log, writes = ListedLog(), ListedWrites(0)
    recorder, _ = _recorder(tmp_path, log, writes)
    first, second = recorder.begin("fn"), recorder.begin("fn")
    start = time.time()
    writes.writes.append(MonitoredWrite(start + 0.01, "SET a 1", "c"))
    log.add("x", start + 0.02)
    log.add("y", start + 0.03)
    one = Call("fn", API, start, start + 0.04, 200)
    other = Call("fn", API, start + 0.001, start + 0.05, 200)
    recorder.submit(first, one)
    recorded = [recorder.submit(second, other).result(timeout=5), recorder.store.find(f"call-{int(start * 1000)}")]
    for call in recorded:
        assert set(call.maybe) == {"x", "y"} and not call.log_lines
        assert any("Also running then: a call of fn" in note for note in call.notes)
        assert [w.also_running for w in call.redis_writes] == [("a call of fn",)]


def test_what_cannot_be_known_is_said(tmp_path: Path) -> None:
    log, writes = ListedLog(), ListedWrites(since=time.time() + 60)  # Redis watched only from later on
    log.logged = None  # an emulator that keeps no log for the function
    recorder, _ = _recorder(tmp_path, log, writes, listening=False)
    number = recorder.begin("fn")
    start = time.time()
    recorded = recorder.record(number, Call("fn", API, start, start + 0.01, 200))
    notes = " ".join(recorded.notes)
    assert recorded.id.startswith("call-") and recorded.cold is None and recorded.duration_ms is None
    assert "keeps no log for fn" in notes and "Redis writes not recorded" in notes
    assert "SNS messages not recorded: no capture endpoint" in notes


def test_a_message_delivered_after_the_call_was_kept_is_added_to_it(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(invocation_recorder, "SNS_LATE_S", 0.2)
    log, writes = ListedLog(), ListedWrites(0)
    recorder, heard = _recorder(tmp_path, log, writes)
    number = recorder.begin("fn")
    start = time.time()
    log.add("slow", start + 0.01)
    kept = recorder.record(number, Call("fn", API, start, start + 0.02, 200))
    assert kept.messages == ()
    heard.hear(_message("late-1", start + 0.015))  # published during the call, delivered after it was kept
    deadline = time.monotonic() + 5
    while not recorder.store.find("slow").messages and time.monotonic() < deadline:
        time.sleep(0.02)
    assert [m.message_id for m in recorder.store.find("slow").messages] == ["late-1"]
    number, again = recorder.begin("fn"), time.time()
    log.add("quick", again + 0.015)
    other = recorder.record(number, Call("fn", API, again, again + 0.02, 200))
    heard.hear(_message("late-2", again + 0.01))
    recorder.settle()  # the session closes: what has come is added at once, not after the wait
    assert [m.message_id for m in recorder.store.find(other.id).messages] == ["late-2"]
    recorder.close()


def test_a_log_only_invocation_marks_writes_from_before_its_estimated_start(tmp_path: Path) -> None:
    log, writes = ListedLog(), ListedWrites(0)
    recorder, _ = _recorder(tmp_path, log, writes)
    now = time.time()
    log.add("trigger", now, duration_ms=20.0)  # began about now - 0.02, by its stamp
    writes.writes += [MonitoredWrite(now - 0.3, "SET before 1", "c", "before"),
                      MonitoredWrite(now - 0.01, "SET during 1", "c", "during")]
    picked = recorder.pick_up_logged("fn")[0]
    assert [(w.command, bool(w.also_running)) for w in picked.redis_writes] == [("SET before 1", True),
                                                                                ("SET during 1", False)]


def test_closing_twice_is_closing_once(tmp_path: Path) -> None:
    recorder, _ = _recorder(tmp_path, ListedLog(), ListedWrites(0))
    recorder.close()
    recorder.settle()  # a session closed twice (the window's environment, then the services) asks again
    recorder.close()
