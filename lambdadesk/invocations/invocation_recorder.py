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
from lambdadesk.invocations.logged_invocations import LoggedInvocation
from lambdadesk.invocations.redis_monitor import RedisMonitor

LOG_WAIT_S = 2.0  # for the emulator to hand over the invocation's log after the response
NO_LOG_WAIT_S = 0.5  # for the function's log group to appear (an emulator that keeps none never makes it)
SNS_WAIT_S = 0.3  # for a message published during the call to be delivered to the capture endpoint
SLACK_S = 0.05  # clocks and flushes: a write this close to a window's edge still counts as in it
LOGGED_LOOKBACK_S = 3600
RESPONSE_CHARS = 20_000
MESSAGE_CHARS = 2_000



class HeardMessages:
    """The SNS notifications every capture endpoint of the session accepted (a listener on each), bounded."""

    def __init__(self, kept: int = 5000) -> None:
        self._messages: deque[SnsMessage] = deque(maxlen=kept)
        self._lock = threading.Lock()

    def hear(self, message: SnsMessage) -> None:
        if message.message_type == "Notification":
            with self._lock:
                self._messages.append(message)

    def published_between(self, start: float, end: float) -> list[SnsMessage]:
        with self._lock:
            return [m for m in self._messages if m.published_at and start <= m.published_at.timestamp() <= end]


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
                 heard: HeardMessages, listening: Callable[[], bool]) -> None:
        self._logs, self._monitor, self.store, self.heard = logs, monitor, store, heard
        self._listening = listening  # whether a capture endpoint is subscribed to a topic now
        self._in_flight: dict[int, tuple[str, float, bool]] = {}  # call number -> (function, started, listening)
        self._numbers = itertools.count()
        self._lock = threading.Lock()
        # one thread keeps the calls in order, so a burst of requests never takes the event loop's worker threads
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="invocation-recorder")

    def submit(self, number: int, call: Call) -> Future[Invocation]:
        """`record` on the recorder's own thread."""
        return self._worker.submit(self.record, number, call)

    def begin(self, function: str) -> int:
        """Blocking (Redis is watched from now on). The call's number, for `record`."""
        self._monitor.start()
        with self._lock:
            number = next(self._numbers)
            self._in_flight[number] = (function, time.time(), self._listening())
        return number

    def record(self, number: int, call: Call) -> Invocation:
        """Blocking: waits for the emulator's log of the call (LOG_WAIT_S at most) and for SNS deliveries."""
        try:
            logged, notes = self._logged_for(call)
            started = call.started_at
            others = self._others_running(number, started, call.ended_at)
            listening = self._in_flight.get(number, ("", 0.0, False))[2] or self._listening()
            invocation = Invocation(
                id=logged.request_id if logged else f"call-{int(started * 1000)}", function=call.function,
                source=call.source, started_at=started, ended_at=call.ended_at,
                cold=logged.cold if logged else None, init_ms=logged.init_ms if logged else None,
                duration_ms=logged.duration_ms if logged else None, status=call.status, error=call.error,
                request=call.request, event=call.event,
                response=None if call.response is None else call.response[:RESPONSE_CHARS],
                log_lines=logged.lines if logged else ())
            invocation = self._with_effects(invocation, started, call.ended_at, others, notes, listening)
            self.store.add(invocation)
            return invocation
        finally:
            with self._lock:
                self._in_flight.pop(number, None)

    def pick_up_logged(self, function: str) -> list[Invocation]:
        """Blocking. Keeps the function's logged invocations that no call of lambdadesk's accounts for (since the
        newest kept, or the last hour); returns them."""
        kept = self.store.history(function, limit=1)
        since = kept[0].started_at - 60 if kept else time.time() - LOGGED_LOOKBACK_S
        found = []
        for logged in self._logs.invocations(function, int(since * 1000)) or []:
            if self.store.has(function, logged.request_id):
                continue
            start, end = logged.started_ms / 1000, logged.ended_ms / 1000
            invocation = Invocation(id=logged.request_id, function=function, source=LOGGED, started_at=start,
                                    ended_at=end, cold=logged.cold, init_ms=logged.init_ms,
                                    duration_ms=logged.duration_ms, log_lines=logged.lines)
            notes = ["Seen only in the function's log (a trigger, or a caller outside lambdadesk): its event and "
                     "response are not known, so it cannot be replayed."]
            invocation = self._with_effects(invocation, start, end, [], notes, self._listening())
            self.store.add(invocation)
            found.append(invocation)
        return found

    def abandon(self, number: int) -> None:
        """A call that never got an answer: nothing to keep."""
        with self._lock:
            self._in_flight.pop(number, None)

    def close(self) -> None:
        """Blocking: the calls submitted are kept first."""
        self._worker.shutdown(wait=True)
        self._monitor.close()

    # --- attribution ---------------------------------------------------------------------------------------

    def _logged_for(self, call: Call) -> tuple[LoggedInvocation | None, list[str]]:
        began = time.monotonic()
        while True:
            logged = self._logs.invocations(call.function, int((call.started_at - SLACK_S) * 1000))
            if logged is None and time.monotonic() - began >= NO_LOG_WAIT_S:
                return None, [f"The emulator keeps no log for {call.function}: its invocation's details are not "
                              "known."]
            candidates = [one for one in logged or [] if one.ended_ms / 1000 <= call.ended_at + LOG_WAIT_S]
            if call.request_id:
                candidates = [one for one in candidates if one.request_id == call.request_id]
            if len(candidates) == 1:
                return candidates[0], []
            if len(candidates) > 1:
                ids = ", ".join(one.request_id for one in candidates)
                return None, [f"{len(candidates)} invocations of {call.function} ran during this call ({ids}); "
                              "lambdadesk cannot tell which was this one, so it keeps none of their details here."]
            if time.monotonic() - began >= LOG_WAIT_S:
                return None, [f"The emulator logged no invocation of {call.function} for this call within "
                              f"{LOG_WAIT_S:.0f} s (it keeps no CloudWatch log, or the function never started)."]
            time.sleep(0.05)

    def _others_running(self, number: int, start: float, end: float) -> list[str]:
        with self._lock:
            return [f"a call of {function}" for other, (function, began, _) in self._in_flight.items()
                    if other != number and began <= end]

    def _with_effects(self, invocation: Invocation, start: float, end: float, others: list[str],
                      notes: list[str], listening: bool) -> Invocation:
        writes = tuple(RedisWrite(w.at, w.command, tuple(others))
                       for w in self._monitor.writes_between(start - SLACK_S, end + SLACK_S))
        if not self._monitor.covers(start, end):
            notes.append(f"Redis writes not recorded: {self._monitor.problem or 'Redis was not watched then'}.")
        if others:
            notes.append(f"Also running then: {', '.join(others)}; the messages and writes listed may be theirs.")
        if listening:
            time.sleep(max(0.0, end + SNS_WAIT_S - time.time()))
            published = tuple(_published(m) for m in self.heard.published_between(start - SLACK_S, end + SLACK_S))
        else:
            published = ()
            notes.append("SNS messages not recorded: no capture endpoint was subscribed to a topic.")
        return replace(invocation, messages=published, redis_writes=writes, notes=tuple(notes))


def _published(message: SnsMessage) -> PublishedMessage:
    at = message.published_at.timestamp() if message.published_at else 0.0
    return PublishedMessage(at, message.topic_arn, message.message_id, message.message[:MESSAGE_CHARS])


def recorder_for(profile: Profile, listening: Callable[[], bool]) -> InvocationRecorder:
    """The recorder of a profile's environment, as the host reaches it; kept under the user data folder."""
    view = addresses(profile).host
    return InvocationRecorder(FunctionLogReader(view.emulator_url, profile.region),
                              RedisMonitor(view.redis_host, view.redis_port),
                              InvocationStore(data_dir() / "invocations" / profile.name), HeardMessages(), listening)
