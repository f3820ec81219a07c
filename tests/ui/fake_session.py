"""Stand-ins for lambdadesk.session.Session and the window's services, for panel tests. They record what the
view-models asked and answer as the real ones do; the real ones are tested against the engine."""

from __future__ import annotations

import asyncio
import fnmatch
import json
import threading
from collections.abc import Callable
from pathlib import Path

from lambdadesk.adapters.store.invocation_store import InvocationStore
from lambdadesk.adapters.store.request_store import RequestStore
from lambdadesk.capture.redis_inspector import RedisValue
from lambdadesk.core.api_route import ApiRoute
from lambdadesk.core.copy_as import invoke_as, request_as
from lambdadesk.core.correlation import candidate_keys
from lambdadesk.core.engine import EngineState
from lambdadesk.core.errors import LambdadeskError
from lambdadesk.core.event_templates import Target, event_from_template
from lambdadesk.core.events import EventSink
from lambdadesk.core.function_environment import function_environment
from lambdadesk.core.function_spec import Deployment, FunctionSpec
from lambdadesk.core.http_request import HttpResponse, RequestSpec, check_request
from lambdadesk.core.invocation import API, Invocation, RedisWrite
from lambdadesk.core.lambda_zip import check_lambda_zip
from lambdadesk.core.profile import Profile, Topology
from lambdadesk.core.resource import Resource, ServiceListing
from lambdadesk.core.sns_message import SnsMessage
from lambdadesk.deploy.function_invoker import InvokeResult
from lambdadesk.deploy.function_list import FunctionSummary
from lambdadesk.environment.reset import ResetReport
from lambdadesk.flows.flow_model import Flow
from lambdadesk.flows.flow_result import FlowReport, StepResult
from tests.ui.conftest import FakeEnvironment, FakeLogSource

ENDPOINT = "http://127.0.0.1:4566"


class FakeCapture:
    def __init__(self) -> None:
        self.url = ""
        self.listeners: list[Callable[[SnsMessage], None]] = []
        self.topics: list[str] = []
        self.renewed = 0
        self.gone: list[str] = []  # what lost() reports next, as the emulator would after a reset

    def add_listener(self, listener: Callable[[SnsMessage], None]) -> None:
        self.listeners.append(listener)

    async def subscribe(self, topic: str) -> str:
        if not topic:
            raise LambdadeskError("A topic needs a name.", "Type one.")
        self.url = "http://127.0.0.1:40001/sns"
        self.topics.append(topic)
        return f"arn:aws:sns:us-east-1:000000000000:{topic}"

    async def lost(self) -> list[str]:
        gone, self.gone = self.gone, []
        return gone

    async def renew(self) -> list[str]:
        self.renewed += 1
        return [f"arn:aws:sns:us-east-1:000000000000:{topic}" for topic in self.topics]

    def deliver(self, message: str, topic: str = "orders", kind: str = "Notification") -> None:
        for listener in self.listeners:
            listener(SnsMessage(kind, f"arn:aws:sns:us-east-1:000000000000:{topic}", "m-1", message))


class FakeRedis:
    def __init__(self) -> None:
        self.values: dict[str, str] = {}

    async def scan(self, pattern: str = "*", cursor: int = 0, count: int = 500) -> tuple[int, list[str]]:
        keys = [key for key in self.values if fnmatch.fnmatchcase(key, pattern)]
        return 0, keys

    async def read(self, key: str) -> RedisValue | None:
        text = self.values.get(key)
        return None if text is None else RedisValue(key, "string", -1, text, len(text))

    async def correlate(self, message: str, attributes: dict[str, str] | None = None) -> RedisValue | None:
        """As RedisInspector does: the first of core.correlation's candidate keys that exists."""
        for key in candidate_keys(message, attributes):
            value = await self.read(key)
            if value is not None:
                return value
        return None


