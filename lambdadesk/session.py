"""One environment as both front ends use it: the application layer. Each use case is one method here (bring
up, stop, reset, DEBUG, re-apply, deploy, wire, list, send, invoke, invocations, replay) or one object it holds
(capture, Redis, the invocation recorder); the
CLI and the window only parse input, call it, and present the result. Mutating use cases hold the profile's lock
across processes; what was deployed follows from them (a reset forgets it, a restart re-applies it).
Async: blocking SDK calls run in worker threads."""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Callable, Iterable
from contextlib import AbstractAsyncContextManager
from typing import TYPE_CHECKING

from lambdadesk.adapters.errors import explain
from lambdadesk.adapters.store import profile_store
from lambdadesk.adapters.store.desired_state_store import DesiredStateStore
from lambdadesk.adapters.store.profile_lock import profile_lock
from lambdadesk.adapters.store.request_store import RequestStore
from lambdadesk.capture.capture_session import CaptureSession
from lambdadesk.capture.every_topic import EveryTopicCapture
from lambdadesk.capture.redis_inspector import RedisInspector
from lambdadesk.core.copy_as import invoke_as, request_as
from lambdadesk.core.emulator_runtimes import runtime_notice
from lambdadesk.core.errors import LambdadeskError, ReapplyError
from lambdadesk.core.event_templates import Target, event_from_template
from lambdadesk.core.events import EventSink, Notice, ServiceStatus, ignore_events
from lambdadesk.core.http_request import HttpResponse, RequestSpec, check_request
from lambdadesk.core.invocation import API, INVOKE, Invocation
from lambdadesk.core.profile import EmulatorKind, Profile
from lambdadesk.core.resource import SERVICES, Resource, ServiceListing
from lambdadesk.core.topology import EMULATOR, addresses
from lambdadesk.deploy import api_gateway
from lambdadesk.deploy.deploy_function import deploy_code, deploy_function, wire_function
from lambdadesk.deploy.desired_state import apply_state
from lambdadesk.deploy.function_invoker import FunctionInvoker, InvokeResult
from lambdadesk.deploy.function_list import FunctionSummary, list_functions
from lambdadesk.deploy.function_logs import log_lines_since
from lambdadesk.invocations.invocation_recorder import Call, recorder_for
from lambdadesk.logs.function_logs import FunctionLogs
from lambdadesk.requests.request_runner import send
from lambdadesk.resources.resource_browser import ResourceBrowser

if TYPE_CHECKING:
    from docker import DockerClient

    from lambdadesk.adapters.docker.docker_connection import DockerConnection
    from lambdadesk.core.api_route import ApiRoute
    from lambdadesk.core.engine import EngineState
    from lambdadesk.core.function_spec import Deployment, FunctionSpec
    from lambdadesk.environment.attached import AttachedEnvironment
    from lambdadesk.environment.down_report import DownReport
    from lambdadesk.environment.environment_watch import EnvironmentWatch, OnChange
    from lambdadesk.environment.service import EnvironmentService, ResetReport


_REPORT_ID = re.compile(r"^REPORT RequestId: (\S+)", re.MULTILINE)


ConnectionSource = Callable[[], "DockerConnection"]
TokenSource = Callable[[], "str | None"]


