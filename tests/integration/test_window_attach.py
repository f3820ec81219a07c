"""The window on a profile that attaches to an emulator and a Redis started outside lambdadesk (test_attach.py's):
Connect instead of Start, no Stop or Reset, the demo flow run there by mouse, and a function's CloudWatch Logs in
the Logs tab, all of them and then one request's only. No Docker engine is asked for anything."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator

import pytest
import qasync
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication

from lambdadesk.core.http_request import RequestSpec
from lambdadesk.ui.app import RealServices
from lambdadesk.ui.main_window import MainWindow
from lambdadesk.ui.view_models import ViewModels
from tests.integration.test_attach import attach_profile, outside_emulator
from tests.integration.test_window_environment import click
from tests.local_redis import local_redis
from tests.qt_loop import cancel_what_is_left
from tests.ui.conftest import until

__all__ = ["local_redis", "outside_emulator"]

START = re.compile(r"START RequestId: (\S+)")


@pytest.fixture
def window(qapp: QApplication, qt_loop: qasync.QEventLoop, outside_emulator: tuple[str, str], local_redis: int
           ) -> Iterator[tuple[MainWindow, RealServices]]:
    qapp.setQuitOnLastWindowClosed(False)
    services = RealServices()
    shown = MainWindow(ViewModels.build(attach_profile(outside_emulator[0], local_redis), services))
    shown.show()
    yield shown, services
    shown.hide()
    shown.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    qapp.setQuitOnLastWindowClosed(True)


def function_tab_lines(window: MainWindow, title_start: str) -> list[str]:
    tabs = window.logs_panel.tabs
    for index in range(tabs.count()):
        if tabs.tabText(index).startswith(title_start):
            return str(tabs.widget(index).toPlainText()).splitlines()  # type: ignore[attr-defined]
    return []


def test_the_window_connects_runs_the_demo_and_shows_one_requests_function_logs(
        window: tuple[MainWindow, RealServices], qt_loop: qasync.QEventLoop) -> None:
    shown, services = window

    async def scenario() -> None:
        view_models = shown.view_models
        try:
            panel = shown.environment_panel
            assert panel.start_button.text() == "Connect"
            assert panel.stop_button.isHidden() and panel.reset_button.isHidden()
            assert "started outside lambdadesk" in panel.attached_note.text()
            assert not shown.logs_panel.debug.isEnabled()
            # read at once (no engine to wait for), then Connect asks the services and says so
            await until(lambda: all(panel.badges[s].state.text() == "ready" for s in ("redis", "emulator")), 30)
            await click(panel.start_button)
            await until(lambda: "Connected to http://127.0.0.1:" in panel.message.text(), 60)

            flows = shown.flows_panel
            shown.tabs.setCurrentWidget(flows)
            flows.variables.setText("runtime=python3.11")
            await click(flows.run_button)
            await until(lambda: flows.verdict.text().startswith(("PASS", "FAIL")), 180)
            assert flows.verdict.text().startswith("PASS"), flows.verdict.text()

            session = await view_models.environment.session()  # one more request of the function, by the API
            response = await session.send(RequestSpec("POST", "/seed", body='{"second": true}'))
            assert response.status == 200, response.body

            logs = shown.logs_panel
            shown.tabs.setCurrentWidget(logs)
            bar = logs.function_bar
            assert bar is not None
            await until(lambda: bar.function.findText("lambdadesk-seed") >= 0, 30)  # the deployed ones offered
            bar.function.setCurrentText("lambdadesk-seed")
            await click(bar.show_button)
            await until(lambda: sum(1 for line in function_tab_lines(shown, "lambdadesk-seed (") if START.search(line))
                        >= 2, 30)
            every = function_tab_lines(shown, "lambdadesk-seed (")
            first = next(match[1] for line in every if (match := START.search(line)))

            bar.request_id.setText(first)
            await click(bar.show_button)
            await until(lambda: any(f"REPORT RequestId: {first}" in line
                                    for line in function_tab_lines(shown, "lambdadesk-seed, request")), 30)
            one = function_tab_lines(shown, "lambdadesk-seed, request")
            assert [START.search(line)[1] for line in one if START.search(line)] == [first]  # type: ignore[index]
            assert all(first in line for line in one if "RequestId:" in line)  # no other request's lines
            assert logs.tabs.tabText(logs.tabs.currentIndex()).startswith(f"lambdadesk-seed, request {first[:8]}")

            close = logs.tabs.tabBar().tabButton(logs.tabs.currentIndex(), logs.tabs.tabBar().ButtonPosition.RightSide)
            close.click()  # type: ignore[union-attr]
            await until(lambda: not function_tab_lines(shown, "lambdadesk-seed, request"), 10)
            assert len(view_models.function_logs.keys) == 1
        finally:
            await view_models.function_logs.close_all()
            await view_models.logs.stop()
            await view_models.environment.close_session()
            await asyncio.sleep(0.2)
            await services.close()
            await cancel_what_is_left()
        assert services.connection is None  # attached: the window never connected to a Docker engine

    qt_loop.run_until_complete(scenario())
