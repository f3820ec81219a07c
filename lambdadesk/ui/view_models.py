"""Every view-model of the window, built over one set of services; the app and the screenshot tool share it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from lambdadesk.core.events import EventSink
from lambdadesk.core.profile import Profile
from lambdadesk.services.request_store import RequestStore
from lambdadesk.ui.capture_vm import CaptureViewModel
from lambdadesk.ui.demo_vm import DemoViewModel
from lambdadesk.ui.deploy_vm import DeployViewModel
from lambdadesk.ui.environment_vm import Environment, EnvironmentViewModel
from lambdadesk.ui.logs_vm import LogSource, LogsViewModel
from lambdadesk.ui.requests_vm import RequestsViewModel
from lambdadesk.ui.workbench_access import WorkbenchLike

if TYPE_CHECKING:  # types only: the services behind them load when first used, not at app start
    from lambdadesk.services.seed_flow import FlowReport, StepResult


class Services(Protocol):
    """What the window runs on: app.RealServices, or fakes in tests."""

    async def make_environment(self, profile: Profile, on_event: EventSink) -> Environment: ...
    async def log_source(self, profile: Profile) -> LogSource: ...
    async def workbench(self, profile: Profile) -> WorkbenchLike: ...
    async def run_seed_flow(self, profile: Profile, runtime: str,
                            on_step: Callable[[StepResult], None]) -> FlowReport: ...
    def request_store(self) -> RequestStore: ...


@dataclass(frozen=True)
class ViewModels:
    environment: EnvironmentViewModel
    logs: LogsViewModel
    demo: DemoViewModel
    deploy: DeployViewModel
    requests: RequestsViewModel
    capture: CaptureViewModel

    @classmethod
    def build(cls, profile: Profile, services: Services) -> ViewModels:
        environment = EnvironmentViewModel(profile, services.make_environment)

        def workbench() -> Awaitable[WorkbenchLike]:
            return services.workbench(environment.profile)

        view_models = cls(environment, LogsViewModel(lambda: services.log_source(environment.profile)),
                          DemoViewModel(environment, services.run_seed_flow), DeployViewModel(workbench),
                          RequestsViewModel(workbench, services.request_store()), CaptureViewModel(workbench))
        view_models.deploy.deployed.connect(view_models.requests.routes_requested)
        environment.emulator_replaced.connect(view_models.capture.renew_requested)
        return view_models
