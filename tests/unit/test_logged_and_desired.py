"""Two readers of what outside systems hand back: a function's CloudWatch events cut into whole invocations, and the
desired state read back from its file. Both keep what they can and never take one thing for another."""

from __future__ import annotations

from lambdadesk.core.desired_state import ApiRecord, DesiredState, FunctionRecord
from lambdadesk.invocations.logged_invocations import cut

STREAM, OTHER = "2026/12/07/[$LATEST]aaa", "2026/12/07/[$LATEST]bbb"


def _event(timestamp: int, message: str, stream: str = STREAM) -> dict[str, object]:
    return {"timestamp": timestamp, "message": message, "logStreamName": stream}


def test_invocations_are_cut_start_to_report_per_stream_in_time_order() -> None:
    events = [
        _event(5, "REPORT RequestId: r2 Duration: 3.00 ms", OTHER),
        _event(1, "a line whose START came before these events\nSTART RequestId: r0 Version: $LATEST\n"
                  "REPORT RequestId: r0 Duration: 1.00 ms"),  # the stray line is kept by none; the rest is read
        _event(2, "START RequestId: r1 Version: $LATEST"),
        _event(4, "START RequestId: r2 Version: $LATEST", OTHER),
        _event(3, "stored\nREPORT RequestId: r1 Duration: 12.50 ms Init Duration: 101.00 ms"),
        {"message": "no stream, no time"},
    ]
    zeroth, first, second = cut(events, stream_starts={STREAM})
    assert (zeroth.request_id, zeroth.lines[0], zeroth.cold) == ("r0", "START RequestId: r0 Version: $LATEST", True)
    assert (first.request_id, first.stream, first.ended_ms, first.duration_ms, first.init_ms) == (
        "r1", STREAM, 3, 12.5, 101.0)
    assert first.cold and not first.first_in_stream  # cold by its Init Duration; the stream's first START was r0's
    assert first.lines == ("START RequestId: r1 Version: $LATEST", "stored",
                           "REPORT RequestId: r1 Duration: 12.50 ms Init Duration: 101.00 ms")
    assert (second.request_id, second.stream, second.ended_ms, second.init_ms, second.cold) == (
        "r2", OTHER, 5, None, False)  # no Init Duration, and its stream's start is not among the events


def test_an_invocation_without_its_report_is_not_complete() -> None:
    assert cut([_event(1, "START RequestId: r9 Version: $LATEST"), _event(2, "working")]) == []


def test_the_desired_state_reads_back_what_it_wrote() -> None:
    state = DesiredState(
        {"seed": FunctionRecord("seed", "python3.12", "app.handle", "/code/abc.zip", 256, 10, {"LOG": "debug"})},
        {"seed": ApiRecord("seed", "seed", "dev")}, ("orders", "audit"))
    assert DesiredState.from_dict(state.to_dict()) == state
    assert DesiredState.from_dict({}) == DesiredState() and DesiredState.from_dict({"topics": ["t"]}).topics == ("t",)
    assert DesiredState.from_dict({"apis": [{"name": "a", "function": "f", "stage": "dev"}]}).apis == {
        "a": ApiRecord("a", "f", "dev")}


def test_events_without_a_stream_or_a_timestamp_are_still_cut() -> None:
    events = [{"message": "START RequestId: r1 Version: $LATEST\nhello"},
              {"message": "REPORT RequestId: r1 Duration: 2.00 ms"}, {"logStreamName": "s"}]
    [only] = cut(events, {""})
    assert (only.request_id, only.stream, only.ended_ms, only.duration_ms) == ("r1", "", 0, 2.0)
    assert only.lines == ("START RequestId: r1 Version: $LATEST", "hello", "REPORT RequestId: r1 Duration: 2.00 ms")
    assert only.first_in_stream
