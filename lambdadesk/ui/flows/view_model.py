"""The seed flow for the window: starts the environment if needed, then runs the flow step by step."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from qasync import asyncSlot

from lambdadesk.core.errors import LambdadeskError
from lambdadesk.core.events import ServiceState
from lambdadesk.ui.environment.view_model import EnvironmentViewModel

if TYPE_CHECKING:  # types only: the services behind them load when first used, not at app start
    from lambdadesk.flows.flow_result import FlowReport, StepResult

RUNTIMES = ("python3.12", "python3.11", "provided.al2023")
FlowRunner = Callable[[object, str, Callable[["StepResult"], None]], Awaitable["FlowReport"]]  # (session, ...)


class DemoViewModel(QObject):
    run_started = Signal(str)  # runtime
    step_finished = Signal(object)  # StepResult
    run_finished = Signal(bool, float)  # passed, seconds
    busy_changed = Signal(bool)
    error_raised = Signal(str, str)

    def __init__(self, environment: EnvironmentViewModel, run_flow: FlowRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.environment = environment
        self._run_flow = run_flow
        self.busy = False

    @asyncSlot(str)
    async def run_requested(self, runtime: str) -> None:
        await self.run(runtime)

    def _environment_ready(self) -> bool:
        states = self.environment.states
        return all(states.get(service) is ServiceState.READY for service in self.environment.services())

    async def run(self, runtime: str) -> None:
        if self.busy:
            return
        self.busy = True
        self.busy_changed.emit(True)
        try:
            if not self._environment_ready():
                await self.environment.start()
            if not self._environment_ready():
                self.error_raised.emit("The environment is not ready, so the flow cannot run.",
                                       "See the Environment tab for what went wrong.")
                return
            self.run_started.emit(runtime)
            report = await self._run_flow(await self.environment.session(), runtime, self.step_finished.emit)
            self.run_finished.emit(report.ok, report.seconds)
        except LambdadeskError as exc:
            self.error_raised.emit(exc.message, exc.next_step)
        finally:
            self.busy = False
            self.busy_changed.emit(False)
