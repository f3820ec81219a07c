from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from lambdadesk.adapters.store.request_store import RequestStore
from lambdadesk.capture import subscription_keeper
from lambdadesk.capture.pairing import CapturedMessage
from lambdadesk.capture.redis_inspector import RedisValue
from lambdadesk.core.profile import Profile
from lambdadesk.core.sns_message import SnsMessage
from lambdadesk.ui.capture import messages_model
from lambdadesk.ui.capture.panel import CapturePanel
from lambdadesk.ui.capture.view_model import CaptureViewModel
from lambdadesk.ui.view_models import ViewModels
from tests.ui.conftest import Runner, until
from tests.ui.fake_session import FakeServices, FakeSession


def make_panel(qtbot: QtBot, tmp_path: Path) -> tuple[CapturePanel, FakeSession]:
    bench = FakeSession(RequestStore(tmp_path / "requests"))

    panel = CapturePanel(CaptureViewModel(bench.get))
    qtbot.addWidget(panel)
    return panel, bench


def subscribe(qtbot: QtBot, run: Runner, panel: CapturePanel, topic: str) -> None:
    panel.topic.setText(topic)
    qtbot.mouseClick(panel.subscribe_button, Qt.MouseButton.LeftButton)
    run(until(lambda: "Capturing" in panel.status.text()))


def test_each_message_arrives_beside_the_redis_value_it_points_to(qtbot: QtBot, run: Runner, tmp_path: Path) -> None:
    panel, bench = make_panel(qtbot, tmp_path)
    subscribe(qtbot, run, panel, "orders")
    assert bench.capture.topics == ["orders"] and "<b>orders</b>" in panel.status.text()
    bench.redis.values["req-1"] = '{"hello": "lambdadesk"}'

    bench.capture.deliver("req-1")
    bench.capture.deliver("req-2")  # nothing in Redis for this one
    run(until(lambda: panel.model.rowCount() == 2))

    assert [panel.cell(0, c) for c in (1, 2, 3)] == \
        ["orders", "req-1", 'req-1 = {"hello": "lambdadesk"}']
    assert panel.cell(1, 3) == "(no matching key)"
    panel.choose(0)
    assert panel.detail.toPlainText().startswith("req-1") and '"hello": "lambdadesk"' in panel.value.toPlainText()
    panel.choose(1)
    assert "No Redis key matches" in panel.value.toPlainText()


def test_a_subscription_that_fails_is_explained_beside_the_topic(qtbot: QtBot, run: Runner, tmp_path: Path) -> None:
    panel, bench = make_panel(qtbot, tmp_path)
    panel.topic.setText("  ")
    qtbot.mouseClick(panel.subscribe_button, Qt.MouseButton.LeftButton)
    run(until(lambda: not panel.message.isHidden()))
    assert "needs a name" in panel.message.text() and bench.capture.topics == []


def test_the_key_browser_lists_a_pattern_and_shows_type_ttl_and_value(qtbot: QtBot, run: Runner,
                                                                      tmp_path: Path) -> None:
    panel, bench = make_panel(qtbot, tmp_path)
    bench.redis.values.update({"order:1": "one", "order:2": "two", "user:1": "ann"})
    panel.pattern.setText("order:*")
    qtbot.mouseClick(panel.scan_button, Qt.MouseButton.LeftButton)
    run(until(lambda: panel.keys.count() == 2))
    assert [panel.keys.item(i).text() for i in range(2)] == ["order:1", "order:2"]

    panel.keys.setCurrentRow(1)
    run(until(lambda: panel.key_value.toPlainText() == "two"))
    assert "order:2</b> · string · no expiry · size 3" in panel.key_heading.text()


def test_a_reset_of_the_environment_subscribes_the_capture_again(qtbot: QtBot, run: Runner, profile: Profile,
                                                                 tmp_path: Path) -> None:
    services = FakeServices(tmp_path)
    view_models = ViewModels.build(profile, services)
    run(view_models.capture.subscribe("orders"))
    run(view_models.environment.start())  # the emulator started: whatever lived in it before is gone
    run(until(lambda: services.bench.capture.renewed == 1))
    run(view_models.environment.start())  # already running: nothing to renew
    run(view_models.environment.reset())
    run(until(lambda: services.bench.capture.renewed == 2))


