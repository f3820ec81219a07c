"""The Flows panel over a fake environment and a fake runner, with real flow files read by the real parser and the
recent-files list on disk: choose, run, timeline, details, a bad file, re-run on save."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from lambdadesk.adapters.store.recent_files import RecentFiles
from lambdadesk.core.errors import PortInUseError
from lambdadesk.core.events import EventSink
from lambdadesk.core.profile import Profile
from lambdadesk.flows.expectations import Mismatch
from lambdadesk.flows.flow_model import Flow
from lambdadesk.flows.flow_result import FlowReport, StepResult
from lambdadesk.flows.sample_flows import sample_files
from lambdadesk.ui.environment.view_model import EnvironmentViewModel
from lambdadesk.ui.flows import view_model as flows_view_model
from lambdadesk.ui.flows.panel import FlowsPanel
from lambdadesk.ui.flows.view_model import FlowRunner, FlowsViewModel
from tests.ui.conftest import FakeEnvironment, Runner, until

PASSING = [StepResult("capture topic t", True, 0.5, "arn:topic"),
           StepResult("POST /orders", True, 1.25, "HTTP 200", "request", sent={"body": "{}"},
                      received={"status": 200, "json": {"id": "r-1"}})]
FAILING = [PASSING[0], StepResult("POST /orders", False, 0.25, "status: expected 200, got 502", "request",
                                  received={"status": 502}, mismatches=(Mismatch("status", "200", "502"),)),
           StepResult("Redis r-1", False, 0.0, "not run: an earlier step failed", "redis", skipped=True)]


class Setup:
    def __init__(self, qtbot: QtBot, profile: Profile, folder: Path, steps: list[StepResult],
                 env_error: Exception | None = None, runner: FlowRunner | None = None) -> None:
        self.runs: list[Flow] = []
        self.made: list[FakeEnvironment] = []
        self.steps = steps
        self.recent = RecentFiles(folder / "recent.json")

        async def factory(_profile: Profile, on_event: EventSink) -> FakeEnvironment:
            self.made.append(FakeEnvironment(on_event, env_error, profile=_profile))
            return self.made[-1]

        async def run_flow(_session: object, flow: Flow, on_step: Callable[[StepResult], None]) -> FlowReport:
            self.runs.append(flow)
            report = FlowReport(flow.name, str(flow.file))
            for step in self.steps:
                report.steps.append(step)
                on_step(step)
            return report

        self.environment = EnvironmentViewModel(profile, factory)
        self.panel = FlowsPanel(FlowsViewModel(self.environment, runner or run_flow, self.recent, sample_files()))
        qtbot.addWidget(self.panel)


def _rows(panel: FlowsPanel) -> list[list[str]]:
    return [[panel.timeline.item(r, c).text() for c in range(4)] for r in range(panel.timeline.rowCount())]


def test_one_click_runs_the_shipped_seed_flow_with_the_variables_typed(qtbot: QtBot, run: Runner, profile: Profile,
                                                                       tmp_path: Path) -> None:
    setup = Setup(qtbot, profile, tmp_path, PASSING)
    panel = setup.panel
    assert panel.files.currentText().startswith("seed-python.flow.yaml") and panel.files.count() == 2
    panel.variables.setText("runtime=python3.11")
    qtbot.mouseClick(panel.run_button, Qt.MouseButton.LeftButton)
    run(until(lambda: panel.verdict.text().startswith("PASS")))
    assert setup.made[0].calls == ["up"]  # the environment was started first
    assert setup.runs[0].name == "seed flow (Python)" and setup.runs[0].variables == {"runtime": "python3.11"}
    assert _rows(panel) == [["capture topic t", "pass", "0.50", "arn:topic"], ["POST /orders", "pass", "1.25",
                                                                                "HTTP 200"]]
    panel.timeline.setCurrentCell(1, 0)
    assert '"id": "r-1"' in panel.details.toPlainText() and "Sent:" in panel.details.toPlainText()


def test_a_failing_step_is_chosen_and_shows_expected_beside_got(qtbot: QtBot, run: Runner, profile: Profile,
                                                                tmp_path: Path) -> None:
    panel = Setup(qtbot, profile, tmp_path, FAILING).panel
    run(panel.vm.run())
    assert [row[1] for row in _rows(panel)] == ["pass", "FAIL", "not run"] and panel.verdict.text().startswith("FAIL")
    assert panel.timeline.currentRow() == 1
    details = panel.details.toPlainText()
    assert "Expected beside got:" in details and "expected: 200" in details and "got:      502" in details


def test_a_bad_file_is_named_at_its_line_and_nothing_starts(qtbot: QtBot, run: Runner, profile: Profile,
                                                            tmp_path: Path) -> None:
    setup = Setup(qtbot, profile, tmp_path, PASSING)
    bad = tmp_path / "typo.flow.yaml"
    bad.write_text("name: typo\nsteps:\n  - sleep: 1s\n    expext: {}\n")
    run(setup.panel.vm.choose(bad))
    run(setup.panel.vm.run())
    assert f"{bad}:4:5" in setup.panel.verdict.text() and "did you mean 'expect'" in setup.panel.verdict.text()
    assert setup.runs == [] and setup.made == []  # nothing ran, the environment was not even asked for


def test_an_environment_that_cannot_start_stops_the_run_with_a_pointer(qtbot: QtBot, run: Runner, profile: Profile,
                                                                       tmp_path: Path) -> None:
    setup = Setup(qtbot, profile, tmp_path, PASSING, PortInUseError(6379, "redis", "redis-server (pid 9)"))
    run(setup.panel.vm.run())
    assert setup.runs == [] and "not ready" in setup.panel.verdict.text()
    assert "Environment tab" in setup.panel.verdict.text()


def test_a_chosen_file_is_remembered_first_for_the_next_window(qtbot: QtBot, run: Runner, profile: Profile,
                                                               tmp_path: Path) -> None:
    setup = Setup(qtbot, profile, tmp_path, PASSING)
    mine = tmp_path / "mine.flow.yaml"
    mine.write_text("name: mine\nsteps:\n  - sleep: 10ms\n")
    run(setup.panel.vm.choose(mine))
    assert setup.panel.files.currentText().startswith("mine.flow.yaml") and setup.panel.files.count() == 3
    again = Setup(qtbot, profile, tmp_path, PASSING).panel
    assert again.vm.chosen == mine.resolve() and again.files.currentText().startswith("mine.flow.yaml")
    assert mine.read_text() == "name: mine\nsteps:\n  - sleep: 10ms\n"  # the user's file is only read


def test_rerun_on_save_runs_again_when_the_file_changes(qtbot: QtBot, run: Runner, profile: Profile,
                                                        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(flows_view_model, "SAVE_POLL_S", 0.05)
    setup = Setup(qtbot, profile, tmp_path, PASSING)
    mine = tmp_path / "mine.flow.yaml"
    mine.write_text("name: mine\nsteps:\n  - sleep: 10ms\n")
    run(setup.panel.vm.choose(mine))

    async def save_while_watched() -> None:
        """In one run of the loop, as in the app: between two runs a qasync timer firing while the loop stops
        finds no running loop and ends the watch (a harness race, not the app's)."""
        setup.panel.rerun.setChecked(True)
        await asyncio.sleep(0.3)
        assert setup.runs == []  # turning it on is not a save
        mine.write_text("name: mine, edited\nsteps:\n  - sleep: 20ms\n")
        await until(lambda: len(setup.runs) == 1)

    try:
        run(save_while_watched())
        assert setup.runs[0].name == "mine, edited"
    finally:
        setup.panel.rerun.setChecked(False)


def test_cancel_stops_a_run_that_waits(qtbot: QtBot, run: Runner, profile: Profile, tmp_path: Path) -> None:
    waiting = asyncio.Event()

    async def slow_flow(_session: object, flow: Flow, on_step: Callable[[StepResult], None]) -> FlowReport:
        on_step(PASSING[0])
        waiting.set()
        await asyncio.sleep(60)  # an sns step waiting for a message that does not come
        raise AssertionError("not cancelled")

    setup = Setup(qtbot, profile, tmp_path, PASSING, runner=slow_flow)

    async def click_cancel_when_waiting() -> None:
        await waiting.wait()
        assert setup.panel.cancel_button.isEnabled() and not setup.panel.run_button.isEnabled()
        qtbot.mouseClick(setup.panel.cancel_button, Qt.MouseButton.LeftButton)

    async def both() -> None:
        await asyncio.gather(setup.panel.vm.run(), click_cancel_when_waiting())

    run(asyncio.wait_for(both(), 10))
    assert setup.panel.verdict.text().startswith("Cancelled") and setup.panel.run_button.isEnabled()
    assert _rows(setup.panel)[0][1] == "pass" and not setup.panel.cancel_button.isEnabled()
