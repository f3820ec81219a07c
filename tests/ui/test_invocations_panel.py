"""The Invocations tab driven with the mouse over a stand-in session (the session's own recording is tested
against the engine in tests/integration/test_invocations.py)."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from lambdadesk.adapters.store.request_store import RequestStore
from lambdadesk.core.copy_as import invoke_as
from lambdadesk.core.http_request import RequestSpec
from lambdadesk.core.invocation import INVOKE, LOGGED, Invocation, PublishedMessage, RedisWrite
from lambdadesk.ui.invocations.invoke_view_model import InvokeViewModel
from lambdadesk.ui.invocations.panel import EMPTY, InvocationsPanel
from lambdadesk.ui.invocations.view_model import InvocationsViewModel
from tests.ui.conftest import Runner, until
from tests.ui.fake_session import ENDPOINT, FakeSession


def make_panel(qtbot: QtBot, tmp_path: Path) -> tuple[InvocationsPanel, FakeSession]:
    bench = FakeSession(RequestStore(tmp_path / "requests"))
    panel = InvocationsPanel(InvocationsViewModel(bench.get), InvokeViewModel(bench.get))
    qtbot.addWidget(panel)
    return panel, bench


def _click_row(qtbot: QtBot, panel: InvocationsPanel, row: int) -> None:
    rect = panel.table.visualItemRect(panel.table.item(row, 0))
    qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_an_empty_history_says_how_to_fill_it(qtbot: QtBot, run: Runner, tmp_path: Path) -> None:
    panel, _ = make_panel(qtbot, tmp_path)
    run(panel.vm.refresh())
    assert panel.status.text() == EMPTY and panel.table.rowCount() == 0 and not panel.replay_button.isEnabled()


def test_the_chosen_invocation_is_shown_in_full_and_replay_makes_a_second(qtbot: QtBot, run: Runner,
                                                                         tmp_path: Path) -> None:
    panel, bench = make_panel(qtbot, tmp_path)
    run(bench.send(RequestSpec("POST", "/orders", body='{"n": 1}', api="seed")))
    panel.show()
    qtbot.mouseClick(panel.refresh_button, Qt.MouseButton.LeftButton)
    run(until(lambda: panel.table.rowCount() == 1))
    cells = [panel.table.item(0, column).text() for column in range(panel.table.columnCount())]
    assert cells[1:] == ["fn", "API Gateway", "cold", "22 ms", "HTTP 200", "0", "1"]
    assert not panel.replay_button.isEnabled()  # nothing chosen yet

    _click_row(qtbot, panel, 0)
    details = panel.details.toPlainText()
    assert "request: POST /orders" in details and 'SET r-1 {"n": 1}' in details and "START RequestId: inv-1" in details
    assert panel.replay_button.isEnabled()
    qtbot.mouseClick(panel.replay_button, Qt.MouseButton.LeftButton)
    run(until(lambda: panel.table.rowCount() == 2))
    assert [spec.body for spec in bench.sent] == ['{"n": 1}', '{"n": 1}']  # the same request again
    assert panel.status.text() == "Replayed as inv-2. 2 kept, newest first."
    assert panel.table.item(0, 3).text() == "warm" and panel.rows[1].id == "inv-1"
    assert panel.table.currentRow() == 0 and "START RequestId: inv-2" in panel.details.toPlainText()  # the new one


def test_an_invocation_seen_only_in_the_log_cannot_be_replayed_and_says_why(qtbot: QtBot, run: Runner,
                                                                          tmp_path: Path) -> None:
    panel, bench = make_panel(qtbot, tmp_path)
    bench.invocations.store.add(Invocation("t-1", "worker", LOGGED, 1796185281.0, 1796185281.1, notes=(
        "Seen only in the function's log (a trigger, or a caller outside lambdadesk).",)))
    run(bench.send(RequestSpec("POST", "/orders", body="{}", api="seed")))
    run(panel.vm.refresh())
    assert [panel.function.itemText(i) for i in range(panel.function.count())] == ["All functions", "fn", "worker"]
    panel.show()
    row = next(i for i, one in enumerate(panel.rows) if one.id == "t-1")
    _click_row(qtbot, panel, row)
    assert not panel.replay_button.isEnabled() and "cannot be replayed" in panel.replay_button.toolTip()
    assert "not known:" in panel.details.toPlainText() and panel.table.item(row, 2).text() == "log only"

    panel.function.setCurrentIndex(panel.function.findText("worker"))
    panel.function.activated.emit(panel.function.currentIndex())
    run(until(lambda: panel.table.rowCount() == 1))
    assert panel.rows[0].id == "t-1" and panel.function.currentText() == "worker"


def test_the_trace_tab_draws_each_hop_on_one_time_axis(qtbot: QtBot, run: Runner, tmp_path: Path) -> None:
    panel, bench = make_panel(qtbot, tmp_path)
    start = 1796185281.0
    bench.invocations.store.add(Invocation(
        "seed-1", "seed", "api", start, start + 0.1, True, 30.0, 40.0, start + 0.09, 200,
        request={"method": "POST", "path": "/seed"},
        messages=(PublishedMessage(start + 0.06, "arn:aws:sns:us-east-1:0:seed", "m", "r", start + 0.07),),
        redis_writes=(RedisWrite(start + 0.04, "SET r {}", (), "{}"),)))
    run(panel.vm.refresh())
    panel.resize(1000, 500)
    panel.show()
    _click_row(qtbot, panel, 0)
    assert panel.views.tabText(panel.views.currentIndex()) == "Trace"
    view = panel.waterfall
    assert [span.kind for span, _ in view.rows] == ["call", "init", "run", "redis", "sns"]
    bars = [view.bar_rect(row) for row in range(len(view.rows))]
    assert bars[0].width() >= max(bar.right() for bar in bars) - bars[0].left() - 2  # the call spans them all
    assert bars[1].right() <= bars[2].left() + 1 and bars[2].left() <= bars[3].left() <= bars[4].left()
    assert all(bar.top() < later.top() for bar, later in pairwise(bars))  # a row each
    image = view.grab().toImage()
    assert image.pixelColor(bars[2].center()).name() == "#1e88e5"  # the run is drawn where its bar is


def test_copy_as_offers_the_forms_of_the_chosen_call_and_copies_it(qtbot: QtBot, run: Runner,
                                                                   tmp_path: Path) -> None:
    panel, bench = make_panel(qtbot, tmp_path)
    run(bench.send(RequestSpec("POST", "/orders", body='{"n": 1}', api="seed")))
    bench.invocations.store.add(Invocation("inv-direct", "fn", INVOKE, 1796185290.0, 1796185290.1,
                                           event={"n": 2}, status=200))
    bench.invocations.store.add(Invocation("inv-logged", "fn", LOGGED, 1796185295.0, 1796185295.1))
    panel.show()
    run(panel.vm.refresh())
    run(until(lambda: panel.table.rowCount() == 3))
    offered = {}
    for row in range(3):
        _click_row(qtbot, panel, row)
        offered[panel.rows[row].id] = [a.data() for a in panel.copy_button.menu().actions() if a.isEnabled()]
    assert offered == {"inv-1": ["curl", "python"], "inv-direct": ["aws", "boto3"], "inv-logged": []}
    _click_row(qtbot, panel, next(row for row in range(3) if panel.rows[row].id == "inv-logged"))
    assert not panel.copy_button.isEnabled()  # seen only in the log: nothing to copy

    QGuiApplication.clipboard().clear()
    _click_row(qtbot, panel, next(row for row in range(3) if panel.rows[row].id == "inv-direct"))
    next(a for a in panel.copy_button.menu().actions() if a.data() == "boto3").trigger()
    run(until(lambda: QGuiApplication.clipboard().text() != ""))
    assert QGuiApplication.clipboard().text() == invoke_as("boto3", ENDPOINT, "us-east-1", "fn", {"n": 2})
    assert panel.message.text().startswith("Copied as boto3 script")
