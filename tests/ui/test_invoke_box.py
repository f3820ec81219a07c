"""The Invocations tab's Invoke box by mouse over a stand-in session: a template filled in for the chosen function,
Invoke (the event as edited), a bad event refused before anything is sent, an event saved and offered again. The
templates are the real ones; the session's own invoke is tested against the engine (tests/integration)."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from lambdadesk.adapters.store.request_store import RequestStore
from lambdadesk.core.function_spec import FunctionSpec
from lambdadesk.ui.invocations.invoke_box import CHOOSE, InvokeBox
from lambdadesk.ui.invocations.invoke_view_model import InvokeViewModel
from tests.ui.conftest import Runner, until
from tests.ui.fake_session import FakeSession


def make_box(qtbot: QtBot, run: Runner, tmp_path: Path) -> tuple[InvokeBox, FakeSession]:
    bench = FakeSession(RequestStore(tmp_path / "requests"))
    bench.deployed = [(FunctionSpec("orders", "python3.12", "app.handle", b""), False),
                      (FunctionSpec("seed", "python3.12", "app.handle", b""), False)]
    box = InvokeBox(InvokeViewModel(bench.get))
    qtbot.addWidget(box)
    run(box.vm.refresh())
    return box, bench


def _start_from(box: InvokeBox, label: str) -> None:
    index = box.start_from.findText(label)
    assert index > 0, [box.start_from.itemText(i) for i in range(box.start_from.count())]
    box.start_from.activated.emit(index)


def test_a_template_is_filled_in_for_the_chosen_function_and_invoke_sends_the_event_as_edited(
        qtbot: QtBot, run: Runner, tmp_path: Path) -> None:
    box, bench = make_box(qtbot, run, tmp_path)
    assert [box.function.itemText(i) for i in range(box.function.count())] == ["orders", "seed"]
    assert box.function.currentText() == "orders"  # the first, chosen for the user
    box.function.setCurrentText("seed")
    _start_from(box, "EventBridge Scheduler / a schedule rule")
    run(until(lambda: "Scheduled Event" in box.payload.toPlainText()))
    event = json.loads(box.payload.toPlainText())
    assert event["resources"] == ["arn:aws:events:us-east-1:000000000000:rule/seed-schedule"]
    assert box.start_from.currentText() == CHOOSE  # a menu of starting points, back at its title

    event["detail"] = {"note": "edited"}
    box.payload.setPlainText(json.dumps(event))
    qtbot.mouseClick(box.invoke_button, Qt.MouseButton.LeftButton)
    run(until(lambda: bench.invoked != []))
    assert bench.invoked == [("seed", event)]
    run(until(lambda: box.status.text().startswith("seed: 200 OK in 21 ms (cold)")))


def test_an_event_that_is_not_json_is_refused_with_its_place_and_nothing_is_sent(qtbot: QtBot, run: Runner,
                                                                                  tmp_path: Path) -> None:
    box, bench = make_box(qtbot, run, tmp_path)
    box.payload.setPlainText('{"a": 1,\n  "b": }')
    qtbot.mouseClick(box.invoke_button, Qt.MouseButton.LeftButton)
    run(until(lambda: not box.message.isHidden()))
    assert "not valid JSON" in box.message.text() and "line 2, column 8" in box.message.text()
    assert bench.invoked == []


def test_a_saved_event_is_kept_beside_the_requests_and_offered_again(qtbot: QtBot, run: Runner,
                                                                     tmp_path: Path) -> None:
    box, bench = make_box(qtbot, run, tmp_path)
    box.payload.setPlainText('{"order": 7}')
    box.save_name.setText("order seven")
    qtbot.mouseClick(box.save_button, Qt.MouseButton.LeftButton)
    run(until(lambda: box.start_from.findText("Saved: order seven") > 0))
    assert bench.requests.load_payload("order seven") == {"order": 7}
    assert (tmp_path / "requests" / "payloads" / "order seven.json").exists()
    box.payload.setPlainText("{}")
    _start_from(box, "Saved: order seven")
    run(until(lambda: json.loads(box.payload.toPlainText()) == {"order": 7}))


def test_copy_as_puts_the_invoke_as_typed_on_the_clipboard(qtbot: QtBot, run: Runner, tmp_path: Path) -> None:
    box, bench = make_box(qtbot, run, tmp_path)
    box.function.setCurrentText("seed")
    box.payload.setPlainText('{"order": 8}')
    menu = box.copy_button.menu()
    next(a for a in menu.actions() if a.data() == "boto3").trigger()
    run(until(lambda: "Copied as boto3 script" in box.message.text()))
    copied = QGuiApplication.clipboard().text()
    assert "FunctionName='seed'" in copied or 'FunctionName="seed"' in copied
    assert '"order": 8' in copied and bench.invoked == []  # copied, not sent
