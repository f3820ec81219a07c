from pathlib import Path

from pytestqt.qtbot import QtBot

from lambdadesk.core.engine import EngineState
from lambdadesk.core.profile import Profile
from lambdadesk.ui.main_window import MainWindow
from lambdadesk.ui.view_models import ViewModels
from tests.ui.conftest import Runner, until
from tests.ui.fake_session import FakeServices


def make_window(qtbot: QtBot, profile: Profile, tmp_path: Path) -> MainWindow:
    window = MainWindow(ViewModels.build(profile, FakeServices(tmp_path)))
    qtbot.addWidget(window)
    return window


def test_closing_with_nothing_running_shuts_down_without_asking(qtbot: QtBot, profile: Profile, tmp_path: Path) -> None:
    window = make_window(qtbot, profile, tmp_path)
    window.show()
    with qtbot.waitSignal(window.shutdown_requested) as shutdown:
        window.close()
    assert shutdown.args == [False] and window.close_question is None


def test_closing_a_running_environment_asks_and_can_stop_it(qtbot: QtBot, run: Runner, profile: Profile,
                                                            tmp_path: Path) -> None:
    window = make_window(qtbot, profile, tmp_path)
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


def test_the_status_bar_says_when_lambdadesk_is_working(qtbot: QtBot, run: Runner, profile: Profile,
                                                        tmp_path: Path) -> None:
    window = make_window(qtbot, profile, tmp_path)
    messages: list[str] = []
    window.statusBar().messageChanged.connect(messages.append)
    run(window.environment.start())
    # what it does, then nothing: never a standing "Ready" (the badges and the engine part say how things stand)
    assert messages[:2] == ["Starting the environment…", ""]


def test_the_debug_toggle_in_the_logs_tab_restarts_the_emulator_through_the_environment(
        qtbot: QtBot, run: Runner, profile: Profile, tmp_path: Path) -> None:
    window = make_window(qtbot, profile, tmp_path)
    run(window.environment.start())
    window.logs_panel.debug.setChecked(True)
    run(until(lambda: window.environment.profile.debug))
    assert window.environment._environment.calls[-1] == "set_debug(True)"  # type: ignore[union-attr]


def test_without_an_engine_the_window_says_so_and_start_waits_for_one(qtbot: QtBot, run: Runner, profile: Profile,
                                                                      tmp_path: Path) -> None:
    services = FakeServices(tmp_path)
    window = MainWindow(ViewModels.build(profile, services))
    qtbot.addWidget(window)
    window.view_models.engine.start()
    panel = window.environment_panel
    assert not panel.stop_button.isEnabled() and not panel.reset_button.isEnabled()  # nothing exists to stop

    services.engine_says(EngineState(False, "unix:///var/run/docker.sock", "the default socket",
                                     problem="Docker is not reachable: there is no Docker socket at "
                                             "unix:///var/run/docker.sock.", next_step="Start Docker."))
    run(until(lambda: not panel.engine_message.isHidden()))
    assert "No container engine" in window.engine_indicator.text()
    assert [badge.state.text() for badge in panel.badges.values()] == ["unknown", "unknown"]
    assert "there is no Docker socket" in panel.engine_message.text() and "Start Docker." in panel.engine_message.text()
    assert not panel.start_button.isEnabled() and "No container engine" in panel.start_button.toolTip()

    services.engine_says(EngineState(True, "unix:///var/run/docker.sock", "the default socket",
                                     "Docker Engine 27.1.0"))
    run(until(panel.start_button.isEnabled))
    assert "Docker Engine 27.1.0" in window.engine_indicator.text() and panel.engine_message.isHidden()
    run(until(lambda: panel.badges["redis"].state.text() == "absent"))  # read as soon as there is an engine
    run(window.environment.start())
    assert panel.stop_button.isEnabled() and panel.reset_button.isEnabled()  # now there is something
    run(window.view_models.engine.stop())
    assert services.engine_listeners == []


def test_the_logs_tab_follows_the_logs_as_soon_as_it_is_shown(qtbot: QtBot, run: Runner, profile: Profile,
                                                              tmp_path: Path) -> None:
    services = FakeServices(tmp_path)
    window = MainWindow(ViewModels.build(profile, services))
    qtbot.addWidget(window)
    window.show()
    assert services.log_sources == []  # nothing is followed before the tab is looked at
    window.tabs.setCurrentWidget(window.logs_panel)
    run(until(lambda: window.logs.following))
    services.log_sources[0].feed("lambdadesk-uitest-emulator", "Ready.")
    run(until(lambda: window.logs_panel.tabs.count() == 2))
    window.tabs.setCurrentWidget(window.deploy_panel)
    window.tabs.setCurrentWidget(window.logs_panel)
    assert len(services.log_sources) == 1  # shown again: the same streams go on
    run(window.logs.stop())


def test_the_window_fits_an_800_by_600_screen(qtbot: QtBot, profile: Profile, tmp_path: Path) -> None:
    window = make_window(qtbot, profile, tmp_path)
    smallest = window.minimumSizeHint()
    assert smallest.width() <= 800 and smallest.height() <= 600 - 30, smallest  # room for a panel or title bar
    window.resize(800, 600)
    window.show()
    assert (window.width(), window.height()) == (800, 600)
    for index in range(window.tabs.count()):  # every tab fits as it is, nothing cut
        panel = window.tabs.widget(index)
        assert panel.minimumSizeHint().width() <= window.tabs.width(), window.tabs.tabText(index)


def test_ctrl_c_or_sigterm_closes_without_asking_and_keeps_the_environment(qtbot: QtBot, run: Runner,
                                                                           profile: Profile, tmp_path: Path) -> None:
    window = make_window(qtbot, profile, tmp_path)
    window.show()
    run(window.environment.start())
    window.close()
    assert window.close_question is not None  # a person closing it is asked
    with qtbot.waitSignal(window.shutdown_requested) as shutdown:
        window.quit_keeping_environment()  # what the signal handler does
    assert shutdown.args == [False] and not window.close_question.isVisible()
    window.close()


def test_an_attached_profile_needs_no_engine_and_its_services_are_read_at_once(qtbot: QtBot, run: Runner,
                                                                                tmp_path: Path) -> None:
    profile = Profile.from_dict({"name": "uiattach", "attach": {"emulator_url": "http://127.0.0.1:4999"}})
    services = FakeServices(tmp_path)
    window = MainWindow(ViewModels.build(profile, services))
    qtbot.addWidget(window)
    window.view_models.engine.start()
    panel = window.environment_panel
    run(until(lambda: panel.badges["emulator"].state.text() != "unknown"))  # read without waiting for an engine
    services.engine_says(EngineState(False, "unix:///var/run/docker.sock", "the default socket",
                                     problem="Docker is not reachable.", next_step="Start Docker."))
    run(until(lambda: "No container engine" in window.engine_indicator.text()))
    assert "(not needed)" in window.engine_indicator.text()
    assert "needs no engine" in window.engine_indicator.toolTip()
    assert panel.engine_message.isHidden() and panel.start_button.isEnabled()
    assert panel.badges["emulator"].state.text() != "unknown"  # not blanked for want of an engine
    run(window.view_models.engine.stop())
