"""Every view-model of the window, built over one set of services; the app and the screenshot tool share it."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, cast

from lambdadesk.adapters.store.paths import config_dir
from lambdadesk.adapters.store.recent_files import RecentFiles
from lambdadesk.adapters.store.request_store import RequestStore
from lambdadesk.core.events import EventSink
from lambdadesk.core.profile import Profile
from lambdadesk.flows.sample_flows import sample_files
from lambdadesk.ui.capture.view_model import CaptureViewModel
from lambdadesk.ui.common.engine_view_model import EngineViewModel
from lambdadesk.ui.common.session_access import SessionLike
from lambdadesk.ui.deploy.debug_view_model import DebugViewModel
from lambdadesk.ui.deploy.view_model import DeployViewModel
from lambdadesk.ui.environment.profile_view_model import ProfileViewModel
from lambdadesk.ui.environment.view_model import Environment, EnvironmentViewModel
from lambdadesk.ui.flows.view_model import FlowsViewModel
from lambdadesk.ui.invocations.invoke_view_model import InvokeViewModel
from lambdadesk.ui.invocations.view_model import InvocationsViewModel
from lambdadesk.ui.logs.function_logs_view_model import FunctionLogsViewModel
from lambdadesk.ui.logs.view_model import LogSource, LogsViewModel
from lambdadesk.ui.requests.view_model import RequestsViewModel
from lambdadesk.ui.resources.view_model import ResourcesViewModel

if TYPE_CHECKING:  # types only: the services behind them load when first used, not at app start
    from lambdadesk.core.engine import EngineState
    from lambdadesk.flows.flow_model import Flow
    from lambdadesk.flows.flow_result import FlowReport, StepResult


class Services(Protocol):
    """What the window runs on: app.RealServices, or fakes in tests."""

    async def make_session(self, profile: Profile, on_event: EventSink) -> Environment: ...
    async def log_source(self, profile: Profile) -> LogSource: ...
    async def run_flow(self, session: object, flow: Flow, on_step: Callable[[StepResult], None]) -> FlowReport: ...
    def request_store(self) -> RequestStore: ...
    def watch_engine(self, on_change: Callable[[EngineState], None]) -> Callable[[], None]: ...


@dataclass(frozen=True)
class ViewModels:
    environment: EnvironmentViewModel
    profile: ProfileViewModel
    logs: LogsViewModel
    function_logs: FunctionLogsViewModel
    flows: FlowsViewModel
    deploy: DeployViewModel
    debug: DebugViewModel
    requests: RequestsViewModel
    invocations: InvocationsViewModel
    invoke: InvokeViewModel
    capture: CaptureViewModel
    resources: ResourcesViewModel
    engine: EngineViewModel

    @classmethod
    def build(cls, profile: Profile, services: Services) -> ViewModels:
        environment = EnvironmentViewModel(profile, services.make_session)

        async def session() -> SessionLike:
            """One session for every tab: the Environment view-model's, for the profile as it is now."""
            return cast("SessionLike", await environment.session())

        recent = RecentFiles(config_dir() / "recent-flows.json")
        view_models = cls(environment, ProfileViewModel(environment),
                          LogsViewModel(lambda: services.log_source(environment.profile)),
                          FunctionLogsViewModel(session),
                          FlowsViewModel(environment, services.run_flow, recent, sample_files()),
                          DeployViewModel(session), DebugViewModel(session),
                          RequestsViewModel(session, services.request_store()), InvocationsViewModel(session),
                          InvokeViewModel(session),
                          CaptureViewModel(session), ResourcesViewModel(session), EngineViewModel(services))
        view_models.deploy.deployed.connect(view_models.requests.routes_requested)
        # each call is kept in the background; the list waits for it, so it shows the call that just ended
        view_models.requests.response_received.connect(lambda _: view_models.invocations.refresh_requested())
        view_models.flows.run_finished.connect(lambda *_: view_models.invocations.refresh_requested())
        view_models.invoke.invoked.connect(lambda *_: view_models.invocations.refresh_requested())
        view_models.deploy.deployed.connect(lambda *_: view_models.invoke.refresh_requested())
        # what a reset or restart took away is shown as gone (or as deployed anew), never as it was
        environment.emulator_replacing.connect(view_models.requests.emulator_replacing)
        environment.emulator_replaced.connect(lambda _why: view_models.capture.renew_requested())
        environment.emulator_replaced.connect(view_models.deploy.emulator_replaced)
        environment.emulator_replaced.connect(view_models.debug.emulator_replaced)
        environment.emulator_replaced.connect(lambda _why: view_models.requests.routes_requested())
        environment.emulator_replaced.connect(lambda _why: view_models.invocations.refresh_requested())
        # a function's logs are read from the emulator of the profile in use: another profile closes them
        environment.profile_changed.connect(lambda _profile: view_models.function_logs.close_all_requested())
        # what lambdadesk itself changed in the emulator shows in the Resources tab while it is looked at
        for changed in (view_models.deploy.deployed, view_models.flows.run_finished, view_models.capture.subscribed,
                        environment.emulator_replaced):
            changed.connect(lambda *_: view_models.resources.changed_elsewhere())
        return view_models

    async def wait_idle(self, timeout_s: float) -> bool:
        """Until no tab has an operation under way (what was handed to a thread ends there); False on timeout."""
        waiting = [vm.wait_idle() for vm in (self.deploy, self.debug, self.requests, self.invocations, self.invoke,
                                             self.capture, self.flows, self.resources)]
        try:
            await asyncio.wait_for(asyncio.gather(*waiting), timeout_s)
        except TimeoutError:
            return False
        return True

    def under_way(self) -> list[str]:
        """What the tabs are doing now, in words with the tab ("Deploying seed (Deploy)"), for the questions that
        would cut it off: Reset, and closing the window."""
        doing = [f"{vm.doing} ({tab})" for tab, vm in (
            ("Deploy", self.deploy), ("Deploy", self.debug), ("Requests", self.requests),
            ("Invocations", self.invocations), ("Invocations", self.invoke), ("Capture", self.capture),
            ("Flows", self.flows),
            ("Resources", self.resources)) if vm.busy]
        if self.debug.debugger is not None and not self.debug.busy:
            doing.append(f"{self.debug.debugger.spec.name} waiting for a debugger (Deploy)")
        return doing
