"""The window driving the real engine, by mouse: start the environment, subscribe the capture, deploy the sample,
send a request, see the SNS message beside its Redis value and the function's log line; and the one-click demo.

Each test is one coroutine under one `run_until_complete`, as the app runs: qasync's run_until_complete ends by
processing Qt events once more with no running loop set, so a task stepped there finds no loop (to_thread, timeouts
fail). Many short runs made that likely; one run makes it the end of the test only."""

import asyncio
import json
import subprocess
import sys
import tempfile
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path

import pytest
import qasync
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication, QPushButton, QTreeWidget, QTreeWidgetItem

from lambdadesk.core.profile import Profile
from lambdadesk.environment.service import EnvironmentService
from lambdadesk.ui.app import RealServices
from lambdadesk.ui.logs.panel import ALL
from lambdadesk.ui.main_window import MainWindow
from lambdadesk.ui.view_models import ViewModels
from tests.qt_loop import cancel_what_is_left
from tests.ui.conftest import until

Scenario = Callable[[MainWindow], Awaitable[None]]


async def click(button: QPushButton) -> None:
    """As a person would: a greyed-out button is waited for, not clicked."""
    await until(button.isEnabled, 30)
    button.click()


async def start_environment(window: MainWindow) -> None:
    panel = window.environment_panel
    await click(panel.start_button)
    await until(lambda: all(panel.badges[s].state.text() == "ready" for s in ("redis", "emulator")), 120)
    await until(panel.stop_button.isEnabled, 30)


@pytest.fixture
def play(qapp: QApplication, qt_loop: qasync.QEventLoop, testbed_profile: Profile,
         docker_connection: object) -> Iterator[Callable[[Scenario], None]]:
    """Runs a scenario against a real window on the real engine, then stops the environment and the services."""
    loop = qt_loop
    qapp.setQuitOnLastWindowClosed(False)  # as the app does: the loop outlives the window until services close
    services = RealServices()
    view_models = ViewModels.build(testbed_profile, services)
    window = MainWindow(view_models)
    window.show()

    async def scenario_then_clean_up(scenario: Scenario) -> None:
        try:
            await scenario(window)
        finally:
            await view_models.logs.stop()
            assert services.connection is not None
            await view_models.environment.close_session()  # as the app shuts down: the watch ends first
            await EnvironmentService(testbed_profile, services.connection).down()
            await services.close()
            await asyncio.sleep(0.2)  # the window's own tasks (list refreshes) settle inside the loop
            await cancel_what_is_left()  # before the window goes, not only at the loop's next use

    try:
        yield lambda scenario: loop.run_until_complete(scenario_then_clean_up(scenario))
    finally:
        window.hide()
        window.deleteLater()
        # deleted now, while its loop still exists: deleted in a later test's event processing, it crashed there
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        qapp.setQuitOnLastWindowClosed(True)


async def seed_flow_by_mouse(window: MainWindow) -> None:
    await start_environment(window)

    window.tabs.setCurrentWidget(window.capture_panel)
    await click(window.capture_panel.subscribe_button)  # the default topic
    await until(lambda: "(confirmed)" in window.capture_panel.status.text(), 60)

    deploy = window.deploy_panel
    window.tabs.setCurrentWidget(deploy)
    await click(deploy.sample_button)
    await until(lambda: deploy.zip_path.text().endswith(".zip"), 30)
    await click(deploy.deploy_button)
    await until(lambda: "is <b>Active" in deploy.state.text() or not deploy.message.isHidden(), 180)
    assert "is <b>Active" in deploy.state.text(), deploy.message.text()
    await until(lambda: deploy.functions.rowCount() == 1, 30)

    requests = window.requests_panel
    window.tabs.setCurrentWidget(requests)
    await until(lambda: requests.api.count() == 1, 30)
    body = json.dumps({"hello": "from the window"})
    requests.body.setPlainText(body)
    await click(requests.send_button)
    await until(lambda: "HTTP " in requests.status.text() or not requests.message.isHidden(), 120)
    assert "HTTP 200" in requests.status.text(), (requests.status.text(), requests.response_body.toPlainText())
    request_id = json.loads(requests.response_body.toPlainText())["requestId"]

    capture = window.capture_panel
    window.tabs.setCurrentWidget(capture)
    await until(lambda: capture.model.rowCount() == 1, 60)
    assert capture.cell(0, 2) == request_id
    assert capture.cell(0, 3).startswith(f"{request_id} = ")  # side by side, in the list
    assert json.loads(capture.value.toPlainText().split("\n\n", 1)[1]) == json.loads(body)

    window.tabs.setCurrentWidget(window.logs_panel)
    await click(window.logs_panel.follow_button)
    shown = window.logs_panel.views  # the "all" tab is in front: it draws each line with its container's name
    await until(lambda: ALL in shown and any("stored the body under" in line and " | " in line
                                             and line.split(" | ")[0].split(" ", 1)[-1].startswith("λ ")
                                             for line in shown[ALL].toPlainText().splitlines()), 60)

    # the same environment stopped from a shell: the window notices (Docker's events) and says so
    window.tabs.setCurrentWidget(window.environment_panel)
    await asyncio.to_thread(lambdadesk_down_from_a_shell, window.environment.profile)
    panel = window.environment_panel
    await until(lambda: all(panel.badges[s].state.text() == "absent" for s in ("redis", "emulator")), 30)
    await until(lambda: "Changed outside this window" in panel.message.text(), 10)
    assert "emulator is absent" in panel.message.text()


