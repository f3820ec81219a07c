from pytestqt.qtbot import QtBot

from lambdadesk.core.errors import DockerUnavailableError
from lambdadesk.core.events import LogLine
from lambdadesk.ui.logs.log_view import DRAWN_PER_BATCH, KEPT_LINES
from lambdadesk.ui.logs.panel import ALL, LogsPanel
from lambdadesk.ui.logs.view_model import LogsViewModel
from tests.ui.conftest import FakeLogSource, Runner, until


def make_panel(qtbot: QtBot) -> tuple[LogsPanel, FakeLogSource]:
    source = FakeLogSource()

    async def factory() -> FakeLogSource:
        return source

    panel = LogsPanel(LogsViewModel(factory))
    qtbot.addWidget(panel)
    panel.show()  # a tab draws its lines while it is on screen; the others when they are shown
    return panel, source


def test_lines_arrive_in_an_all_tab_and_a_tab_per_container(qtbot: QtBot, run: Runner) -> None:
    panel, source = make_panel(qtbot)
    run(panel.vm.follow())
    source.feed("lambdadesk-x-emulator", "INFO started", "ERROR boom")
    source.feed("lambdadesk-x-redis", "Ready to accept connections")
    run(until(lambda: panel.tabs.count() == 3))
    assert [panel.tabs.tabText(i) for i in range(panel.tabs.count())] == [ALL, "x-emulator", "x-redis"]
    assert panel.views[ALL].toPlainText().splitlines() == [
        "10:00:00.123 x-emulator | INFO started", "10:00:00.123 x-emulator | ERROR boom",
        "10:00:00.123 x-redis | Ready to accept connections"]
    redis_view = panel.views["lambdadesk-x-redis"]
    assert redis_view.toPlainText() == ""  # not drawn while another tab is in front
    panel.tabs.setCurrentWidget(redis_view)
    assert redis_view.toPlainText() == "10:00:00.123 Ready to accept connections"
    assert panel.follow_button.text() == "Following" and not panel.follow_button.isEnabled()
    run(panel.vm.stop())
    assert source.closed and panel.follow_button.isEnabled()


def test_the_filter_shows_matching_lines_and_pause_holds_new_ones(qtbot: QtBot, run: Runner) -> None:
    panel, source = make_panel(qtbot)
    run(panel.vm.follow())
    source.feed("c", "GET /health", "POST /seed", "GET /other")
    run(until(lambda: len(panel.views[ALL].lines) == 3))
    panel.filter.setText("get")
    assert panel.views[ALL].toPlainText().count("GET") == 2 and "POST" not in panel.views[ALL].toPlainText()
    panel.filter.clear()
    panel.pause.setChecked(True)
    source.feed("c", "while paused")
    run(until(lambda: len(panel.views[ALL].lines) == 4))
    assert "while paused" not in panel.views[ALL].toPlainText()
    panel.pause.setChecked(False)
    assert panel.views[ALL].toPlainText().endswith("while paused")
    panel.clear_button.click()
    assert panel.views[ALL].toPlainText() == "" and len(panel.views[ALL].lines) == 0
    run(panel.vm.stop())


def test_memory_stays_bounded_however_many_lines_arrive(qtbot: QtBot, run: Runner) -> None:
    panel, source = make_panel(qtbot)
    run(panel.vm.follow())
    total = KEPT_LINES + 5_000
    source.feed("c", *(f"line {n}" for n in range(total)))
    run(until(lambda: panel.views[ALL].lines and panel.views[ALL].lines[-1].text == f"line {total - 1}", 20))
    view = panel.views[ALL]
    assert len(view.lines) == KEPT_LINES and view.document().blockCount() <= KEPT_LINES
    drawn = view.toPlainText().splitlines()  # a flood is drawn by its newest lines, and says so
    assert drawn[0].startswith(f"… {total - DRAWN_PER_BATCH:,} lines arrived too fast to draw")
    assert len(drawn) == DRAWN_PER_BATCH + 1 and drawn[-1].endswith(f"line {total - 1}")
    panel.filter.setText("line")  # every kept line is drawn on request
    drawn = view.toPlainText().splitlines()
    assert len(drawn) == KEPT_LINES and drawn[0].endswith(f"line {total - KEPT_LINES}")
    run(panel.vm.stop())


