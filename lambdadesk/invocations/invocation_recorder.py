"""The use case behind the Invocations tab and `lambdadesk invocations`: each call lambdadesk makes to a
function (a request through API Gateway, a direct invoke) is kept with the invocation the emulator logged for
it, the SNS messages published and the Redis writes made while it ran; invocations only the log knows about (a
trigger, a caller outside lambdadesk) are kept when the history is read. What cannot be attributed for sure
(two invocations at once, no capture listening, Redis not watched) is said in the record's notes."""

from __future__ import annotations

import itertools
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from typing import Any

from lambdadesk.adapters.store.invocation_store import InvocationStore
from lambdadesk.adapters.store.paths import data_dir
from lambdadesk.core.invocation import LOGGED, Invocation, PublishedMessage, RedisWrite
from lambdadesk.core.profile import Profile
from lambdadesk.core.sns_message import SnsMessage
from lambdadesk.core.topology import addresses
from lambdadesk.invocations.function_log_reader import FunctionLogReader
from lambdadesk.invocations.later import Later
from lambdadesk.invocations.logged_invocations import LoggedInvocation
from lambdadesk.invocations.redis_monitor import RedisMonitor
from lambdadesk.invocations.topic_reader import TopicReader

LOG_WAIT_S = 2.0  # for the emulator to hand over the invocation's log after the response
NO_LOG_WAIT_S = 0.5  # for the function's log group to appear (an emulator that keeps none never makes it)
SNS_LATE_S = 3.0  # until then, a message delivered after the call was kept is added to it
SNS_WAIT_S = 0.3  # for a message published during the call to be delivered to the capture endpoint
END_SLACK_S = 0.005  # the log's stamp and the answer's arrival, read on the same clock
LATE_S = 1.0  # how long after the answer a cold start's log may be stamped
SLACK_S = 0.005  # a write or publish this close to a window's edge (ms stamps) still counts as in it
LOGGED_LOOKBACK_S = 3600
LOGGED_SLACK_S = 0.5  # how much earlier than its stamp says a log-only invocation may have begun (CI load)
RESPONSE_CHARS = 20_000
MESSAGE_CHARS = 2_000
VALUES_READ = 20  # keys whose value after the call is read



class HeardMessages:
    """The SNS notifications every capture endpoint of the session accepted (a listener on each), bounded; a
    message two endpoints received (two subscriptions to its topic) is kept once."""

    def __init__(self, kept: int = 5000) -> None:
        self._messages: deque[SnsMessage] = deque(maxlen=kept)
        self._lock = threading.Lock()

    def hear(self, message: SnsMessage) -> None:
        if message.message_type == "Notification":
            with self._lock:
                if all(m.message_id != message.message_id for m in self._messages):
                    self._messages.append(message)

    def published_between(self, start: float, end: float) -> list[SnsMessage]:
        with self._lock:
            return [m for m in self._messages if m.published_at and start <= m.published_at.timestamp() <= end]


@dataclass(frozen=True)
class _Window:
    function: str
    started: float
    ended: float | None  # None while the call is in flight
    listening: bool  # whether a capture endpoint was subscribed when it began

    def overlaps(self, start: float, end: float) -> bool:
        return self.started <= end and (self.ended is None or self.ended >= start)


@dataclass(frozen=True)
class Call:
    """A call lambdadesk made, as it saw it."""
    function: str
    source: str
    started_at: float
    ended_at: float
    status: int | None = None
    error: str | None = None
    response: str | None = None
    request: dict[str, Any] | None = None
    event: Any = None
    request_id: str | None = None  # when the call's answer names it (a direct invoke's log tail)


