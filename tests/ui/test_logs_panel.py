from PySide6.QtWidgets import QTabBar
from pytestqt.qtbot import QtBot

from lambdadesk.core.errors import DockerUnavailableError
from lambdadesk.core.events import LogLine
from lambdadesk.ui.logs.function_logs_view_model import FunctionLogsViewModel
from lambdadesk.ui.logs.log_view import DRAWN_PER_BATCH, KEPT_LINES
from lambdadesk.ui.logs.panel import ALL, LogsPanel
from lambdadesk.ui.logs.view_model import LogsViewModel
from tests.ui.conftest import FakeLogSource, Runner, until


def make_panel(qtbot: QtBot, functions: FunctionLogsViewModel | None = None) -> tuple[LogsPanel, FakeLogSource]:
    source = FakeLogSource()

    async def factory() -> FakeLogSource:
        return source

    panel = LogsPanel(LogsViewModel(factory), functions)
    qtbot.addWidget(panel)
    panel.show()  # a tab draws its lines while it is on screen; the others when they are shown
    return panel, source


def test_lines_arrive_in_an_all_tab_and_a_tab_per_container(qtbot: QtBot, run: Runner) -> None:
    panel, source = make_panel(qtbot)
    run(panel.vm.follow())
    source.feed("lambdadesk-x-emulator", "INFO started", "ERROR boom")
    source.feed("lambdadesk-x-redis", "Ready to accept connections")
    run(until(lambda: panel.tabs.count() == 3))
    assert [panel.tabs.tabText(i) for i in range(panel.tabs.count())] == [ALL, "emulator", "redis"]
    assert panel.tabs.tabToolTip(1) == "lambdadesk-x-emulator"  # the full name is a hover away
    assert panel.views[ALL].toPlainText().splitlines() == [
        "10:00:00.123 emulator | INFO started", "10:00:00.123 emulator | ERROR boom",
        "10:00:00.123 redis | Ready to accept connections"]
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


def test_before_any_line_the_tab_says_what_will_appear_and_an_error_is_shown(qtbot: QtBot, run: Runner) -> None:
    async def no_engine() -> FakeLogSource:
        raise DockerUnavailableError("unix:///var/run/docker.sock", "there is no Docker socket")

    panel = LogsPanel(LogsViewModel(no_engine))
    qtbot.addWidget(panel)
    panel.show()
    assert panel.empty.isVisible() and "start the environment" in panel.empty.text()
    run(panel.vm.follow())
    assert panel.message.isVisible() and "no Docker socket" in panel.message.text()


def test_a_stopped_container_says_so_and_only_the_newest_stopped_lambdas_keep_a_tab(qtbot: QtBot,
                                                                                   run: Runner) -> None:
    panel, source = make_panel(qtbot)
    run(panel.vm.follow())
    source.feed("lambdadesk-x-emulator", "ready")
    lambdas = [f"lambdadesk-x-emulator-lambda-seed-{n}a2b3c4d" for n in range(5)]
    for name in lambdas:
        source.feed(name, "START RequestId: r")
    run(until(lambda: panel.tabs.count() == 7))
    assert panel.tabs.tabText(2) == "λ seed 0a2b"
    assert not panel.empty.isVisible()

    source.end("lambdadesk-x-emulator")
    for name in lambdas:
        source.end(name)
    run(until(lambda: panel.tabs.count() == 2 + 3))
    titles = [panel.tabs.tabText(i) for i in range(panel.tabs.count())]
    assert titles == [ALL, "emulator (stopped)", "λ seed 2a2b (stopped)", "λ seed 3a2b (stopped)",
                      "λ seed 4a2b (stopped)"]
    assert lambdas[0] not in panel.views  # its tab is gone, its lines stay in "all"
    assert [line.text for line in panel.views[ALL].lines if line.source == lambdas[0]] == \
        ["START RequestId: r", "[the container stopped]"]
    source.feed("lambdadesk-x-emulator", "ready again")  # restarted: its tab says so no more
    run(until(lambda: panel.tabs.tabText(1) == "emulator"))
    run(panel.vm.stop())


def test_the_sources_menu_reaches_every_tab(qtbot: QtBot, run: Runner) -> None:
    panel, source = make_panel(qtbot)
    run(panel.vm.follow())
    for name in ("emulator", "redis", "dind"):
        source.feed(f"lambdadesk-x-{name}", "up")
    run(until(lambda: panel.tabs.count() == 4))
    menu = panel.sources_button.menu()
    menu.aboutToShow.emit()
    actions = menu.actions()
    assert [action.text() for action in actions] == [ALL, "emulator", "redis", "dind"]
    actions[3].trigger()
    assert panel.tabs.currentIndex() == 3
    actions[0].trigger()
    assert panel.tabs.currentWidget() is panel.views[ALL]
    run(panel.vm.stop())


class FakeFunctionLogs(FakeLogSource):
    def __init__(self, function: str, request_id: str) -> None:
        super().__init__()
        self.function, self.request_id = function, request_id

    def title(self) -> str:
        return f"{self.function}, request {self.request_id[:8]}" if self.request_id else f"{self.function} (CW)"


class FunctionLogsSession:
    """The one piece of the session the function view uses: function_logs (and functions, for the chooser)."""

    def __init__(self) -> None:
        self.made: list[FakeFunctionLogs] = []

    def function_logs(self, function: str, request_id: str = "") -> FakeFunctionLogs:
        self.made.append(FakeFunctionLogs(function, request_id))
        return self.made[-1]


def test_a_functions_logs_open_in_a_tab_of_their_own_that_closes_with_its_button(qtbot: QtBot, run: Runner) -> None:
    session = FunctionLogsSession()

    async def get() -> FunctionLogsSession:
        return session

    functions = FunctionLogsViewModel(get)  # type: ignore[arg-type]
    panel, _containers = make_panel(qtbot, functions)
    bar = panel.function_bar
    assert bar is not None
    bar.show_button.click()
    run(until(lambda: "No function is chosen." in panel.message.text()))  # said, and nothing opened
    assert session.made == []

    bar.function.setCurrentText("seed")
    bar.request_id.setText("  3f2a9c1e-0000  ")
    bar.show_button.click()
    run(until(lambda: panel.tabs.count() == 2))
    assert (session.made[0].function, session.made[0].request_id) == ("seed", "3f2a9c1e-0000")
    assert panel.tabs.tabText(panel.tabs.currentIndex()) == "seed, request 3f2a9c1e"
    session.made[0].feed("lambdadesk-p-lambda-seed-ab12", "START RequestId: 3f2a9c1e-0000", "hello")
    view = panel.tabs.currentWidget()
    run(until(lambda: "hello" in view.toPlainText()))  # type: ignore[attr-defined]
    assert "START RequestId" not in panel.views[ALL].toPlainText()  # the containers' tabs are not mixed in

    close = panel.tabs.tabBar().tabButton(panel.tabs.currentIndex(), QTabBar.ButtonPosition.RightSide)
    close.click()  # type: ignore[union-attr]
    run(until(lambda: panel.tabs.count() == 1))
    assert session.made[0].closed and functions.keys == []
    assert panel.tabs.tabBar().tabButton(0, QTabBar.ButtonPosition.RightSide) is None  # "all" cannot be closed