def test_a_subscription_lost_elsewhere_is_renewed_and_said(qtbot: QtBot, run: Runner, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(subscription_keeper, "CHECK_EVERY_S", 0.05)
    panel, bench = make_panel(qtbot, tmp_path)
    subscribe(qtbot, run, panel, "orders")
    try:
        bench.capture.gone = ["orders"]  # a reset from a shell took the subscription
        run(until(lambda: "again" in panel.status.text()))
        assert bench.capture.renewed == 1 and "Capturing orders again" in panel.status.text()
    finally:
        run(panel.vm.stop())


def test_confirmations_are_not_shown_as_captured_messages(qtbot: QtBot, run: Runner, tmp_path: Path) -> None:
    panel, bench = make_panel(qtbot, tmp_path)
    subscribe(qtbot, run, panel, "orders")
    bench.capture.deliver("token-1", kind="SubscriptionConfirmation")
    bench.capture.deliver("bye", kind="UnsubscribeConfirmation")
    bench.capture.deliver("order:1")  # delivered last: a confirmation shown would be in the table before it
    run(until(lambda: any(panel.cell(r, 2) == "order:1" for r in range(panel.model.rowCount()))))
    assert [panel.cell(r, 2) for r in range(panel.model.rowCount())] == ["order:1"]


def _captured(number: int, value: str | None = None) -> CapturedMessage:
    message = SnsMessage("Notification", "arn:aws:sns:us-east-1:000000000000:orders", f"m-{number}", f"req-{number}")
    return CapturedMessage(message, RedisValue(f"req-{number}", "string", -1, value, len(value)) if value else None)


def test_a_burst_of_thousands_is_added_at_once_and_the_newest_is_shown(qtbot: QtBot, run: Runner,
                                                                        tmp_path: Path) -> None:
    panel, _ = make_panel(qtbot, tmp_path)
    details: list[str] = []
    panel.detail.textChanged.connect(lambda: details.append(panel.detail.toPlainText()))
    for number in range(5000):
        panel.vm.captured.emit(_captured(number, f'{{"n": {number}}}' if number % 2 else None))
    run(until(lambda: panel.model.rowCount() == 5000))

    assert [panel.cell(r, 2) for r in (0, 4999)] == ["req-0", "req-4999"]
    assert panel.cell(4999, 3) == 'req-4999 = {"n": 4999}' and panel.cell(4998, 3) == "(no matching key)"
    assert panel.detail.toPlainText().startswith("req-4999")  # the newest followed...
    assert len(details) <= 4  # ...once for the burst, not once a message
    assert panel.count.text() == "5,000 messages"


def test_the_table_keeps_the_newest_and_says_how_many_left_it(qtbot: QtBot, run: Runner, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(messages_model, "KEPT", 100)
    panel, _ = make_panel(qtbot, tmp_path)
    for number in range(60):
        panel.vm.captured.emit(_captured(number))
    run(until(lambda: panel.model.rowCount() == 60))
    panel.choose(50)  # the user reads an older one: it stays chosen while older rows leave
    for number in range(60, 140):
        panel.vm.captured.emit(_captured(number))
    run(until(lambda: panel.cell(panel.model.rowCount() - 1, 2) == "req-139"))

    assert panel.model.rowCount() == 100 and panel.cell(0, 2) == "req-40"
    assert panel.count.text() == "100 messages · 40 older left"
    assert panel.count.toolTip() == "The table keeps the newest 100 messages; 40 older ones have left it"
    panel.status.setText("Capturing <b>lambdadesk-seed-orders</b> at <code>http://127.0.0.1:23580/sns</code> "
                         "(confirmed).")
    assert panel.minimumSizeHint().width() <= 745  # the widest status line still fits an 800-pixel window's tab
    chosen = panel.messages.currentIndex().row()
    assert panel.cell(chosen, 2) == "req-50" and panel.detail.toPlainText().startswith("req-50")

    qtbot.mouseClick(panel.clear_button, Qt.MouseButton.LeftButton)
    assert panel.model.rowCount() == 0 and panel.count.text() == "" and panel.detail.toPlainText() == ""
    panel.vm.captured.emit(_captured(250))
    run(until(lambda: panel.model.rowCount() == 1))
    assert panel.cell(0, 2) == "req-250" and panel.count.text() == "1 message"