class InvocationRecorder:
    def __init__(self, logs: FunctionLogReader, monitor: RedisMonitor, store: InvocationStore,
                 heard: HeardMessages, listening: Callable[[], bool], topics: TopicReader) -> None:
        self._logs, self._monitor, self.store, self.heard, self._topics = logs, monitor, store, heard, topics
        self._later = Later()
        self._closed = False
        self._listening = listening  # whether a capture endpoint is subscribed to a topic now
        self._claimed: deque[str] = deque(maxlen=1000)  # logged invocations a call was matched with
        self._windows: dict[int, _Window] = {}  # call number -> when it ran, kept a while after it is recorded
        self._numbers = itertools.count()
        self._lock = threading.Lock()
        # one thread keeps the calls in order, so a burst of requests never takes the event loop's worker threads
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="invocation-recorder")

    def submit(self, number: int, call: Call) -> Future[Invocation]:
        """`record` on the recorder's own thread; the call's end is known to the others' records from now."""
        with self._lock:
            if number in self._windows:
                self._windows[number] = replace(self._windows[number], ended=call.ended_at)
        return self._worker.submit(self.record, number, call)

    def begin(self, function: str) -> int:
        """Blocking (Redis is watched from now on). The call's number, for `record`."""
        self._monitor.start()
        with self._lock:
            number = next(self._numbers)
            self._windows[number] = _Window(function, time.time(), None, self._listening())
        return number

    def record(self, number: int, call: Call) -> Invocation:
        """Blocking: waits for the emulator's log of the call (LOG_WAIT_S at most) and for SNS deliveries."""
        started = call.started_at
        with self._lock:
            window = self._windows[number] = replace(
                self._windows.get(number, _Window(call.function, started, None, False)), ended=call.ended_at)
            others = [w for n, w in self._windows.items() if n != number and w.overlaps(started, call.ended_at)]
        logged, maybe, notes = self._logged_for(call, sum(w.function == call.function for w in others))
        invocation = Invocation(
            id=logged.request_id if logged else f"call-{int(started * 1000)}-{number}", function=call.function,
            source=call.source, started_at=started, ended_at=call.ended_at,
            cold=logged.cold if logged else None, init_ms=logged.init_ms if logged else None,
            duration_ms=logged.duration_ms if logged else None, logged_at=logged.ended_ms / 1000 if logged else None,
            status=call.status, error=call.error,
            request=call.request, event=call.event,
            response=None if call.response is None else call.response[:RESPONSE_CHARS],
            log_lines=logged.lines if logged else (), maybe=maybe)
        running = [f"a call of {w.function}" for w in others]
        listening = window.listening or self._listening()
        invocation = self._with_effects(invocation, started, call.ended_at, running, notes, listening)
        self.store.add(invocation)
        if listening:
            self._look_again_later(invocation, started, call.ended_at)
        with self._lock:  # the windows of calls long over are no longer anyone's neighbours
            for old in [n for n, w in self._windows.items() if w.ended is not None and w.ended < started - 60]:
                del self._windows[old]
        return invocation

    def pick_up_logged(self, function: str) -> list[Invocation]:
        """Blocking. Keeps the function's logged invocations that no call of lambdadesk's accounts for (since the
        newest kept, or the last hour); returns them."""
        kept = self.store.history(function, limit=50)
        since = kept[0].started_at - 60 if kept else time.time() - LOGGED_LOOKBACK_S
        calls_of = {one_id: call.id for call in kept for one_id in call.maybe}
        found = []
        for logged in self._logs.invocations(function, int(since * 1000)) or []:
            if self.store.has(function, logged.request_id):
                continue
            start, end = logged.started_ms / 1000, logged.ended_ms / 1000
            invocation = Invocation(id=logged.request_id, function=function, source=LOGGED, started_at=start,
                                    ended_at=end, cold=logged.cold, init_ms=logged.init_ms,
                                    duration_ms=logged.duration_ms, logged_at=end, log_lines=logged.lines)
            notes = ["Seen only in the function's log (a trigger, or a caller outside lambdadesk): its event and "
                     "response are not known, so it cannot be replayed."]
            if logged.request_id in calls_of:
                notes = [f"One of the calls lambdadesk made while it ran (see {calls_of[logged.request_id]}); which "
                         "one is not known, so its request and response are kept there, not here."]
            # no call to hold it: its time is the log's stamp (late, under load) less its durations, so what it
            # wrote and published is looked for earlier too, and what came before its start is marked a maybe
            invocation = self._with_effects(invocation, start - LOGGED_SLACK_S, end, [], notes, self._listening())
            invocation = replace(invocation, redis_writes=tuple(
                replace(w, also_running=("an invocation just before it",)) if w.at < start else w
                for w in invocation.redis_writes))
            self.store.add(invocation)
            found.append(invocation)
        return found

    def abandon(self, number: int) -> None:
        """A call that never got an answer: nothing to keep."""
        with self._lock:
            self._windows.pop(number, None)

    def settle(self) -> None:
        """Blocking: every call submitted is kept, and its late messages looked for. Nothing to do once closed."""
        if self._closed:
            return
        self._worker.submit(lambda: None).result()
        self._later.flush()  # not waited for: what has come by now is added now

    def close(self) -> None:
        """Blocking: the calls submitted are kept first. A second close (the session closed twice) does nothing."""
        if self._closed:
            return
        self.settle()
        self._closed = True
        self._worker.shutdown(wait=True)
        self._later.close()
        self._monitor.close()

    # --- attribution ---------------------------------------------------------------------------------------

    def _logged_for(self, call: Call, overlapping: int) -> tuple[LoggedInvocation | None, tuple[str, ...], list[str]]:
        """The invocation the emulator logged for the call. A direct invoke names it. Otherwise it is one stamped
        from the call's start to LATE_S after its answer (LocalStack stamps a warm invocation's log as it answers,
        a cold start's may come later), never one another call took: the one stamped within the call, else the
        first after it. When another call to the function ran at the same time (`overlapping`), the stamps are
        waited for until LATE_S after the answer; if more than one is left then, or two were stamped within the
        call, their ids are kept instead: which was this call's is not known."""
        began = time.monotonic()
        while True:
            logged = self._logs.invocations(call.function, int((call.started_at - SLACK_S) * 1000))
            if logged is None and time.monotonic() - began >= NO_LOG_WAIT_S:
                return None, (), [f"The emulator keeps no log for {call.function}: its invocation's details are not "
                                  "known."]
            # stamped at its end, so never before the call began: one stamped earlier is an earlier call's
            free = [one for one in logged or [] if one.request_id not in self._claimed
                    and call.started_at <= one.ended_ms / 1000 <= call.ended_at + LATE_S]
            inside = [one for one in free if one.ended_ms / 1000 <= call.ended_at + END_SLACK_S]
            settled = time.time() >= call.ended_at + LATE_S  # every stamp that may be this call's is in
            if call.request_id:
                named = [one for one in free if one.request_id == call.request_id]
                if named:
                    return self._claim(named[0]), (), []
            elif len(inside) > 1 or (overlapping and settled and len(free) > 1):
                ids = tuple(one.request_id for one in (inside if len(inside) > 1 else free))
                return None, ids, [f"{len(ids)} invocations of {call.function} ran during this call "
                                   f"({', '.join(ids)}); lambdadesk cannot tell which was this one, so their log "
                                   "lines are kept with each of them, not here."]
            elif free and (settled or not overlapping):
                return self._claim((inside or free)[0]), (), []
            if time.monotonic() - began >= LOG_WAIT_S and settled:
                return None, (), [f"The emulator logged no invocation of {call.function} for this call within "
                                  f"{LOG_WAIT_S:.0f} s (it keeps no CloudWatch log, or the function never started)."]
            time.sleep(0.05)

    def _claim(self, logged: LoggedInvocation) -> LoggedInvocation:
        self._claimed.append(logged.request_id)
        return logged

    def _with_effects(self, invocation: Invocation, start: float, end: float, others: list[str],
                      notes: list[str], listening: bool) -> Invocation:
        monitored = self._monitor.writes_between(start - SLACK_S, end + SLACK_S)
        keys = list(dict.fromkeys(w.key for w in monitored if w.key))[:VALUES_READ]
        values = {key: self._monitor.value_of(key) for key in keys}
        writes = tuple(RedisWrite(w.at, w.command, tuple(others), values.get(w.key)) for w in monitored)
        if not self._monitor.covers(start, end):
            notes.append(f"Redis writes not recorded: {self._monitor.problem or 'Redis was not watched then'}.")
        if others:
            notes.append(f"Also running then: {', '.join(others)}; the messages and writes listed may be theirs.")
        published: tuple[PublishedMessage, ...] = ()
        if listening:
            heard = self.heard.published_between(start - SLACK_S, end + SLACK_S)
            if not heard:  # none yet: give deliveries a moment; when some came, late ones are looked for after
                time.sleep(max(0.0, end + SNS_WAIT_S - time.time()))
                heard = self.heard.published_between(start - SLACK_S, end + SLACK_S)
            published = self._published(heard)
        else:
            notes.append("SNS messages not recorded: no capture endpoint was subscribed to a topic.")
        return replace(invocation, messages=published, redis_writes=writes, notes=tuple(notes))

    def _published(self, heard: list[SnsMessage]) -> tuple[PublishedMessage, ...]:
        reached = {arn: self._topics.subscriptions(arn) for arn in {m.topic_arn for m in heard}}
        return tuple(PublishedMessage(m.published_at.timestamp() if m.published_at else 0.0, m.topic_arn,
                                      m.message_id, m.message[:MESSAGE_CHARS], m.received_at.timestamp(),
                                      reached[m.topic_arn]) for m in heard)

    def _look_again_later(self, invocation: Invocation, start: float, end: float) -> None:
        """Messages delivered after the call was kept (a second publish, a slow delivery) are added up to
        SNS_LATE_S after it, or when the recorder settles (the session closes), whichever comes first."""
        def again() -> None:
            heard = self.heard.published_between(start - SLACK_S, end + SLACK_S)
            if len(heard) > len(invocation.messages):
                self.store.add(replace(invocation, messages=self._published(heard)))

        self._later.add(time.monotonic() + max(0.0, end + SNS_LATE_S - time.time()), again)


def recorder_for(profile: Profile, listening: Callable[[], bool]) -> InvocationRecorder:
    """The recorder of a profile's environment, as the host reaches it; kept under the user data folder."""
    view = addresses(profile).host
    return InvocationRecorder(FunctionLogReader(view.emulator_url, profile.region),
                              RedisMonitor(view.redis_host, view.redis_port),
                              InvocationStore(data_dir() / "invocations" / profile.name), HeardMessages(), listening,
                              TopicReader(view.emulator_url, profile.region))