def lambdadesk_down_from_a_shell(profile: Profile) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{profile.name}.json"
        path.write_text(json.dumps(profile.to_dict()))
        down = subprocess.run([sys.executable, "-m", "lambdadesk", "--profile", str(path), "down"],
                              capture_output=True, text=True, timeout=120, check=False)
    assert down.returncode == 0, down.stderr


async def demo_then_stop(window: MainWindow) -> None:
    panel, flows = window.environment_panel, window.flows_panel
    await start_environment(window)
    window.tabs.setCurrentWidget(flows)
    assert flows.files.currentText().startswith("seed-python.flow.yaml")  # the shipped seed flow, offered first
    flows.variables.setText("runtime=python3.11")
    await click(flows.run_button)
    await until(lambda: flows.verdict.text().startswith(("PASS", "FAIL")), 180)
    results = [flows.timeline.item(row, 1).text() for row in range(flows.timeline.rowCount())]
    assert flows.verdict.text().startswith("PASS") and results == ["pass"] * 6, (results, flows.verdict.text())
    assert "(python3.11)" in flows.timeline.item(1, 0).text()
    flows.timeline.setCurrentCell(5, 0)  # the Redis step: what it read, beside the body the POST sent
    await until(lambda: "Received:" in flows.details.toPlainText(), 5)
    assert '"order": 1001' in flows.details.toPlainText() and '"type": "string"' in flows.details.toPlainText()
    await delete_the_function_in_the_resources_tab(window)
    window.tabs.setCurrentWidget(panel)
    await click(panel.stop_button)
    await until(lambda: all(panel.badges[s].state.text() == "absent" for s in ("redis", "emulator")), 120)


def resource_item(tree: QTreeWidget, kind: str, name: str) -> QTreeWidgetItem | None:
    found = tree.findItems(name, Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive, 0)
    return next((item for item in found if item.text(1) == kind), None)


async def delete_the_function_in_the_resources_tab(window: MainWindow) -> None:
    """What the flow made, in the Resources tab; the function chosen, deleted after the question, and gone."""
    resources = window.resources_panel
    window.tabs.setCurrentWidget(resources)
    await until(lambda: resource_item(resources.tree, "function", "lambdadesk-seed") is not None, 30)
    assert resource_item(resources.tree, "rest-api", "seed") is not None
    assert resource_item(resources.tree, "topic", "lambdadesk-seed") is not None
    resources.tree.setCurrentItem(resource_item(resources.tree, "function", "lambdadesk-seed"))
    assert '"Handler": "lambda_function.lambda_handler"' in resources.details.toPlainText()
    await click(resources.delete_button)
    question = resources.delete_question
    assert question is not None and "Delete the function lambdadesk-seed from the emulator?" in question.text()
    next(b for b in question.buttons() if b.text() == "Delete").click()
    await until(lambda: resource_item(resources.tree, "function", "lambdadesk-seed") is None, 30)
    assert "Deleted the function lambdadesk-seed." in resources.message.text()
    assert resource_item(resources.tree, "topic", "lambdadesk-seed") is not None  # only the chosen one went


def test_the_seed_flow_by_mouse_message_beside_its_redis_value(play: Callable[[Scenario], None]) -> None:
    play(seed_flow_by_mouse)


def test_start_run_the_seed_flow_and_stop_from_the_window(play: Callable[[Scenario], None]) -> None:
    play(demo_then_stop)
