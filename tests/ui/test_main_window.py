from pytestqt.qtbot import QtBot

from lambdadesk.core.events import EventSink
from lambdadesk.core.profile import Profile
from lambdadesk.ui.environment_vm import EnvironmentViewModel
from lambdadesk.ui.main_window import MainWindow
from tests.ui.conftest import FakeEnvironment, Runner


def make_window(qtbot: QtBot, profile: Profile) -> MainWindow:
    async def factory(_profile: Profile, on_event: EventSink) -> FakeEnvironment:
        return FakeEnvironment(on_event)

    window = MainWindow(EnvironmentViewModel(profile, factory))
    qtbot.addWidget(window)
    return window


def test_closing_with_nothing_running_shuts_down_without_asking(qtbot: QtBot, profile: Profile) -> None:
    window = make_window(qtbot, profile)
    window.show()
    with qtbot.waitSignal(window.shutdown_requested) as shutdown:
        window.close()
    assert shutdown.args == [False] and window.close_question is None


def test_closing_a_running_environment_asks_and_can_stop_it(qtbot: QtBot, run: Runner, profile: Profile) -> None:
    window = make_window(qtbot, profile)
    window.show()
    run(window.environment.start())
    window.close()
    assert window.isVisible() and window.close_question is not None  # not closed yet: it asks
    stop = next(b for b in window.close_question.buttons() if b.text() == "Stop it")
    with qtbot.waitSignal(window.shutdown_requested) as shutdown:
        stop.click()
    assert shutdown.args == [True]
    window.close()  # shutdown closes the window for real once it is done
    assert not window.isVisible()


def test_the_status_bar_says_when_lambdadesk_is_working(qtbot: QtBot, run: Runner, profile: Profile) -> None:
    window = make_window(qtbot, profile)
    messages: list[str] = []
    window.statusBar().messageChanged.connect(messages.append)
    run(window.environment.start())
    assert messages[:2] == ["Working…", "Ready"]
