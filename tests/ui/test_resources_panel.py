"""The Resources tab driven by mouse over a stand-in session (what the session lists and deletes is tested against
the real emulator in tests/integration/test_resources.py, and the tab itself there in test_window_environment.py)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTreeWidgetItem
from pytestqt.qtbot import QtBot

from lambdadesk.adapters.store.request_store import RequestStore
from lambdadesk.core.resource import Resource, ServiceListing
from lambdadesk.ui.common.message_label import ERROR_COLOUR
from lambdadesk.ui.resources.panel import EMPTY, ResourcesPanel
from lambdadesk.ui.resources.view_model import ResourcesViewModel
from tests.ui.conftest import Runner, until
from tests.ui.fake_session import FakeSession

TOPIC = "arn:aws:sns:us-east-1:000000000000:orders"
SEED = Resource("lambda", "function", "seed", "arn:aws:lambda:us-east-1:000000000000:function:seed",
                "python3.12 · 1.0 kB", {"Handler": "app.handle"})
ORDERS = Resource("sns", "topic", "orders", TOPIC, "2 subscriptions")
LIVE = Resource("sns", "subscription", "http://127.0.0.1:4000/", f"{TOPIC}:1", "http → live · confirmed",
                {"Protocol": "http"}, parent=TOPIC)
DEAD = Resource("sns", "subscription", "http://127.0.0.1:4001/", f"{TOPIC}:2", "http → dead · confirmed",
                {"Protocol": "http"}, problem="dangling: nothing answers at 127.0.0.1:4001", parent=TOPIC)


def make_panel(qtbot: QtBot, tmp_path: Path) -> tuple[ResourcesPanel, FakeSession]:
    bench = FakeSession(RequestStore(tmp_path / "requests"))
    bench.held = [ServiceListing("lambda", [SEED]), ServiceListing("sns", [ORDERS, LIVE, DEAD]),
                  ServiceListing("sqs", [], "the emulator runs without sqs")]
    panel = ResourcesPanel(ResourcesViewModel(bench.get))
    qtbot.addWidget(panel)
    return panel, bench


def _item(panel: ResourcesPanel, name: str) -> QTreeWidgetItem:
    found = panel.tree.findItems(name, Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive, 0)
    assert len(found) == 1, name
    return found[0]


def test_services_hold_their_resources_subscriptions_sit_under_their_topic_and_a_dangling_one_is_red(
        qtbot: QtBot, run: Runner, tmp_path: Path) -> None:
    panel, _ = make_panel(qtbot, tmp_path)
    run(panel.vm.refresh())
    services = [panel.tree.topLevelItem(i) for i in range(panel.tree.topLevelItemCount())]
    assert [(s.text(0), s.text(2)) for s in services if s] == [
        ("lambda", "1 resource"), ("sns", "3 resources"), ("sqs", "not listed: the emulator runs without sqs")]
    topic = _item(panel, "orders")
    assert [topic.child(i).text(0) for i in range(topic.childCount())] == [LIVE.name, DEAD.name]
    dead = _item(panel, DEAD.name)
    assert dead.foreground(0).color().name() == ERROR_COLOUR and dead.text(2).endswith(DEAD.problem)
    assert _item(panel, LIVE.name).foreground(0).color().name() != ERROR_COLOUR
    assert panel.status.text().startswith("4 resources in the emulator; 1 subscription leading nowhere")

    panel.filter.setText("dead")
    assert not dead.isHidden() and not topic.isHidden() and _item(panel, LIVE.name).isHidden()
    assert _item(panel, "seed").parent().isHidden()  # lambda: nothing matches
    panel.filter.clear()
    assert not _item(panel, LIVE.name).isHidden()


def test_delete_asks_first_cancel_keeps_it_and_delete_takes_only_the_chosen_one(qtbot: QtBot, run: Runner,
                                                                                 tmp_path: Path) -> None:
    panel, bench = make_panel(qtbot, tmp_path)
    panel.show()
    run(panel.vm.refresh())
    assert not panel.delete_button.isEnabled()  # nothing chosen
    panel.tree.setCurrentItem(_item(panel, "seed"))
    assert '"Handler": "app.handle"' in panel.details.toPlainText()
    qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    assert panel.delete_question is not None
    assert panel.delete_question.text() == "Delete the function seed from the emulator? This cannot be undone."
    panel.delete_question.button(panel.delete_question.StandardButton.Cancel).click()
    assert [r.name for listing in bench.held for r in listing.resources] == ["seed", "orders", LIVE.name, DEAD.name]

    panel.tree.setCurrentItem(_item(panel, DEAD.name))
    qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    assert panel.delete_question is not None
    next(b for b in panel.delete_question.buttons() if b.text() == "Delete").click()
    run(until(lambda: "Deleted the subscription" in panel.message.text()))
    run(until(lambda: not panel.tree.findItems(DEAD.name, Qt.MatchFlag.MatchRecursive, 0)))
    assert [r.name for listing in bench.held for r in listing.resources] == ["seed", "orders", LIVE.name]


def test_an_emulator_with_nothing_says_what_will_show(qtbot: QtBot, run: Runner, tmp_path: Path) -> None:
    panel, bench = make_panel(qtbot, tmp_path)
    bench.held = [ServiceListing("lambda", [])]
    run(panel.vm.refresh())
    assert panel.status.text() == EMPTY