class FakeSession:
    def __init__(self, requests: RequestStore) -> None:
        self.requests = requests
        self.capture = FakeCapture()
        self.redis = FakeRedis()
        self.deployed: list[tuple[FunctionSpec, bool]] = []
        self.sent: list[RequestSpec] = []
        self.reloads: list[FunctionSpec] = []  # code-only updates (hot reload)
        self.gate = asyncio.Event()
        self.gate.set()
        self.invocations = FakeInvocations(InvocationStore(requests.history_dir.parent / "invocations"))
        self.profile = Profile(topology=Topology.HOST)
        self.unrecorded: list[FunctionSpec] = []  # Debug's deploys, waiting for a debugger
        self.log = ""  # what function_log answers
        self.send_fails: Exception | None = None  # what send raises instead of answering
        self.api_id = "api1"  # the REST API's id; a restart of the emulator gives a new one
        self.injected: dict[str, str] = {}  # what the real deploy would inject (topic ARNs, say)
        self.invoked: list[tuple[str, object]] = []  # direct invokes: the function and its event
        self.held: list[ServiceListing] = []  # what resources() answers; delete_resource takes from it

    async def get(self) -> FakeSession:
        """The view-models' session source."""
        return self

    async def invoke(self, name: str, payload: object) -> InvokeResult:
        self.invoked.append((name, payload))
        return InvokeResult(200, None, json.dumps({"echo": payload}), 0.021, "", cold=not self.invoked[:-1])

    def invoke_as(self, name: str, payload: object, form: str) -> str:
        return invoke_as(form, ENDPOINT, "us-east-1", name, payload)  # the real text

    async def event_template(self, template: str, function: str) -> dict[str, object]:
        return event_from_template(template, Target(function, "us-east-1", "dev"))  # the real templates

    async def resources(self) -> list[ServiceListing]:
        return self.held

    async def delete_resource(self, resource: Resource) -> str:
        self.held = [ServiceListing(one.service, [r for r in one.resources if r != resource], one.error)
                     for one in self.held]
        return f"Deleted the {resource.kind} {resource.name}."

    async def deploy(self, spec: FunctionSpec, wire: bool = False) -> tuple[Deployment, ApiRoute | None]:
        check_lambda_zip(spec.code, spec.runtime, spec.handler, f"the zip of {spec.name}")  # the real check
        await self.gate.wait()
        self.deployed.append((spec, wire))
        route = ApiRoute(self.api_id, "dev", spec.name, ENDPOINT, spec.name) if wire else None
        again = any(s.name == spec.name for s, _ in self.deployed[:-1])
        environment = function_environment(spec.name, self.injected, spec.environment)  # the real rule
        return Deployment(spec.name, f"arn:aws:lambda:us-east-1:000000000000:function:{spec.name}", "Active",
                          not again, 0.4, "code and configuration" if again else "",
                          environment.note(spec.name)), route

    async def deploy_code(self, spec: FunctionSpec) -> Deployment:
        check_lambda_zip(spec.code, spec.runtime, spec.handler, f"the code of {spec.name}")
        self.reloads.append(spec)
        return Deployment(spec.name, f"arn:aws:lambda:us-east-1:000000000000:function:{spec.name}", "Active", False,
                          0.2)

    async def deploy_unrecorded(self, spec: FunctionSpec) -> Deployment:
        self.unrecorded.append(spec)
        return Deployment(spec.name, f"arn:aws:lambda:us-east-1:000000000000:function:{spec.name}", "Active", False,
                          0.3)

    async def function_log(self, name: str, since_ms: int) -> str:
        return self.log

    async def lambda_address(self, function: str) -> str | None:
        return None  # the fake's profile is on the host topology: never asked

    async def functions(self) -> list[FunctionSummary]:
        return [FunctionSummary(s.name, s.runtime, s.handler, "Active", s.memory_mb, s.timeout_s,
                                "2026-11-22T10:00:00.000+0000") for s, _ in self.deployed]

    async def routes(self) -> list[ApiRoute]:
        return [ApiRoute(self.api_id, "dev", s.name, ENDPOINT, s.name) for s, wired in self.deployed if wired]

    async def send(self, spec: RequestSpec) -> HttpResponse:
        spec = check_request(spec)
        await self.gate.wait()
        if self.send_fails is not None:
            raise self.send_fails
        self.sent.append(spec)
        response = HttpResponse(200, (("Content-Type", "application/json"),), '{"requestId": "r-1"}', 0.012)
        self.requests.record(spec, response)
        number = len(self.sent)
        self.invocations.store.add(Invocation(
            f"inv-{number}", "fn", API, 1796185281.0 + number, 1796185281.05 + number, cold=number == 1,
            duration_ms=21.5, logged_at=1796185281.04 + number, status=200,
            request=spec.to_dict(), response=response.body, log_lines=(f"START RequestId: inv-{number}",),
            redis_writes=(RedisWrite(1796185281.02 + number, f"SET r-1 {spec.body}"),)))
        return response

    async def invocation_history(self, function: str | None = None) -> list[Invocation]:
        return self.invocations.store.history(function)

    async def replay(self, invocation_id: str) -> Invocation:
        kept = self.invocations.store.find(invocation_id)
        if kept.request is None:
            raise LambdadeskError(f"Invocation {kept.id} cannot be replayed.", "Replay one lambdadesk made.")
        await self.send(RequestSpec.from_dict(kept.request))
        return self.invocations.store.history()[0]


    async def request_as(self, spec: RequestSpec, form: str) -> str:
        spec = check_request(spec)
        return request_as(form, ApiRoute(self.api_id, "dev", spec.api, ENDPOINT, spec.api).url(), spec)

    async def invocation_as(self, invocation_id: str, form: str) -> str:
        kept = self.invocations.store.find(invocation_id)
        if kept.request is not None:
            return await self.request_as(RequestSpec.from_dict(kept.request), form)
        return invoke_as(form, ENDPOINT, "us-east-1", kept.function, kept.event)