class Session:
    def __init__(self, profile: Profile, connection: DockerConnection | ConnectionSource | None,
                 auth_token: str | TokenSource | None = None, on_event: EventSink = ignore_events,
                 requests: RequestStore | None = None) -> None:
        """`connection`: a Docker connection, or how to make one when first needed (a CLI command that never
        touches Docker never imports docker-py); None only for a profile that attaches. `auth_token` likewise
        (the keyring is asked only when the environment is worked on)."""
        from lambdadesk.adapters.store.paths import requests_dir

        if connection is None and profile.attached is None:
            raise ValueError("a session of a profile that does not attach needs a Docker connection")
        self._connection = connection if not callable(connection) else None
        self._connect = connection if callable(connection) else None
        self._token: str | None = auth_token if not callable(auth_token) else None
        self._token_source = auth_token if callable(auth_token) else None
        self._profile = profile
        self._environment: EnvironmentService | AttachedEnvironment | None = None
        self.requests = requests or RequestStore(requests_dir())
        self._captures: list[CaptureSession] = []
        self.invocations = recorder_for(profile, lambda: any(c.subscriptions for c in self._captures))
        self._capture: CaptureSession | None = None
        self._every_topic = EveryTopicCapture(self.new_capture, lambda text: on_event(Notice(text)))
        view = addresses(profile).host
        self.redis = RedisInspector(view.redis_host, view.redis_port)
        self._on_event = on_event
        self._routes: dict[str, ApiRoute] = {}  # API name ("" for the first) -> route, as last looked up
        self._invoker: FunctionInvoker | None = None
        self._watches: list[EnvironmentWatch] = []
        self._recordings: set[asyncio.Future[Invocation]] = set()

    @property
    def connection(self) -> DockerConnection | None:
        """The Docker connection (made now if it was only known how to make it); None when attached."""
        if self._connection is None and self._connect is not None and self._profile.attached is None:
            self._connection = self._connect()
        return self._connection

    @property
    def environment(self) -> EnvironmentService | AttachedEnvironment:
        """The environment's containers (or what an attached profile points at), made on first need."""
        if self._environment is None:
            if self._profile.attached is not None:
                from lambdadesk.environment.attached import AttachedEnvironment

                self._environment = AttachedEnvironment(self._profile, self._on_event)
            else:
                from lambdadesk.environment.service import EnvironmentService

                connection = self.connection
                assert connection is not None  # the constructor refused a profile with neither
                self._environment = EnvironmentService(self._profile, connection, self._auth_token(),
                                                       self._on_event)
        return self._environment

    @property
    def capture(self) -> CaptureSession:
        """The capture endpoint the user watches (the Capture tab's, `lambdadesk capture`)."""
        if self._capture is None:
            self._capture = self.new_capture()
        return self._capture

    def _auth_token(self) -> str | None:
        if self._token_source is not None:
            self._token, self._token_source = self._token_source(), None
        return self._token

    @property
    def _masked(self) -> tuple[str, ...]:
        """What is never shown in a log line: the auth token."""
        token = self._auth_token()
        return (token,) if token else ()

    @property
    def profile(self) -> Profile:
        return self._environment.profile if self._environment is not None else self._profile

    # --- the environment ---------------------------------------------------------------------------------

    async def up(self) -> list[str]:
        """Create what is missing, start what is stopped, wait until every service answers; an emulator that
        (re)started gets back what was deployed. Returns the services that (re)started."""
        async with self._locked("starting"):
            started = await self.environment.up()
            if EMULATOR in started:
                await self._every_topic.forget()
                await self._reapply()
        return started

    async def down(self, remove_volumes: bool = False) -> DownReport:
        """Stops and removes the environment; says what was removed and what kept."""
        async with self._locked("stopping"):
            return await self.environment.down(remove_volumes=remove_volumes)

    async def status(self) -> list[ServiceStatus]:
        return await self.environment.status()

    async def engine(self) -> EngineState | None:
        """Which engine this session works on (Docker or Podman, and its version), or that it stopped answering;
        None when attached (no engine is used)."""
        from lambdadesk.adapters.docker.engine_watch import engine_state

        if self.connection is None:
            return None
        return await asyncio.to_thread(engine_state, self.connection)

    async def last_log_lines(self) -> dict[str, str]:
        """Each container's last log line, by container name (none when attached)."""
        from lambdadesk.logs.last_lines import last_lines

        if self.connection is None:
            return {}
        return await last_lines(self.connection.client, self.profile.name, self._masked)

    async def watch(self, on_change: OnChange) -> None:
        """Call `on_change(service, what)` from a thread of its own whenever one of this environment's containers
        is created, started, stopped or removed, whoever did it; the watch ends with the session. Attached: there
        is no container of lambdadesk's to watch."""
        from lambdadesk.environment.environment_watch import EnvironmentWatch

        if self.connection is None:
            return
        watch = EnvironmentWatch(self.connection.client, self.profile.name, on_change)
        self._watches.append(watch)
        await asyncio.to_thread(watch.start)

    async def reset(self, full: bool = False) -> ResetReport:
        """A clean environment, and nothing recorded as deployed: a later restart does not bring it back."""
        async with self._locked("resetting"):
            report = await self.environment.reset(full=full)
            await asyncio.to_thread(DesiredStateStore(self.profile.name).clear)
            await self._every_topic.forget()
        self._routes.clear()
        report.actions.append("forgot what was deployed (desired state)")
        return report

    async def set_debug(self, enabled: bool) -> None:
        """The emulator restarted with DEBUG on or off, the choice saved in the profile (so the next start, from
        either front end, keeps it), and what was deployed deployed again."""
        async with self._locked("restarting the emulator of"):
            await self.environment.set_debug(enabled)
            await self._every_topic.forget()
            await asyncio.to_thread(profile_store.save_profile, self.profile)
            await self._reapply()

    async def reapply(self) -> list[str]:
        """Deploy and wire again what is recorded (`lambdadesk state apply`)."""
        async with self._locked("re-applying what was deployed in"):
            return await self._reapply()

    async def _reapply(self) -> list[str]:
        try:
            state = await asyncio.to_thread(DesiredStateStore(self.profile.name).load)
            if state.empty:
                return []
            await self.environment.warmed_up()  # the emulator's services loaded one by one before re-applying
            done = await asyncio.to_thread(apply_state, self.profile, state)
        except Exception as exc:
            explained = explain("re-apply what was deployed", exc)
            if explained is None:
                raise
            raise ReapplyError(f"The environment is up, but {explained.message[0].lower()}{explained.message[1:]}",
                               explained.next_step) from exc
        if done:
            self._on_event(Notice("Re-applied what was deployed: " + ", ".join(done)))
        return done

    # --- functions and APIs ------------------------------------------------------------------------------

    async def deploy(self, spec: FunctionSpec, wire: bool = False) -> tuple[Deployment, ApiRoute | None]:
        """Create or update the function until Active and record it; with `wire`, also wire a REST API to it.
        Said first when the emulator will run it otherwise than its runtime says; refused when it only pretends."""
        notice = await self._runtime_notice(spec)
        if notice:
            self._on_event(Notice(notice))
        async with self._locked(f"deploying {spec.name} in"):
            deployment, route = await asyncio.to_thread(deploy_function, self.profile, spec, wire)
        if route is not None:
            self._routes[spec.name] = route
        return deployment, route

    async def deploy_unrecorded(self, spec: FunctionSpec) -> Deployment:
        """A deploy the desired state does not keep (Debug's waiting function): a restart puts back the last
        recorded one."""
        async with self._locked(f"deploying {spec.name} in"):
            deployment, _route = await asyncio.to_thread(deploy_function, self.profile, spec, False, False)
        return deployment

    async def deploy_code(self, spec: FunctionSpec) -> Deployment:
        """Only the code of a deployed function (a reload from its source folder); recorded like a deploy."""
        await self._runtime_notice(spec, ask_python=False)
        async with self._locked(f"reloading {spec.name} in"):
            return await asyncio.to_thread(deploy_code, self.profile, spec)

    async def _runtime_notice(self, spec: FunctionSpec, ask_python: bool = True) -> str:
        """What differs when the profile's emulator runs `spec` (MiniStack: its own Python); raises
        UnsupportedRuntimeError for a runtime it would only pretend to run."""
        python = None
        if ask_python and self.profile.emulator is EmulatorKind.MINISTACK and spec.runtime.startswith("python") \
                and self.connection is not None:
            from lambdadesk.environment.emulator_python import emulator_python

            python = await asyncio.to_thread(emulator_python, self.connection.client, self.profile)
        return runtime_notice(self.profile.emulator, spec.name, spec.runtime, python)

    async def wire(self, function: str, api_name: str = "", stage: str = "dev") -> ApiRoute:
        async with self._locked(f"wiring {function} in"):
            route = await asyncio.to_thread(wire_function, self.profile, function, api_name, stage)
        self._routes[route.name or function] = route
        return route

    async def functions(self) -> list[FunctionSummary]:
        return await asyncio.to_thread(list_functions, self.profile)

    async def routes(self) -> list[ApiRoute]:
        return await asyncio.to_thread(api_gateway.list_routes, *self._aws())

    async def function_log(self, name: str, since_ms: int) -> str:
        """The function's log lines since `since_ms` (epoch milliseconds), as the emulator keeps them."""
        return await asyncio.to_thread(log_lines_since, *self._aws(), name, since_ms)

    def function_logs(self, function: str, request_id: str = "", follow: bool = True) -> FunctionLogs:
        """The function's CloudWatch log events (only a request's, with `request_id`), followed until closed."""
        return FunctionLogs(self.profile, function, request_id, follow=follow, secrets=self._masked)

    async def lambda_address(self, function: str) -> str | None:
        """Where the function's newest Lambda container answers on the environment's network (bridge topology)."""
        from lambdadesk.environment.lambda_containers import lambda_address

        client = self._docker_client()
        return None if client is None else await asyncio.to_thread(lambda_address, client, self.profile, function)

    async def invoke(self, name: str, payload: object) -> InvokeResult:
        """Invoke directly; the invocation is kept (with the event) in the background."""
        return (await self._invoke(name, payload))[0]

    async def event_template(self, template: str, function: str) -> dict[str, object]:
        """An event as the template's service sends it (event_templates.TEMPLATES), for `function`: the stage of
        the API wired to it when there is one."""
        stages = [route.stage for route in await self.routes() if route.function_name == function]
        return event_from_template(template, Target(function, self.profile.region, stages[0] if stages else "dev"))

    async def _invoke(self, name: str, payload: object) -> tuple[InvokeResult, asyncio.Future[Invocation]]:
        if self._invoker is None:
            self._invoker = FunctionInvoker(*self._aws())
        await self._every_topic.listen()
        number = await asyncio.to_thread(self.invocations.begin, name)
        started = time.time()
        try:
            result = await asyncio.to_thread(self._invoker.invoke, name, payload)
        except BaseException:
            self.invocations.abandon(number)
            raise
        request_id = _REPORT_ID.findall(result.log_tail)
        call = Call(name, INVOKE, started, time.time(), result.status, result.function_error, result.payload,
                    event=payload, request_id=request_id[-1] if request_id else None)
        return result, self._record(number, call)

    # --- requests ----------------------------------------------------------------------------------------

    async def send(self, spec: RequestSpec, history: bool = True) -> HttpResponse:
        """Send through the API the spec names (the first wired one when it names none); kept in the request
        history (unless not: a flow's steps) and, in the background, as an invocation."""
        return (await self._send(spec, history))[0]

    async def _send(self, spec: RequestSpec, history: bool = True) -> tuple[HttpResponse, asyncio.Future[Invocation]]:
        spec = check_request(spec)
        route = await self.route(spec.api)
        await self._every_topic.listen()
        number = await asyncio.to_thread(self.invocations.begin, route.function_name)
        started = time.time()
        try:
            response = await send(route.url(), spec)
        except BaseException:
            self.invocations.abandon(number)
            raise
        call = Call(route.function_name, API, started, time.time(), response.status,
                    f"HTTP {response.status}" if response.status >= 500 else None, response.body, spec.to_dict())
        if history:
            await asyncio.to_thread(self.requests.record, spec, response)
        return response, self._record(number, call)

    async def request_as(self, spec: RequestSpec, form: str) -> str:
        """The request as text to run elsewhere (copy_as.REQUEST_FORMS: curl, python), to the API it would go to."""
        spec = check_request(spec)
        return request_as(form, (await self.route(spec.api)).url(), spec)

    def invoke_as(self, name: str, payload: object, form: str) -> str:
        """A direct invoke as text to run elsewhere (copy_as.INVOKE_FORMS: aws, boto3)."""
        return invoke_as(form, *self._aws(), name, payload)

    async def invocation_as(self, invocation_id: str, form: str) -> str:
        """A kept invocation's call (its request, or its event) as text to run elsewhere."""
        kept = await self._kept_call(invocation_id, "Copy one lambdadesk made (source api or invoke).")
        if kept.request is not None:
            return await self.request_as(RequestSpec.from_dict(kept.request), form)
        return self.invoke_as(kept.function, kept.event, form)

    async def _kept_call(self, invocation_id: str, otherwise: str) -> Invocation:
        """The kept invocation, when its call is known (its request, or an invoke's event); else says why not."""
        kept = await asyncio.to_thread(self.invocations.store.find, invocation_id)
        if kept.request is None and kept.source != INVOKE:
            raise LambdadeskError(f"Invocation {kept.id} was seen only in {kept.function}'s log: its event is not "
                                  "known.", otherwise)
        return kept

    async def route(self, api: str) -> ApiRoute:
        """The route last used for `api` while it is still deployed (one call), else looked up again (several)."""
        known = self._routes.get(api)
        if known is None or not await asyncio.to_thread(api_gateway.still_deployed, *self._aws(), known):
            self._routes[api] = await asyncio.to_thread(api_gateway.find_route, *self._aws(), api)
        return self._routes[api]

    # --- invocations ---------------------------------------------------------------------------------------

    async def invocation_history(self, function: str | None = None) -> list[Invocation]:
        """Newest first; with the invocations only the function's log knows of (a trigger) picked up first. When
        the emulator does not answer, the kept ones (and why nothing new was looked for, in the store's problems)."""
        await self.recorded()
        try:
            names = [function] if function else [summary.name for summary in await self.functions()]
            for name in names:
                await asyncio.to_thread(self.invocations.pick_up_logged, name)
        except Exception as exc:
            explained = explain("look for invocations in the functions' logs", exc)
            if explained is None:
                raise
            self.invocations.store.problems.append(f"{explained.message} The kept invocations are listed.")
        return await asyncio.to_thread(self.invocations.store.history, function)

    async def invocation(self, which: str) -> Invocation:
        """A kept invocation by its id (or the start of it), or "last": the newest, once the calls made are kept."""
        await self.recorded()
        if which != "last":
            return await asyncio.to_thread(self.invocations.store.find, which)
        newest = await asyncio.to_thread(self.invocations.store.history, None, 1)
        if not newest:
            raise LambdadeskError("No invocation is kept yet.", "Send a request or invoke a function first.")
        return newest[0]

    async def replay(self, invocation_id: str) -> Invocation:
        """The kept invocation's call made again (the same HTTP request, or the same event); the new invocation."""
        kept = await self._kept_call(invocation_id, "Replay one lambdadesk made (source api or invoke), or invoke the "
                                                    "function yourself.")
        if kept.request is not None:
            return await (await self._send(RequestSpec.from_dict(kept.request)))[1]
        return await (await self._invoke(kept.function, kept.event))[1]

    async def recorded(self) -> None:
        """Wait until every call made so far is kept."""
        if self._recordings:
            await asyncio.gather(*self._recordings, return_exceptions=True)

    def _record(self, number: int, call: Call) -> asyncio.Future[Invocation]:
        task = asyncio.wrap_future(self.invocations.submit(number, call))
        self._recordings.add(task)
        task.add_done_callback(self._recorded)
        return task

    def _recorded(self, task: asyncio.Future[Invocation]) -> None:
        self._recordings.discard(task)
        if not task.cancelled() and task.exception() is not None:
            self._on_event(Notice(f"An invocation could not be kept: {task.exception()}"))

    # --- resources ----------------------------------------------------------------------------------------

    async def resources(self, services: Iterable[str] = SERVICES) -> list[ServiceListing]:
        """What the emulator holds, service by service, subscriptions that lead nowhere marked."""
        return await asyncio.to_thread(self._browser().list, tuple(services))

    async def describe(self, reference: str, kind: str = "") -> Resource:
        """The one resource a name, an ARN or an API's id names (of `kind`, when given), with its details."""
        return await asyncio.to_thread(self._browser().find, reference, kind)

    async def delete_resource(self, resource: Resource) -> str:
        """Exactly that resource deleted; a function, API or topic lambdadesk recorded is also forgotten, so a
        restart does not bring it back. Returns what was done, in words."""
        async with self._locked(f"deleting {resource.name} in"):
            done = await asyncio.to_thread(self._browser().delete, resource)
            store = DesiredStateStore(self.profile.name)
            forgotten = (await asyncio.to_thread(store.forget, resource.kind, resource.name)).names()
            if forgotten:
                done += f" A restart will not bring back {', '.join(forgotten)} (forgotten from what was deployed)."
        self._routes = {api: route for api, route in self._routes.items()
                        if resource.arn != route.api_id and resource.name != route.function_name}
        return done

    def _browser(self) -> ResourceBrowser:
        return ResourceBrowser(*self._aws())

    # --- capture ------------------------------------------------------------------------------------------

    def new_capture(self) -> CaptureSession:
        """A capture endpoint of its own (the seed flow's), apart from the one the user watches. What it hears
        is kept with the invocations that published it."""
        capture = CaptureSession(self.profile, self._docker_client)
        capture.add_listener(self.invocations.heard.hear)
        self._captures.append(capture)
        return capture

    async def close(self) -> None:
        """Recordings finished, watches, capture endpoint, Redis client and monitor; the Docker connection belongs
        to whoever made it."""
        await self.recorded()
        await asyncio.to_thread(self.invocations.settle)  # late SNS deliveries still come to the open endpoints
        watches, self._watches = self._watches, []
        for watch in watches:
            await asyncio.to_thread(watch.close)
        if self._capture is not None:
            await self._capture.close()
        await self._every_topic.forget()
        await self.redis.close()
        await asyncio.to_thread(self.invocations.close)

    def _docker_client(self) -> DockerClient | None:
        connection = self.connection
        return connection.client if connection is not None else None

    def _aws(self) -> tuple[str, str]:
        return addresses(self.profile).host.emulator_url, self.profile.region

    def _locked(self, doing: str) -> AbstractAsyncContextManager[None]:
        return profile_lock(self.profile.name, doing, lambda text: self._on_event(Notice(text)))
