from collections.abc import Callable

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from lambdadesk.core.errors import PortInUseError
from lambdadesk.core.events import EventSink
from lambdadesk.core.profile import Profile
from lambdadesk.flows.flow_result import FlowReport, StepResult
from lambdadesk.ui.environment.view_model import EnvironmentViewModel
from lambdadesk.ui.flows.panel import DemoPanel
from lambdadesk.ui.flows.view_model import DemoViewModel
from tests.ui.conftest import FakeEnvironment, Runner, until


def make_panel(qtbot: QtBot, profile: Profile, steps: list[StepResult],
               env_error: Exception | None = None) -> tuple[DemoPanel, list[str], list[FakeEnvironment]]:
    runs: list[str] = []
    made: list[FakeEnvironment] = []

    async def factory(_profile: Profile, on_event: EventSink) -> FakeEnvironment:
        made.append(FakeEnvironment(on_event, env_error, profile=_profile))
        return made[-1]

    async def flow(_session: object, runtime: str, on_step: Callable[[StepResult], None]) -> FlowReport:
        runs.append(runtime)
        report = FlowReport()
        for step in steps:
            report.steps.append(step)
            on_step(step)
        return report

    panel = DemoPanel(DemoViewModel(EnvironmentViewModel(profile, factory), flow))
    qtbot.addWidget(panel)
    return panel, runs, made


PASSING = [StepResult("create the SNS topic", True, 0.5, "arn:topic"), StepResult("POST a body", True, 1.25, "id-1")]


def test_one_click_starts_the_environment_runs_the_flow_and_fills_the_timeline(
        qtbot: QtBot, run: Runner, profile: Profile) -> None:
    panel, runs, made = make_panel(qtbot, profile, PASSING)
    panel.runtime.setCurrentText("provided.al2023")
    qtbot.mouseClick(panel.run_button, Qt.MouseButton.LeftButton)
    run(until(lambda: panel.verdict.text().startswith("PASS")))
    assert made[0].calls == ["up"] and runs == ["provided.al2023"]
    rows = [[panel.timeline.item(r, c).text() for c in range(4)] for r in range(panel.timeline.rowCount())]
    assert rows == [["create the SNS topic", "pass", "0.50", "arn:topic"], ["POST a body", "pass", "1.25", "id-1"]]
    assert panel.verdict.text() == "PASS in 1.8 s" and panel.run_button.isEnabled()


def test_a_failing_step_shows_fail_in_the_timeline_and_the_verdict(qtbot: QtBot, run: Runner,
                                                                   profile: Profile) -> None:
    panel, _, _ = make_panel(qtbot, profile, [*PASSING[:1], StepResult("POST a body", False, 2.0, "HTTP 502")])
    run(panel.vm.run("python3.12"))
    assert panel.timeline.item(1, 1).text() == "FAIL" and panel.timeline.item(1, 3).text() == "HTTP 502"
    assert panel.verdict.text().startswith("FAIL")


def test_an_environment_that_cannot_start_stops_the_demo_with_a_pointer(qtbot: QtBot, run: Runner,
                                                                        profile: Profile) -> None:
    panel, runs, _ = make_panel(qtbot, profile, PASSING, PortInUseError(6379, "redis", "redis-server (pid 9)"))
    run(panel.vm.run("python3.12"))
    assert runs == [] and "not ready" in panel.verdict.text() and "Environment tab" in panel.verdict.text()
