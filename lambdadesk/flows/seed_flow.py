"""The seed flow, end to end: topic, capture endpoint and confirmed subscription, function, API, a POST, the SNS
notification, and the Redis value it points to, as a timeline of timed steps that stops at the first failure."""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import aiohttp

from lambdadesk.core.api_route import ApiRoute
from lambdadesk.core.errors import LambdadeskError
from lambdadesk.core.function_spec import FunctionSpec
from lambdadesk.core.http_request import RequestSpec
from lambdadesk.core.sns_message import SnsMessage
from lambdadesk.deploy.sample_lambda import GO_HANDLER, SEED_HANDLER, seed_go_zip, seed_zip
from lambdadesk.requests.request_runner import send

if TYPE_CHECKING:
    from lambdadesk.capture.capture_session import CaptureSession
    from lambdadesk.session import Session

TOPIC = "lambdadesk-seed"


@dataclass(frozen=True)
class StepResult:
    name: str
    ok: bool
    seconds: float
    detail: str


@dataclass
class FlowReport:
    steps: list[StepResult] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.steps) and all(step.ok for step in self.steps)

    @property
    def seconds(self) -> float:
        return sum(step.seconds for step in self.steps)


class StepFailedError(Exception):
    """A step's check did not hold; the text says what was expected and what came."""


class SeedFlow:
    """The flow's steps, each through the session's own use cases: deploy (recorded, with the injected variables),
    wire, the request sender, a capture endpoint of the capture feature, the Redis inspector."""

    def __init__(self, session: Session, runtime: str = "python3.12",
                 on_step: Callable[[StepResult], None] = lambda _step: None) -> None:
        self._session = session
        self._runtime = runtime
        self._on_step = on_step
        self.report = FlowReport()

    async def run(self) -> FlowReport:
        capture = self._session.new_capture()
        try:
            await self._run_steps(capture)
        except StepFailedError:
            pass  # recorded in the report
        finally:
            await capture.close()
        return self.report

    async def _run_steps(self, capture: CaptureSession) -> None:
        session = self._session
        topic = await self._step("create the SNS topic", lambda: capture.create_topic(TOPIC))
        url = await self._step("start the capture endpoint", capture.start)
        await self._step("subscribe it and await confirmation", lambda: _confirmed(capture, url))
        go = self._runtime.startswith("provided")
        code = await asyncio.to_thread(seed_go_zip if go else seed_zip)
        spec = FunctionSpec(f"lambdadesk-seed-{self._runtime.replace('.', '')}", self._runtime,
                            GO_HANDLER if go else SEED_HANDLER, code, environment={"SNS_TOPIC_ARN": topic})
        deployment, _ = await self._step(f"deploy the function ({self._runtime})", lambda: session.deploy(spec))
        route = await self._step("wire API Gateway to it", lambda: session.wire(deployment.name))
        body = json.dumps({"hello": "lambdadesk", "nonce": uuid.uuid4().hex})
        seen = len(capture.messages)
        request_id = await self._step("POST a body through API Gateway", lambda: _post(route, body))
        note = await self._step("receive the SNS notification",
                                lambda: capture.next_notification(seen, timeout_s=60, topic_arn=topic))
        await self._step("read Redis at the notified key", lambda: self._compare(note, request_id, body))

    async def _step(self, name: str, action: Callable[[], Awaitable[Any]]) -> Any:
        started = time.monotonic()
        try:
            result = await action()
        except (StepFailedError, LambdadeskError, TimeoutError, OSError, aiohttp.ClientError) as exc:
            detail = "timed out" if isinstance(exc, TimeoutError) else str(exc)
            self._record(StepResult(name, False, time.monotonic() - started, detail))
            raise StepFailedError(detail) from exc
        self._record(StepResult(name, True, time.monotonic() - started, _describe(result)))
        return result

    def _record(self, step: StepResult) -> None:
        self.report.steps.append(step)
        self._on_step(step)

    async def _compare(self, note: SnsMessage, request_id: str, body: str) -> str:
        inspector = self._session.redis
        if note.message != request_id:
            raise StepFailedError(f"the notification names {note.message!r}, the response said {request_id!r}")
        value = await inspector.correlate(note.message)
        if value is None:
            raise StepFailedError(f"Redis has no key {note.message!r}")
        stored = await inspector.raw(value.key)
        if stored != body.encode():
            raise StepFailedError(f"Redis holds {stored!r} under {value.key}, not the body that was sent")
        return f"{value.key} holds the body that was sent"


async def _confirmed(capture: CaptureSession, url: str) -> str:
    await capture.subscribe(TOPIC)
    return f"{url} confirmed"


async def _post(route: ApiRoute, body: str) -> str:
    """The request goes through the one sender (requests feature), not into the user's history."""
    response = await send(route.url(), RequestSpec("POST", "/seed", headers=(("Content-Type", "application/json"),),
                                                   body=body))
    if response.status != 200:
        raise StepFailedError(f"HTTP {response.status}: {response.body[:300]}")
    try:
        request_id = json.loads(response.body).get("requestId")
    except (ValueError, AttributeError):
        request_id = None
    if not request_id:
        raise StepFailedError(f"the response names no requestId: {response.body[:300]}")
    return str(request_id)


def _describe(result: Any) -> str:
    if result is None:
        return ""
    if hasattr(result, "arn"):
        return f"{result.arn} ({'created' if result.created else 'updated'})"
    if isinstance(result, ApiRoute):
        return result.url("seed")
    if isinstance(result, tuple) and result and hasattr(result[0], "arn"):
        return _describe(result[0])
    if isinstance(result, SnsMessage):
        return f"Message={result.message}"
    return str(result)


async def run_seed_flow(session: Session, runtime: str, on_step: Callable[[StepResult], None]) -> FlowReport:
    """The seed flow against the session's running environment."""
    return await SeedFlow(session, runtime, on_step).run()
