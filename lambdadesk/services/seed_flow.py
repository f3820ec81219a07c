"""The seed flow, end to end: topic, capture endpoint and confirmed subscription, function, API, a POST, the SNS
notification, and the Redis value it points to, as a timeline of timed steps that stops at the first failure."""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import docker

from lambdadesk.core.api_route import ApiRoute
from lambdadesk.core.errors import LambdadeskError
from lambdadesk.core.function_spec import FunctionSpec
from lambdadesk.core.profile import Profile
from lambdadesk.core.sns_message import SnsMessage
from lambdadesk.core.topology import addresses, lambda_environment
from lambdadesk.services.api_gateway import wire_rest_api
from lambdadesk.services.aws_clients import emulator_client
from lambdadesk.services.capture_address import capture_host
from lambdadesk.services.lambda_deployer import LambdaDeployer
from lambdadesk.services.redis_inspector import RedisInspector
from lambdadesk.services.sample_lambda import GO_HANDLER, SEED_HANDLER, seed_go_zip, seed_zip
from lambdadesk.services.sns_capture import SnsCaptureServer, api_confirmer

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
    def __init__(self, profile: Profile, capture_host: str, runtime: str = "python3.12",
                 on_step: Callable[[StepResult], None] = lambda _step: None) -> None:
        self._profile = profile
        self._capture_host = capture_host
        self._runtime = runtime
        self._on_step = on_step
        self._endpoints = addresses(profile).host
        self._sns = emulator_client("sns", self._endpoints.emulator_url, profile.region)
        self.report = FlowReport()

    async def run(self) -> FlowReport:
        capture = SnsCaptureServer(self._capture_host, confirm=api_confirmer(self._sns))
        inspector = RedisInspector(self._endpoints.redis_host, self._endpoints.redis_port)
        try:
            await self._run_steps(capture, inspector)
        except StepFailedError:
            pass  # recorded in the report
        finally:
            await capture.stop()
            await inspector.close()
        return self.report

    async def _run_steps(self, capture: SnsCaptureServer, inspector: RedisInspector) -> None:
        region = self._profile.region
        topic = await self._step("create the SNS topic", lambda: asyncio.to_thread(self._create_topic))
        url = await self._step("start the capture endpoint", capture.start)
        await self._step("subscribe it and await confirmation", lambda: self._subscribe(capture, topic, url))
        deployer = LambdaDeployer(self._endpoints.emulator_url, region,
                                  {**lambda_environment(self._profile), "SNS_TOPIC_ARN": topic})
        go = self._runtime.startswith("provided")
        code = await asyncio.to_thread(seed_go_zip if go else seed_zip)
        spec = FunctionSpec(f"lambdadesk-seed-{self._runtime.replace('.', '')}", self._runtime,
                            GO_HANDLER if go else SEED_HANDLER, code)
        deployment = await self._step(f"deploy the function ({self._runtime})",
                                      lambda: asyncio.to_thread(deployer.deploy, spec))
        route = await self._step("wire API Gateway to it", lambda: asyncio.to_thread(
            wire_rest_api, self._endpoints.emulator_url, region, deployment.arn, spec.name))
        body = json.dumps({"hello": "lambdadesk", "nonce": uuid.uuid4().hex})
        seen = len(capture.messages)
        request_id = await self._step("POST a body through API Gateway", lambda: _post(route, body))
        note = await self._step("receive the SNS notification",
                                lambda: capture.next_notification(seen, timeout_s=60, topic_arn=topic))
        await self._step("read Redis at the notified key", lambda: self._compare(inspector, note, request_id, body))

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

    def _create_topic(self) -> str:
        return str(self._sns.create_topic(Name=TOPIC)["TopicArn"])

    async def _subscribe(self, capture: SnsCaptureServer, topic: str, url: str) -> str:
        await asyncio.to_thread(self._sns.subscribe, TopicArn=topic, Protocol="http", Endpoint=url)
        await capture.wait_confirmed(topic, timeout_s=30)
        return f"{url} confirmed"

    async def _compare(self, inspector: RedisInspector, note: SnsMessage, request_id: str, body: str) -> str:
        if note.message != request_id:
            raise StepFailedError(f"the notification names {note.message!r}, the response said {request_id!r}")
        value = await inspector.correlate(note.message)
        if value is None:
            raise StepFailedError(f"Redis has no key {note.message!r}")
        stored = await inspector.raw(value.key)
        if stored != body.encode():
            raise StepFailedError(f"Redis holds {stored!r} under {value.key}, not the body that was sent")
        return f"{value.key} holds the body that was sent"


async def _post(route: ApiRoute, body: str) -> str:
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=120)) as session, \
            session.post(route.url("seed"), data=body, headers={"Content-Type": "application/json"}) as response:
        text = await response.text()
        if response.status != 200:
            raise StepFailedError(f"HTTP {response.status}: {text[:300]}")
    request_id = json.loads(text).get("requestId")
    if not request_id:
        raise StepFailedError(f"the response names no requestId: {text[:300]}")
    return str(request_id)


def _describe(result: Any) -> str:
    if result is None:
        return ""
    if hasattr(result, "arn"):
        return f"{result.arn} ({'created' if result.created else 'updated'})"
    if isinstance(result, ApiRoute):
        return result.url("seed")
    if isinstance(result, SnsMessage):
        return f"Message={result.message}"
    return str(result)


async def run_seed_flow(profile: Profile, docker_client: docker.DockerClient, runtime: str,
                        on_step: Callable[[StepResult], None]) -> FlowReport:
    """The seed flow against a running environment, its capture endpoint where the emulator can reach it."""
    host = await asyncio.to_thread(capture_host, profile, docker_client)
    return await SeedFlow(profile, host, runtime, on_step).run()
