"""What each kind of step does, through the session's own use cases: the request sender, direct invoke, the
capture endpoint (publish, wait for a message), the Redis inspector. Each returns what it sent and what came
back, as plain data the step's expectations and `save:` read."""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import Awaitable
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlencode

from lambdadesk.adapters.errors import explain
from lambdadesk.core import safe_json
from lambdadesk.core.http_request import RequestSpec
from lambdadesk.core.sns_message import SnsMessage
from lambdadesk.flows.expectations import Mismatch, compare

if TYPE_CHECKING:
    from lambdadesk.capture.capture_session import CaptureSession
    from lambdadesk.session import Session

Outcome = tuple[Any, dict[str, Any]]  # (sent, received)
T = TypeVar("T")


class ExpectationFailedError(Exception):
    def __init__(self, detail: str, mismatches: list[Mismatch], received: Any = None) -> None:
        super().__init__(detail)
        self.mismatches = mismatches
        self.received = received


def _json_or_none(text: str) -> Any:
    try:
        return safe_json.loads(text)
    except safe_json.NotJsonError:
        return None


OWN_LOG_WAIT_S = 3.0  # for the request's own REPORT line: the emulator writes it a moment after answering, later
# on a busy machine; a step whose log expectation reads the lines must get the whole invocation


async def _log_help(read: Awaitable[T], nothing: T) -> T:
    """A read of the function's log, which is a help, not the step's result: `nothing` when the emulator cannot
    give it (one without CloudWatch Logs)."""
    try:
        return await read
    except Exception as exc:
        if explain("read the function's log", exc) is None:
            raise
        return nothing


async def request(session: Session, action: dict[str, Any], api: str, function: str) -> Outcome:
    """Through the wired API; the result's `log` holds the function's log lines of the request."""
    route = await session.route(api)
    since_ms = int(time.time() * 1000) - 1000  # the emulator's clock and ours may differ by a moment
    # the invocations already logged in that margin: an earlier call's lines are not taken for this one's
    earlier = await _log_help(session.logged_request_ids(function, since_ms), frozenset[str]())
    has_body = "json" in action or "body" in action
    method = str(action.get("method", "POST" if has_body else "GET")).upper()
    headers = tuple((str(k), str(v)) for k, v in (action.get("headers") or {}).items())
    body = json.dumps(action["json"]) if "json" in action else str(action.get("body", ""))
    query = action.get("query") or {}
    spec = RequestSpec(method, str(action.get("path", "/")), urlencode({str(k): str(v) for k, v in query.items()}),
                       headers, body, "json" in action, api)
    response = await session.send(spec, history=False)  # kept as an invocation, not in the Requests history
    sent = {"method": method, "url": route.url(spec.path), "query": spec.query, "headers": dict(headers),
            "body": body}
    log = await _log_help(session.function_log(function, since_ms, earlier, OWN_LOG_WAIT_S), "")
    return sent, {"status": response.status, "headers": {k.lower(): v for k, v in response.headers},
                  "body": response.body, "json": _json_or_none(response.body), "log": log}


async def invoke(session: Session, action: dict[str, Any]) -> Outcome:
    payload = action.get("payload", {})
    result = await session.invoke(str(action["function"]), payload)
    returned = _json_or_none(result.payload)
    return {"function": action["function"], "payload": payload}, {
        "status": result.status, "error": result.function_error,
        "payload": result.payload if returned is None else returned, "cold": result.cold, "log": result.log_tail}


async def publish(capture: CaptureSession, action: dict[str, Any], topic_arn: str) -> Outcome:
    message = action["message"] if isinstance(action["message"], str) else json.dumps(action["message"])
    attributes = {str(k): str(v) for k, v in (action.get("attributes") or {}).items()}
    subject = str(action["subject"]) if "subject" in action else None
    message_id = await capture.publish(topic_arn, message, subject, attributes)
    return {"topic": topic_arn, "message": message, "subject": subject, "attributes": attributes}, {
        "message_id": message_id}


def message_document(message: SnsMessage) -> dict[str, Any]:
    return {"message": message.message, "subject": message.subject, "attributes": dict(message.attributes),
            "json": _json_or_none(message.message), "topic": message.topic_arn, "message_id": message.message_id}


class MessageWaiter:
    """Notifications of the flow's capture endpoint, each one matched by at most one sns step."""

    def __init__(self, capture: CaptureSession) -> None:
        self._capture = capture
        self._used: set[str] = set()
        self._arrived = asyncio.Event()
        capture.add_listener(lambda _message: self._arrived.set())

    async def wait(self, topic_arn: str, topic: str, within_s: float, expect: Any) -> Outcome:
        deadline = time.monotonic() + within_s
        nearest: tuple[list[Mismatch], dict[str, Any]] | None = None
        while True:
            self._arrived.clear()
            for message in self._capture.messages:
                if message.message_type != "Notification" or message.topic_arn != topic_arn \
                        or message.message_id in self._used:
                    continue
                document = message_document(message)
                mismatches = compare(expect, document) if expect is not None else []
                if not mismatches:
                    self._used.add(message.message_id)
                    return {"topic": topic_arn, "within_s": within_s}, document
                nearest = (mismatches, document)
            left = deadline - time.monotonic()
            if left <= 0:
                break
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._arrived.wait(), left)
        if nearest is None:
            raise ExpectationFailedError(f"no message arrived on {topic} within {within_s:g} s", [])
        raise ExpectationFailedError(f"no message on {topic} matched within {within_s:g} s; the last one differs",
                                     nearest[0], nearest[1])


async def read_redis(session: Session, action: dict[str, Any]) -> Outcome:
    key, field = str(action["key"]), action.get("field")
    inspector = session.redis
    sent = {"key": key, **({"field": field} if field is not None else {})}
    value = await inspector.read(key)
    if value is None:
        return sent, {"exists": False, "type": "none", "ttl": None, "value": None, "json": None}
    text: Any
    if field is not None:
        raw = await inspector.hash_field(key, str(field)) if value.type == "hash" else None
        text = None if raw is None else raw.decode("utf-8", errors="replace")
    elif value.type == "string":
        raw = await inspector.raw(key)
        text = None if raw is None else raw.decode("utf-8", errors="replace")
    else:
        text = _json_or_none(value.text)
    parsed = _json_or_none(text) if isinstance(text, str) else text
    return sent, {"exists": text is not None, "type": value.type, "ttl": value.ttl_s, "value": text, "json": parsed}

