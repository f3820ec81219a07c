"""The window driving the real engine, by mouse: start the environment, subscribe the capture, deploy the sample,
send a request, see the SNS message beside its Redis value and the function's log line; and the one-click demo."""

import asyncio
import json
from collections.abc import Callable, Iterator

import pytest
import qasync
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton
from pytestqt.qtbot import QtBot

from lambdadesk.core.profile import Profile
from lambdadesk.services.orchestrator import Orchestrator
from lambdadesk.ui.app import RealServices
from lambdadesk.ui.main_window import MainWindow
from lambdadesk.ui.view_models import ViewModels
from tests.ui.conftest import until


class Driver:
    def __init__(self, qtbot: QtBot, window: MainWindow, loop: qasync.QEventLoop) -> None:
        self.qtbot, self.window, self.loop = qtbot, window, loop

    def click(self, button: QPushButton) -> None:
        self.wait(button.isEnabled, 30)  # as a person would: a greyed-out button is waited for, not clicked
        self.qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    def wait(self, condition: Callable[[], bool], timeout_s: float) -> None:
        self.loop.run_until_complete(until(condition, timeout_s))

    def start_environment(self) -> None:
        panel = self.window.environment_panel
        self.click(panel.start_button)
        self.wait(lambda: all(panel.badges[s].state.text() == "ready" for s in ("redis", "emulator")), 120)
        self.wait(panel.stop_button.isEnabled, 30)


@pytest.fixture
def driver(qtbot: QtBot, qapp: QApplication, testbed_profile: Profile,
           docker_connection: object) -> Iterator[Driver]:
    loop = qasync.QEventLoop(qapp)
    asyncio.set_event_loop(loop)
    qapp.setQuitOnLastWindowClosed(False)  # as the app does: the loop outlives the window until services close
    services = RealServices()
    view_models = ViewModels.build(testbed_profile, services)
    window = MainWindow(view_models)  # not given to qtbot, which would close it before the services are
    window.show()
    try:
        yield Driver(qtbot, window, loop)
    finally:
        loop.run_until_complete(view_models.logs.stop())
        assert services.connection is not None
        loop.run_until_complete(Orchestrator(testbed_profile, services.connection).down())
        loop.run_until_complete(services.close())
        window.hide()
        window.deleteLater()
        qapp.setQuitOnLastWindowClosed(True)
        loop.close()
        asyncio.set_event_loop(None)


def test_the_seed_flow_by_mouse_message_beside_its_redis_value(driver: Driver) -> None:
    window = driver.window
    driver.start_environment()

    window.tabs.setCurrentWidget(window.capture_panel)
    driver.click(window.capture_panel.subscribe_button)  # the default topic
    driver.wait(lambda: "(confirmed)" in window.capture_panel.status.text(), 60)

    window.tabs.setCurrentWidget(window.deploy_panel)
    driver.click(window.deploy_panel.sample_button)
    driver.wait(lambda: window.deploy_panel.zip_path.text().endswith(".zip"), 30)
    driver.click(window.deploy_panel.deploy_button)
    driver.wait(lambda: "is <b>Active" in window.deploy_panel.state.text() or
                not window.deploy_panel.message.isHidden(), 180)
    assert "is <b>Active" in window.deploy_panel.state.text(), window.deploy_panel.message.text()
    driver.wait(lambda: window.deploy_panel.functions.rowCount() == 1, 30)

    requests = window.requests_panel
    window.tabs.setCurrentWidget(requests)
    driver.wait(lambda: requests.api.count() == 1, 30)
    body = json.dumps({"hello": "from the window"})
    requests.body.setPlainText(body)
    driver.click(requests.send_button)
    driver.wait(lambda: "HTTP " in requests.status.text() or not requests.message.isHidden(), 120)
    assert "HTTP 200" in requests.status.text(), (requests.status.text(), requests.response_body.toPlainText())
    request_id = json.loads(requests.response_body.toPlainText())["requestId"]

    capture = window.capture_panel
    window.tabs.setCurrentWidget(capture)
    driver.wait(lambda: capture.messages.rowCount() == 1, 60)
    assert capture.messages.item(0, 2).text() == request_id
    assert capture.messages.item(0, 3).text().startswith(f"{request_id} = ")  # side by side, in the list
    assert json.loads(capture.value.toPlainText().split("\n\n", 1)[1]) == json.loads(body)

    window.tabs.setCurrentWidget(window.logs_panel)
    driver.click(window.logs_panel.follow_button)
    driver.wait(lambda: any("stored the body under" in view.toPlainText() and "lambda" in source
                            for source, view in window.logs_panel.views.items()), 60)


def test_start_run_the_seed_flow_and_stop_from_the_window(driver: Driver) -> None:
    window = driver.window
    panel, demo = window.environment_panel, window.demo_panel
    driver.start_environment()
    window.tabs.setCurrentWidget(demo)
    driver.click(demo.run_button)
    driver.wait(lambda: demo.verdict.text().startswith(("PASS", "FAIL")), 180)
    results = [demo.timeline.item(row, 1).text() for row in range(demo.timeline.rowCount())]
    assert demo.verdict.text().startswith("PASS") and results == ["pass"] * 8, results
    window.tabs.setCurrentWidget(panel)
    driver.click(panel.stop_button)
    driver.wait(lambda: all(panel.badges[s].state.text() == "absent" for s in ("redis", "emulator")), 120)
