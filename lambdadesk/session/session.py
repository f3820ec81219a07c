"""`Session`: the environment's use cases (bring up, stop, reset, DEBUG, re-apply), deploy and wire, a function's
logs, and closing, on top of the calls (calls.py) and the resources (resource_use_cases.py). Mutating use cases
hold the profile's lock across processes; what was deployed follows from them (a reset forgets it, a restart
re-applies it). Async: blocking SDK calls run in worker threads."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from lambdadesk.adapters.errors import explain
from lambdadesk.adapters.store import profile_store
from lambdadesk.adapters.store.desired_state_store import DesiredStateStore
from lambdadesk.core.emulator_runtimes import runtime_notice
from lambdadesk.core.errors import ReapplyError
from lambdadesk.core.events import Notice, ServiceStatus
from lambdadesk.core.profile import EmulatorKind
from lambdadesk.core.topology import EMULATOR
from lambdadesk.deploy.deploy_function import deploy_code, deploy_function, wire_function
from lambdadesk.deploy.desired_state import apply_state
from lambdadesk.deploy.function_logs import log_lines_since, logged_request_ids
from lambdadesk.logs.function_logs import FunctionLogs
from lambdadesk.session.calls import CallUseCases
from lambdadesk.session.resource_use_cases import ResourceUseCases

if TYPE_CHECKING:
    from collections.abc import Collection

    from lambdadesk.core.api_route import ApiRoute
    from lambdadesk.core.engine import EngineState
    from lambdadesk.core.function_spec import Deployment, FunctionSpec
    from lambdadesk.environment.down_report import DownReport
    from lambdadesk.environment.environment_watch import OnChange
    from lambdadesk.environment.service import ResetReport


class Session(CallUseCases, ResourceUseCases):
    """The environment, functions and APIs, logs and closing; the calls and the resources come from its bases."""

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
        self._say_note(deployment)
        if route is not None:
            self._routes[spec.name] = route
        return deployment, route

    async def deploy_unrecorded(self, spec: FunctionSpec) -> Deployment:
        """A deploy the desired state does not keep (Debug's waiting function): a restart puts back the last
        recorded one."""
        async with self._locked(f"deploying {spec.name} in"):
            deployment, _route = await asyncio.to_thread(deploy_function, self.profile, spec, False, False)
        return self._say_note(deployment)

    async def deploy_code(self, spec: FunctionSpec) -> Deployment:
        """Only the code of a deployed function (a reload from its source folder); recorded like a deploy."""
        await self._runtime_notice(spec, ask_python=False)
        async with self._locked(f"reloading {spec.name} in"):
            return self._say_note(await asyncio.to_thread(deploy_code, self.profile, spec))

    def _say_note(self, deployment: Deployment) -> Deployment:
        if deployment.note:  # the topic ARNs left out of its environment, say
            self._on_event(Notice(deployment.note))
        return deployment

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

    async def function_log(self, name: str, since_ms: int, earlier: Collection[str] = (), wait_s: float = 1.0) -> str:
        """The function's log lines since `since_ms` (epoch milliseconds), as the emulator keeps them: its last
        invocation's that is not one of `earlier` (request ids, see `logged_request_ids`), waiting up to `wait_s`
        for that invocation's REPORT line."""
        return await asyncio.to_thread(log_lines_since, *self._aws(), name, since_ms, wait_s, earlier)

    async def logged_request_ids(self, name: str, since_ms: int) -> frozenset[str]:
        """The request ids of the function's invocations logged since `since_ms`: read before a call, so that the
        call's own lines are told from an earlier one's."""
        return await asyncio.to_thread(logged_request_ids, *self._aws(), name, since_ms)

    def function_logs(self, function: str, request_id: str = "", follow: bool = True) -> FunctionLogs:
        """The function's CloudWatch log events (only a request's, with `request_id`), followed until closed."""
        return FunctionLogs(self.profile, function, request_id, follow=follow, secrets=self._masked)

    async def lambda_address(self, function: str) -> str | None:
        """Where the function's newest Lambda container answers on the environment's network (bridge topology)."""
        from lambdadesk.environment.lambda_containers import lambda_address

        client = self._docker_client()
        return None if client is None else await asyncio.to_thread(lambda_address, client, self.profile, function)
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
