"""The Flows tab: choose a flow file (recent ones remembered, the shipped seed flow offered), run it on the
environment (started if needed) with a live timeline, and optionally run it again each time the file is saved."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from qasync import asyncSlot

from lambdadesk.adapters.store.recent_files import RecentFiles
from lambdadesk.core.errors import LambdadeskError
from lambdadesk.core.events import ServiceState
from lambdadesk.ui.common.operation_vm import OperationViewModel
from lambdadesk.ui.environment.view_model import EnvironmentViewModel

if TYPE_CHECKING:  # types only: the services behind them load when first used, not at app start
    from lambdadesk.flows.flow_model import Flow
    from lambdadesk.flows.flow_result import FlowReport, StepResult

FlowRunner = Callable[[object, "Flow", Callable[["StepResult"], None]], Awaitable["FlowReport"]]  # (session, …)
SAVE_POLL_S = 0.5


class FlowsViewModel(OperationViewModel):
    files_changed = Signal(list)  # [str]: recent files first, then the shipped samples
    chosen_changed = Signal(str)
    run_started = Signal(str)  # the flow's name
    step_finished = Signal(object)  # StepResult
    run_finished = Signal(bool, float)  # passed, seconds

    def __init__(self, environment: EnvironmentViewModel, run_flow: FlowRunner, recent: RecentFiles,
                 samples: list[Path], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.environment = environment
        self._run_flow = run_flow
        self._recent = recent
        self._samples = samples
        self.recent: list[Path] = recent.load()
        offered = self.recent or samples
        self.chosen: Path | None = offered[0] if offered else None
        self.variables = ""  # NAME=VALUE pairs, as the CLI's --var takes them
        self.results: list[StepResult] = []
        self._watch: asyncio.Task[None] | None = None

    def files(self) -> list[Path]:
        return [*self.recent, *(p for p in self._samples if p not in self.recent)]

    @asyncSlot(str)
    async def choose_requested(self, path: str) -> None:
        await self.choose(Path(path))

    async def choose(self, path: Path) -> None:
        self.recent = await asyncio.to_thread(self._recent.add, path)
        self.chosen = self.recent[0]  # the path resolved
        self.files_changed.emit([str(p) for p in self.files()])
        self.chosen_changed.emit(str(self.chosen))

    @asyncSlot()
    async def run_requested(self) -> None:
        await self.run()

    async def run(self) -> FlowReport | None:
        """Read the chosen file (a bad one is reported and nothing runs), start the environment if it is not
        ready, then run the flow."""
        if self.busy or self.chosen is None:
            return None
        return await self._operate("run the flow", self._read_and_run(self.chosen), f"Running {self.chosen.name}")

    async def _read_and_run(self, file: Path) -> FlowReport | None:
        from lambdadesk.flows.flow_parser import read_flow
        from lambdadesk.flows.variables import parse_assignments

        flow = await asyncio.to_thread(read_flow, file, parse_assignments(self.variables.split()))
        if not self._environment_ready():
            await self.environment.start()
        if not self._environment_ready():
            raise LambdadeskError("The environment is not ready, so the flow cannot run.",
                                  "See the Environment tab for what went wrong.")
        self.results = []
        self.run_started.emit(flow.name)
        report = await self._run_flow(await self.environment.session(), flow, self._on_step)
        self.run_finished.emit(report.ok, report.seconds)
        return report

    def _on_step(self, step: StepResult) -> None:
        self.results.append(step)
        self.step_finished.emit(step)

    def _environment_ready(self) -> bool:
        states = self.environment.states
        return all(states.get(service) is ServiceState.READY for service in self.environment.services())

    def set_rerun_on_save(self, enabled: bool) -> None:
        """While on, a change to the chosen file (its time or size) runs the flow again."""
        if self._watch is not None:
            self._watch.cancel()
            self._watch = None
        if enabled:  # the file as it is now is the baseline: turning this on is not a save
            self._watch = asyncio.ensure_future(self._rerun_on_change((self.chosen, _stamp(self.chosen))))

    async def stop(self) -> None:
        self.set_rerun_on_save(False)

    async def _rerun_on_change(self, seen: tuple[Path | None, tuple[int, int] | None]) -> None:
        while True:
            await asyncio.sleep(SAVE_POLL_S)
            now = (self.chosen, await asyncio.to_thread(_stamp, self.chosen))
            if now == seen or now[1] is None:
                continue
            if now[0] != seen[0]:  # another file was chosen: its first look is not a save
                seen = now
            elif not self.busy:  # while a run is under way the save waits for the next look
                seen = now
                await self.run()


def _stamp(path: Path | None) -> tuple[int, int] | None:
    try:
        status = path.stat() if path is not None else None
    except OSError:
        return None
    return (status.st_mtime_ns, status.st_size) if status is not None else None