def test_error_lines_are_coloured_by_level(qtbot: QtBot, run: Runner) -> None:
    panel, source = make_panel(qtbot)
    run(panel.vm.follow())
    source.feed("c", "plain", "ERROR bad", "WARN careful")
    run(until(lambda: panel.views[ALL].document().blockCount() >= 3 and len(panel.views[ALL].lines) == 3))
    document = panel.views[ALL].document()
    colours = [document.findBlockByNumber(n).layout().formats() for n in range(3)]
    assert colours[0] == []
    assert colours[1][0].format.foreground().color().name() == "#c62828"
    assert colours[2][0].format.foreground().color().name() == "#ef6c00"
    run(panel.vm.stop())


def test_the_all_tab_orders_each_batch_by_time(qtbot: QtBot, run: Runner) -> None:
    panel, _source = make_panel(qtbot)
    late = LogLine("lambdadesk-a", "2026-11-22T10:00:02.000000Z", "second")
    early = LogLine("lambdadesk-b", "2026-11-22T10:00:01.000000Z", "first")
    panel.vm.lines_received.emit([late, early])
    assert [line.split(" | ")[1] for line in panel.views[ALL].toPlainText().splitlines()] == ["first", "second"]
    panel.tabs.setCurrentWidget(panel.views["lambdadesk-a"])
    assert panel.views["lambdadesk-a"].toPlainText().endswith("second")


def test_following_scrolls_down_to_new_lines_but_never_sideways(qtbot: QtBot, run: Runner) -> None:
    panel, source = make_panel(qtbot)
    panel.resize(400, 200)
    panel.show()
    run(panel.vm.follow())
    source.feed("c", *(f"{n} " + "x" * 300 for n in range(100)))
    run(until(lambda: len(panel.views[ALL].lines) == 100))
    view = panel.views[ALL]
    last_line = view.document().lastBlock()
    assert view.cursorForPosition(view.viewport().rect().bottomLeft()).block().blockNumber() >= \
        last_line.blockNumber() - 1  # the newest lines are on screen
    assert view.verticalScrollBar().value() > 0 and view.horizontalScrollBar().value() == 0
    run(panel.vm.stop())
    panel.close()


def test_a_source_that_cannot_start_says_why_and_nothing_follows(qtbot: QtBot, run: Runner) -> None:
    async def factory() -> FakeLogSource:
        raise DockerUnavailableError("Docker is not reachable at unix:///nowhere.sock.", "Start Docker.")

    panel = LogsPanel(LogsViewModel(factory))
    qtbot.addWidget(panel)
    said: list[tuple[str, str]] = []
    panel.vm.error_raised.connect(lambda message, step: said.append((message, step)))
    run(panel.vm.follow())
    assert said == [("Docker is not reachable at unix:///nowhere.sock.", "Start Docker.")]
    assert not panel.vm.following and panel.follow_button.isEnabled()


def test_a_hidden_or_paused_tab_holds_a_bounded_number_of_lines(qtbot: QtBot, run: Runner) -> None:
    panel, source = make_panel(qtbot)
    run(panel.vm.follow())
    source.feed("lambdadesk-x-redis", "first")
    run(until(lambda: "lambdadesk-x-redis" in panel.views))
    hidden = panel.views["lambdadesk-x-redis"]  # another tab is in front: it holds what arrives
    total = KEPT_LINES + 3_000
    source.feed("lambdadesk-x-redis", *(f"line {n}" for n in range(total)))
    run(until(lambda: hidden.lines[-1].text == f"line {total - 1}", 20))
    assert hidden.held_lines == KEPT_LINES and len(hidden.lines) == KEPT_LINES
    panel.tabs.setCurrentWidget(hidden)  # shown: it draws what it held, newest last
    assert hidden.toPlainText().splitlines()[-1].endswith(f"line {total - 1}")
    assert hidden.document().blockCount() <= KEPT_LINES
    run(panel.vm.stop())
