"""The Deploy tab's Debug box driven with the mouse over a stand-in session: the same FunctionDebugger as the
CLI (its real package and checks; the real debugger session is tested against the engine in
tests/integration/test_debugger.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from lambdadesk.core.profile import Topology
from lambdadesk.deploy import function_debugger
from lambdadesk.deploy.debug_package import ENTRY_HANDLER, MARK
from lambdadesk.deploy.sample_lambda import SEED_HANDLER, seed_zip
from lambdadesk.ui.deploy.debug_box import IDLE
from tests.ui.conftest import Runner, until
from tests.ui.test_deploy_panel import make_panel


@pytest.fixture(autouse=True)
def quick_follow(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(function_debugger, "FOLLOW_EVERY_S", 0.05)


def _seed_form(panel: object, tmp_path: Path) -> None:
    zip_path = tmp_path / "seed.zip"
    zip_path.write_bytes(seed_zip())
    panel.choose_zip(str(zip_path))  # type: ignore[attr-defined]
    panel.name.setText("seed")  # type: ignore[attr-defined]
    panel.handler.setText(SEED_HANDLER)  # type: ignore[attr-defined]


def test_debug_waits_for_a_debugger_shows_how_to_attach_and_stop_puts_it_back(qtbot: QtBot, run: Runner,
                                                                              tmp_path: Path) -> None:
    panel, bench = make_panel(qtbot, tmp_path)
    _seed_form(panel, tmp_path)
    box = panel.debug
    box.port.setValue(5799)
    panel.show()
    qtbot.mouseClick(box.debug_button, Qt.MouseButton.LeftButton)
    run(until(lambda: box.stop_button.isVisible()))
    assert [spec.handler for spec, _ in bench.deployed] == [SEED_HANDLER]  # as the form says: what comes back
    waiting = bench.unrecorded[0]
    assert waiting.handler == ENTRY_HANDLER and waiting.timeout_s > 30  # the timeout raised while debugging
    assert "waits for a debugger on 127.0.0.1:5799" in box.status.text()
    configuration = json.loads(box.configuration.toPlainText())
    assert configuration["connect"] == {"host": "127.0.0.1", "port": 5799} and configuration["type"] == "debugpy"
    qtbot.mouseClick(box.copy_button, Qt.MouseButton.LeftButton)
    assert json.loads(QGuiApplication.clipboard().text()) == configuration

    bench.log = f"START RequestId: r\n{MARK} attached on 127.0.0.1:5799\n"
    run(until(lambda: "A debugger attached to seed" in box.message.text()))
    qtbot.mouseClick(box.stop_button, Qt.MouseButton.LeftButton)
    run(until(lambda: not box.stop_button.isVisible()))
    assert [spec.handler for spec, _ in bench.deployed] == [SEED_HANDLER, SEED_HANDLER]  # put back
    assert box.status.text().startswith("seed is back as deployed") and not box.configuration.isVisible()


def test_no_debugger_in_time_puts_the_function_back_and_says_so(qtbot: QtBot, run: Runner, tmp_path: Path) -> None:
    panel, bench = make_panel(qtbot, tmp_path)
    _seed_form(panel, tmp_path)
    panel.show()
    qtbot.mouseClick(panel.debug.debug_button, Qt.MouseButton.LeftButton)
    run(until(lambda: panel.debug.stop_button.isVisible()))
    bench.log = f"{MARK} no debugger attached to 127.0.0.1:5678 within 60 s\n"
    run(until(lambda: not panel.debug.stop_button.isVisible()))
    assert "No debugger attached" in panel.debug.message.text() and len(bench.deployed) == 2
    assert panel.debug.status.text().endswith(IDLE)


def test_a_function_that_cannot_be_debugged_is_refused_with_the_reason(qtbot: QtBot, run: Runner,
                                                                       tmp_path: Path) -> None:
    panel, bench = make_panel(qtbot, tmp_path)
    _seed_form(panel, tmp_path)
    bench.profile = bench.profile.replace(topology=Topology.BRIDGE, dind=True)
    panel.show()
    qtbot.mouseClick(panel.debug.debug_button, Qt.MouseButton.LeftButton)
    run(until(lambda: not panel.debug.message.isHidden()))
    assert "Debug cannot reach seed's Lambda container inside the dind daemon" in panel.debug.message.text()
    assert bench.unrecorded == []
    assert not panel.debug.stop_button.isVisible()
