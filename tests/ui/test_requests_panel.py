import json
import shlex
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from lambdadesk.adapters.store.request_store import RequestStore
from lambdadesk.core.errors import LambdadeskError
from lambdadesk.core.function_spec import FunctionSpec
from lambdadesk.deploy.sample_lambda import SEED_HANDLER, seed_zip
from lambdadesk.ui.requests.panel import RequestsPanel
from lambdadesk.ui.requests.view_model import RequestsViewModel
from tests.ui.conftest import Runner, until
from tests.ui.fake_session import FakeSession


def make_panel(qtbot: QtBot, run: Runner, tmp_path: Path) -> tuple[RequestsPanel, FakeSession]:
    bench = FakeSession(RequestStore(tmp_path / "requests"))
    run(bench.deploy(FunctionSpec("seed", "python3.12", SEED_HANDLER, seed_zip()), wire=True))

    panel = RequestsPanel(RequestsViewModel(bench.get, bench.requests))
    qtbot.addWidget(panel)
    run(panel.vm.refresh_routes())
    return panel, bench


def test_ctrl_return_sends_what_the_form_says_and_shows_the_response(qtbot: QtBot, run: Runner,
                                                                      tmp_path: Path) -> None:
    panel, bench = make_panel(qtbot, run, tmp_path)
    assert panel.api.currentText() == "seed (dev) → seed"
    panel.show()
    panel.activateWindow()
    qtbot.waitUntil(panel.isActiveWindow)
    panel.path.setText("orders")
    panel.query.setText("?verbose=1")
    panel.headers.setPlainText("X-Trace: abc\n\nAccept: application/json")
    panel.body.setPlainText('{"hello": "lambdadesk"}')

    panel.body.setFocus()
    QTest.keyClick(panel.body, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    run(until(lambda: panel.history.count() == 1))

    sent = bench.sent[0]
    assert (sent.method, sent.api, sent.path, sent.query, sent.body) == \
        ("POST", "seed", "/orders", "verbose=1", '{"hello": "lambdadesk"}')
    assert ("X-Trace", "abc") in sent.headers and ("Content-Type", "application/json") in sent.headers
    assert "HTTP 200" in panel.status.text()
    assert json.loads(panel.response_body.toPlainText()) == {"requestId": "r-1"}
    assert "\n" in panel.response_body.toPlainText()  # pretty-printed
    assert panel.history.item(0).text().startswith("POST /orders → 200")
    assert panel.history.item(0).toolTip() == panel.history.item(0).text()  # whole, however narrow the column
    panel.hide()


def test_a_malformed_header_line_is_named_and_nothing_is_sent(qtbot: QtBot, run: Runner, tmp_path: Path) -> None:
    panel, bench = make_panel(qtbot, run, tmp_path)
    panel.headers.setPlainText("X-Ok: 1\nnot a header")
    qtbot.mouseClick(panel.send_button, Qt.MouseButton.LeftButton)
    run(until(lambda: not panel.message.isHidden()))
    assert "Header line 2" in panel.message.text() and bench.sent == []


def test_a_body_marked_json_that_is_not_is_refused_with_where(qtbot: QtBot, run: Runner, tmp_path: Path) -> None:
    panel, bench = make_panel(qtbot, run, tmp_path)
    panel.body.setPlainText('{"hello": }')
    qtbot.mouseClick(panel.send_button, Qt.MouseButton.LeftButton)
    run(until(lambda: not panel.message.isHidden()))
    assert "not valid JSON" in panel.message.text() and "column 11" in panel.message.text() and bench.sent == []


def test_a_saved_request_is_a_file_and_loads_back_into_the_form(qtbot: QtBot, run: Runner, tmp_path: Path) -> None:
    panel, _bench = make_panel(qtbot, run, tmp_path)
    panel.method.setCurrentText("PUT")
    panel.path.setText("/items/7")
    panel.body.setPlainText('{"n": 7}')
    panel.save_name.setText("update item")
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    run(until(lambda: panel.saved.count() == 1))
    assert json.loads((tmp_path / "requests" / "saved" / "update item.json").read_text())["path"] == "/items/7"

    panel.method.setCurrentText("GET")
    panel.path.setText("/")
    panel.body.clear()
    panel.saved.itemClicked.emit(panel.saved.item(0))
    run(until(lambda: panel.path.text() == "/items/7"))
    assert panel.method.currentText() == "PUT" and panel.body.toPlainText() == '{"n": 7}'


def test_a_history_entry_loads_back_into_the_form(qtbot: QtBot, run: Runner, tmp_path: Path) -> None:
    panel, _bench = make_panel(qtbot, run, tmp_path)
    panel.path.setText("/first")
    run(panel.vm.send(panel.form()))
    panel.path.setText("/elsewhere")
    panel.history.itemClicked.emit(panel.history.item(0))
    assert panel.path.text() == "/first"


def test_a_hand_edited_history_entry_is_refused_in_words_and_the_form_is_kept(qtbot: QtBot, run: Runner,
                                                                             tmp_path: Path) -> None:
    panel, _bench = make_panel(qtbot, run, tmp_path)
    panel.path.setText("/first")
    run(panel.vm.send(panel.form()))
    entry = next((tmp_path / "requests" / "history").glob("*.json"))
    data = json.loads(entry.read_text())
    data["request"]["method"] = None
    entry.write_text(json.dumps(data))
    run(panel.vm.refresh_lists())
    panel.path.setText("/typed")
    panel.history.itemClicked.emit(panel.history.item(0))
    assert panel.path.text() == "/typed"  # what the user typed is not lost
    assert "method is null" in panel.message.text()


def test_a_failed_send_does_not_leave_the_last_response_under_its_error(qtbot: QtBot, run: Runner,
                                                                        tmp_path: Path) -> None:
    panel, bench = make_panel(qtbot, run, tmp_path)
    panel.body.setPlainText('{"n": 1}')
    qtbot.mouseClick(panel.send_button, Qt.MouseButton.LeftButton)
    run(until(lambda: "HTTP 200" in panel.status.text() and panel.history.count() == 1))
    assert panel.history.item(0).text().endswith("· seed")  # which API it went to
    bench.send_fails = LambdadeskError("The emulator did not answer.", "Start the environment.")
    qtbot.mouseClick(panel.send_button, Qt.MouseButton.LeftButton)
    run(until(lambda: not panel.message.isHidden()))
    assert "HTTP 200" not in panel.status.text() and panel.status.text().startswith("No response")
    assert panel.response_body.toPlainText() == "" and "did not answer" in panel.message.text()


def test_the_invalid_json_banner_goes_once_the_body_is_edited(qtbot: QtBot, run: Runner, tmp_path: Path) -> None:
    panel, bench = make_panel(qtbot, run, tmp_path)
    panel.body_is_json.setChecked(True)
    panel.body.setPlainText('{"n": ')
    qtbot.mouseClick(panel.send_button, Qt.MouseButton.LeftButton)
    run(until(lambda: not panel.message.isHidden()))
    assert "JSON" in panel.message.text() and bench.sent == []
    panel.body.setPlainText('{"n": 1}')
    assert panel.message.isHidden()


def test_copy_as_puts_the_forms_request_on_the_clipboard_for_the_api_it_goes_to(qtbot: QtBot, run: Runner,
                                                                                 tmp_path: Path) -> None:
    panel, bench = make_panel(qtbot, run, tmp_path)
    panel.path.setText("orders")
    panel.headers.setPlainText("X-Trace: it's")
    panel.body.setPlainText('{"hello": "lambdadesk"}')
    QGuiApplication.clipboard().clear()
    labels = [action.text() for action in panel.copy_button.menu().actions()]
    assert labels == ["curl", "Python script"]
    panel.copy_button.menu().actions()[0].trigger()
    run(until(lambda: QGuiApplication.clipboard().text() != ""))
    copied = QGuiApplication.clipboard().text()
    assert shlex.split(copied) == ["curl", "-sS", "-i", "-X", "POST", "http://127.0.0.1:4566/restapis/api1/dev/"
                                   "_user_request_/orders", "-H", "X-Trace: it's", "-H",
                                   "Content-Type: application/json", "--data-binary", '{"hello": "lambdadesk"}']
    assert panel.message.text().startswith("Copied as curl") and bench.sent == []  # copied, not sent
    panel.headers.setPlainText("not a header")  # a form that cannot be sent cannot be copied either: said why
    panel.copy_button.menu().actions()[1].trigger()
    run(until(lambda: "Header line 1" in panel.message.text()))
    assert QGuiApplication.clipboard().text() == copied


def test_no_api_is_said_until_one_is_wired_and_then_no_longer(qtbot: QtBot, run: Runner, tmp_path: Path) -> None:
    bench = FakeSession(RequestStore(tmp_path / "requests"))
    panel = RequestsPanel(RequestsViewModel(bench.get, bench.requests))
    qtbot.addWidget(panel)
    run(panel.vm.refresh_routes())
    assert not panel.message.isHidden() and panel.message.text().startswith("No REST API is wired yet")
    run(bench.deploy(FunctionSpec("seed", "python3.12", SEED_HANDLER, seed_zip()), wire=True))
    run(panel.vm.refresh_routes())
    assert panel.api.currentText() == "seed (dev) → seed"
    assert panel.message.isHidden()  # the words would contradict the API now listed beside them