class FakeInvocations:
    def __init__(self, store: InvocationStore) -> None:
        self.store = store


class FakeWindowSession(FakeEnvironment):
    """A session as the window gets it: the environment's operations (FakeEnvironment) and the AWS side (the
    shared FakeSession, so a test sees what every tab did)."""

    def __init__(self, profile: Profile, on_event: EventSink, bench: FakeSession) -> None:
        super().__init__(on_event, profile=profile)
        self.bench = bench

    def __getattr__(self, name: str) -> object:
        return getattr(self.bench, name)

    async def reset(self, full: bool = False) -> ResetReport:
        """As the real reset: what was deployed and every Redis key are gone."""
        report = await super().reset(full)
        self.bench.deployed.clear()
        self.bench.redis.values.clear()
        return report

    async def set_debug(self, enabled: bool) -> None:
        """As the real restart: what was deployed comes back, behind a new API id."""
        await super().set_debug(enabled)
        self.bench.api_id = f"api{len(self.calls)}"


class FakeServices:
    """Everything the window runs on, faked; `environments` holds every session the window asked for."""

    def __init__(self, folder: Path) -> None:
        self.bench = FakeSession(RequestStore(folder / "requests"))
        self.environments: list[FakeWindowSession] = []
        self.log_sources: list[FakeLogSource] = []
        self.engine_listeners: list[Callable[[EngineState], None]] = []
        self.closed = False

    async def make_session(self, profile: Profile, on_event: EventSink) -> FakeWindowSession:
        self.environments.append(FakeWindowSession(profile, on_event, self.bench))
        return self.environments[-1]

    async def log_source(self, _profile: Profile) -> FakeLogSource:
        self.log_sources.append(FakeLogSource())
        return self.log_sources[-1]

    async def run_flow(self, _session: object, flow: Flow, _on_step: Callable[[StepResult], None]) -> FlowReport:
        return FlowReport(flow.name, str(flow.file))

    def request_store(self) -> RequestStore:
        return self.bench.requests

    def watch_engine(self, on_change: Callable[[EngineState], None]) -> Callable[[], None]:
        self.engine_listeners.append(on_change)
        return lambda: self.engine_listeners.remove(on_change)

    async def close(self) -> None:
        self.closed = True

    def engine_says(self, state: EngineState) -> None:
        """As the real watch does: from a thread of its own."""
        threads = [threading.Thread(target=listener, args=(state,)) for listener in self.engine_listeners]
        for thread in threads:
            thread.start()
            thread.join()
