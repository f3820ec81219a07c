"""What the window shows after a reset or a restart of the emulator is true: every view that showed what is gone
says so or reads it again, the work a reset or closing would cut off is named before it, and closing waits for
it with the window on screen."""

from __future__ import annotations

import asyncio
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from lambdadesk.core.profile import Profile, Topology
from lambdadesk.ui.app import shut_down
from lambdadesk.ui.main_window import MainWindow
from lambdadesk.ui.view_models import ViewModels
from tests.ui.conftest import Runner, until
from tests.ui.fake_session import FakeServices
from tests.ui.test_deploy_panel import write_seed_zip


def deployed_window(qtbot: QtBot, run: Runner, profile: Profile, tmp_path: Path) -> tuple[MainWindow, FakeServices]:
    """A window with the environment up and the seed function deployed and wired from the Deploy tab."""
    services = FakeServices(tmp_path)
    window = MainWindow(ViewModels.build(profile, services))
    qtbot.addWidget(window)
    run(window.environment.start())
    deploy = window.deploy_panel
    deploy.choose_zip(str(write_seed_zip(tmp_path / "seed.zip")))
    deploy.name.setText("seed")
    deploy.handler.setText("lambda_function.lambda_handler")
    qtbot.mouseClick(deploy.deploy_button, Qt.MouseButton.LeftButton)
    run(until(lambda: window.requests_panel.api.count() == 1 and deploy.functions.rowCount() == 1))
    return window, services


def test_after_a_reset_every_view_says_what_is_gone(qtbot: QtBot, run: Runner, profile: Profile,
                                                     tmp_path: Path) -> None:
    window, services = deployed_window(qtbot, run, profile, tmp_path)
    services.bench.redis.values["seed:1"] = "hello"
    capture = window.capture_panel
    capture.pattern.setText("seed:*")
    qtbot.mouseClick(capture.scan_button, Qt.MouseButton.LeftButton)
    run(until(lambda: capture.keys.count() == 1))
    capture.keys.setCurrentRow(0)
    run(until(lambda: capture.key_value.toPlainText() == "hello"))

    run(window.environment.reset())

    deploy = window.deploy_panel
    run(until(lambda: "gone" in deploy.state.text()))
    assert deploy.state.text() == "seed is gone: the reset removed it. Deploy it again."  # no dead invoke URL
    assert deploy.functions.rowCount() == 0 and not deploy.empty.isHidden()  # "Nothing deployed yet…"
    run(until(lambda: window.requests_panel.api.count() == 0))
    run(until(lambda: capture.keys.count() == 0))
    run(until(lambda: "no longer exists" in capture.key_heading.text()))
    assert "seed:1</b> no longer exists" in capture.key_heading.text() and capture.key_value.toPlainText() == ""
    said = window.environment_panel.message.text()
    assert "Reset done (fast path, 0.4 s): LocalStack: state reset in place; Redis: FLUSHALL." in said


def test_after_the_debug_restart_deploy_and_requests_show_the_new_api(qtbot: QtBot, run: Runner, profile: Profile,
                                                                       tmp_path: Path) -> None:
    window, _services = deployed_window(qtbot, run, profile, tmp_path)
    assert "/restapis/api1/" in window.deploy_panel.state.text()
    messages: list[str] = []
    window.statusBar().messageChanged.connect(messages.append)

    run(window.environment.set_debug(True))

    deploy = window.deploy_panel
    run(until(lambda: "again" in deploy.state.text()))
    assert "seed is Active again: the restart deployed it anew." in deploy.state.text()
    assert "/restapis/api1/" not in deploy.state.text() and "/restapis/api" in deploy.state.text()
    run(until(lambda: window.requests_panel.api.currentData() is not None
              and window.requests_panel.api.currentData().api_id != "api1"))
    assert messages[0] == "Restarting the emulator with DEBUG on…"
    assert "restarted with DEBUG on" in window.environment_panel.message.text()


def test_reset_names_the_request_it_would_cut_off_and_the_request_says_why_it_failed(
        qtbot: QtBot, run: Runner, profile: Profile, tmp_path: Path) -> None:
    window, services = deployed_window(qtbot, run, profile, tmp_path)
    services.bench.gate.clear()  # the request is under way until the gate opens
    requests = window.requests_panel
    requests.path.setText("orders")
    qtbot.mouseClick(requests.send_button, Qt.MouseButton.LeftButton)
    run(until(lambda: window.view_models.requests.busy))

    window.environment_panel.ask_reset()
    question = window.environment_panel.confirm
    assert question is not None
    assert "Still under way: Sending POST /orders (Requests). Reset takes away what it works on" in question.text()
    question.close()

    async def reset_then_answer() -> None:  # the reset begins while the request waits for its answer
        resetting = asyncio.ensure_future(window.environment.reset())
        await until(lambda: services.environments[0].calls[-1] == "reset(full=False)")
        services.bench.gate.set()
        await resetting
        await until(lambda: requests.history.count() == 1)  # the send is over: its history is listed

    run(reset_then_answer())
    assert "began while this request was under way" in requests.message.text()
    assert "Send it again once the reset is done" in requests.message.text()


def test_closing_during_a_deploy_names_it_and_waits_for_it_with_the_window_on_screen(
        qtbot: QtBot, run: Runner, profile: Profile, tmp_path: Path) -> None:
    window, services = deployed_window(qtbot, run, profile, tmp_path)
    window.show()
    services.bench.gate.clear()
    qtbot.mouseClick(window.deploy_panel.deploy_button, Qt.MouseButton.LeftButton)
    run(until(lambda: window.view_models.deploy.busy))

    closing: list[asyncio.Future[None]] = []
    done = asyncio.Event()
    window.shutdown_requested.connect(  # as the app does
        lambda stop: closing.append(asyncio.ensure_future(shut_down(window, window.view_models, services, stop, done))))
    window.close()
    question = window.close_question
    assert isinstance(question, QMessageBox) and window.isVisible()
    assert "Still under way: Deploying seed (Deploy). The window waits for it to end" in question.text()
    next(b for b in question.buttons() if b.text() == "Keep it running").click()

    run(until(lambda: window.statusBar().currentMessage().startswith("Closing: waiting for")))
    assert window.statusBar().currentMessage() == "Closing: waiting for Deploying seed (Deploy) to end…"
    assert window.isVisible() and not window.tabs.isEnabled() and not done.is_set()
    services.bench.gate.set()  # the deploy ends: the window closes
    run(closing[0])
    assert done.is_set() and not window.isVisible() and services.closed
    assert len(services.bench.deployed) == 2  # the second deploy was not thrown away


def test_a_reset_while_debugging_ends_debugging_and_puts_nothing_back(qtbot: QtBot, run: Runner, profile: Profile,
                                                                       tmp_path: Path) -> None:
    window, services = deployed_window(qtbot, run, profile.replace(topology=Topology.HOST), tmp_path)
    box = window.deploy_panel.debug
    assert run(window.view_models.debug.start(window.deploy_panel.form(), 27678, 30))
    assert services.bench.unrecorded and box.stop_button.isVisibleTo(box)

    run(window.environment.reset())
    run(until(lambda: "ended debugging" in box.status.text()))
    assert box.status.text().startswith("The reset ended debugging: seed is gone.")
    assert not box.stop_button.isVisibleTo(box) and window.view_models.debug.debugger is None
    run(window.view_models.debug.stop())  # as closing the window does: nothing is put back
    assert services.bench.deployed == []  # the reset's removal stands
