"""The window driving the real engine: start from the Environment panel, run the seed flow from the Demo panel
and see it pass step by step, then stop."""

import asyncio

import qasync
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from lambdadesk.core.profile import Profile
from lambdadesk.services.orchestrator import Orchestrator
from lambdadesk.ui.app import RealEnvironments
from lambdadesk.ui.demo_panel import DemoPanel
from lambdadesk.ui.demo_vm import DemoViewModel
from lambdadesk.ui.environment_panel import EnvironmentPanel
from lambdadesk.ui.environment_vm import EnvironmentViewModel
from tests.ui.conftest import until


def test_start_run_the_seed_flow_and_stop_from_the_window(qtbot: QtBot, qapp: QApplication, testbed_profile: Profile,
                                                   docker_connection: object) -> None:
    loop = qasync.QEventLoop(qapp)
    asyncio.set_event_loop(loop)
    environments = RealEnvironments()
    environment = EnvironmentViewModel(testbed_profile, environments)
    panel = EnvironmentPanel(environment)
    demo = DemoPanel(DemoViewModel(environment, environments.run_seed_flow))
    qtbot.addWidget(panel)
    qtbot.addWidget(demo)

    async def wait_for(text: str, services: list[str]) -> None:
        for _ in range(1200):
            if all(panel.badges[s].state.text() == text for s in services):
                return
            await asyncio.sleep(0.1)
        raise AssertionError({s: panel.badges[s].state.text() for s in services})

    try:
        qtbot.mouseClick(panel.start_button, Qt.MouseButton.LeftButton)
        loop.run_until_complete(wait_for("ready", ["redis", "emulator"]))
        loop.run_until_complete(until(panel.stop_button.isEnabled, timeout_s=30))
        qtbot.mouseClick(demo.run_button, Qt.MouseButton.LeftButton)
        loop.run_until_complete(until(lambda: demo.verdict.text().startswith(("PASS", "FAIL")), timeout_s=120))
        results = [demo.timeline.item(row, 1).text() for row in range(demo.timeline.rowCount())]
        assert demo.verdict.text().startswith("PASS") and results == ["pass"] * 8, results
        qtbot.mouseClick(panel.stop_button, Qt.MouseButton.LeftButton)
        loop.run_until_complete(wait_for("absent", ["redis", "emulator"]))
    finally:
        assert environments.connection is not None
        loop.run_until_complete(Orchestrator(testbed_profile, environments.connection).down())
        environments.close()
        loop.close()
        asyncio.set_event_loop(None)

