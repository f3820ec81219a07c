import asyncio
import socket
from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from lambdadesk.adapters.store.request_store import RequestStore
from lambdadesk.core.engine import EngineState
from lambdadesk.core.errors import PortInUseError
from lambdadesk.core.events import EventSink, ServiceState
from lambdadesk.core.profile import Profile
from lambdadesk.session import Session
from lambdadesk.ui.environment.panel import EnvironmentPanel
from lambdadesk.ui.environment.view_model import EnvironmentViewModel
from tests.local_redis import local_redis
from tests.ui.conftest import FakeEnvironment, Runner, until

__all__ = ["local_redis"]


def make_panel(qtbot: QtBot, profile: Profile, fail_with: Exception | None = None
               ) -> tuple[EnvironmentPanel, list[FakeEnvironment]]:
    made: list[FakeEnvironment] = []

    async def factory(_profile: Profile, on_event: EventSink) -> FakeEnvironment:
        made.append(FakeEnvironment(on_event, fail_with, profile=_profile))
        return made[-1]

    panel = EnvironmentPanel(EnvironmentViewModel(profile, factory))
    qtbot.addWidget(panel)
    return panel, made


def test_start_shows_each_service_ready_and_pull_progress_on_the_way(qtbot: QtBot, run: Runner,
                                                                     profile: Profile) -> None:
    panel, made = make_panel(qtbot, profile)
    progress: list[tuple[str, int]] = []
    panel.vm.pull_progressed.connect(lambda service, percent: progress.append((service, percent)))
    assert panel.badges["redis"].state.text() == "unknown"  # not read yet: never a guessed "absent"

    qtbot.mouseClick(panel.start_button, Qt.MouseButton.LeftButton)
    run(until(lambda: panel.badges["emulator"].state.text() == "ready"))

    assert made[0].calls == ["up"]
    assert panel.badges["redis"].state.text() == "ready"
    assert panel.badges["redis"].detail.text() == "127.0.0.1:6379 · redis:7"  # where it answers, what runs it
    assert progress == [("redis", 50), ("redis", 25)]  # two layers: 50 of 200 bytes
    assert panel.start_button.isEnabled()
    assert not panel.badges["redis"].progress.isVisible()


def test_buttons_are_disabled_while_an_operation_runs(qtbot: QtBot, run: Runner, profile: Profile) -> None:
    panel, made = make_panel(qtbot, profile)
    run(panel.vm.refresh())  # creates the environment
    made[0].gate.clear()

    async def click_start() -> None:  # with the loop running, so the operation's task starts inside it
        qtbot.mouseClick(panel.start_button, Qt.MouseButton.LeftButton)
        await until(lambda: made[0].calls == ["up"])

    run(click_start())
    assert not panel.start_button.isEnabled()
    assert not panel.reset_button.isEnabled() and not panel.stop_button.isEnabled()
    made[0].gate.set()
    run(until(panel.start_button.isEnabled))


def test_an_error_appears_next_to_the_environment_with_its_next_step(qtbot: QtBot, run: Runner,
                                                                     profile: Profile) -> None:
    panel, _ = make_panel(qtbot, profile, PortInUseError(4566, "emulator", "nginx (pid 42)"))
    run(panel.vm.start())
    assert panel.message.isVisibleTo(panel)
    assert "Port 4566 (needed by emulator) is already in use by nginx (pid 42)" in panel.message.text()
    assert "Next step: Stop nginx (pid 42)" in panel.message.text()
    assert panel.start_button.isEnabled()


def test_reset_asks_first_saying_what_goes_and_does_what_was_chosen(qtbot: QtBot, run: Runner,
                                                                    profile: Profile) -> None:
    panel, made = make_panel(qtbot, profile)
    run(panel.vm.start())
    panel.ask_reset()
    assert panel.confirm is not None and "Containers lambdadesk did not create are not touched" in panel.confirm.text()
    panel.full_reset_button.click()
    run(until(lambda: "reset(full=True)" in made[0].calls))
    panel.ask_reset()
    assert panel.confirm is not None
    panel.confirm.button(panel.confirm.StandardButton.Cancel).click()
    run(panel.vm.refresh())
    assert made[0].calls == ["up", "reset(full=True)"]


def test_copy_env_puts_export_lines_on_the_clipboard(qtbot: QtBot, profile: Profile) -> None:
    panel, _ = make_panel(qtbot, profile)
    qtbot.mouseClick(panel.copy_button, Qt.MouseButton.LeftButton)
    copied = QGuiApplication.clipboard().text()
    assert "export AWS_ENDPOINT_URL=http://127.0.0.1:4566" in copied and "export REDIS_URL=" in copied
    assert "Copied" in panel.message.text()


def test_a_slow_start_can_be_cancelled_and_says_what_is_left(qtbot: QtBot, run: Runner, profile: Profile) -> None:
    panel, made = make_panel(qtbot, profile)
    run(panel.vm.refresh())  # the environment object exists; its start will hang until cancelled
    made[0].gate.clear()
    qtbot.mouseClick(panel.start_button, Qt.MouseButton.LeftButton)
    run(until(lambda: made[0].calls == ["up"]))  # the start hangs in the session's up
    assert not panel.cancel_button.isHidden() and not panel.start_button.isEnabled()

    qtbot.mouseClick(panel.cancel_button, Qt.MouseButton.LeftButton)
    run(until(panel.start_button.isEnabled))

    assert "Stopped waiting" in panel.message.text() and panel.cancel_button.isHidden()
    assert made[0].calls == ["up"] and panel.badges["emulator"].state.text() == "absent"


def test_a_change_made_elsewhere_shows_in_the_tab_and_says_so(qtbot: QtBot, run: Runner, profile: Profile) -> None:
    panel, made = make_panel(qtbot, profile)
    run(panel.vm.refresh())
    assert panel.badges["emulator"].state.text() == "absent"

    async def started_from_a_shell() -> None:
        made[0].changed_elsewhere("emulator", ServiceState.READY)
        await until(lambda: panel.badges["emulator"].state.text() == "ready")

    run(started_from_a_shell())
    assert "Changed outside this window: emulator is ready." in panel.message.text()
    assert made[0].calls == []  # the window only read the state; it started nothing


def test_the_windows_own_operation_is_not_reported_as_a_change_made_elsewhere(qtbot: QtBot, run: Runner,
                                                                            profile: Profile) -> None:
    panel, made = make_panel(qtbot, profile)
    run(panel.vm.refresh())
    made[0].gate.clear()

    async def start_while_events_arrive() -> None:
        qtbot.mouseClick(panel.start_button, Qt.MouseButton.LeftButton)
        await until(lambda: made[0].calls == ["up"])
        made[0].changed_elsewhere("redis", ServiceState.STARTING)  # Docker's events of this very start
        made[0].gate.set()
        await until(panel.start_button.isEnabled)
        made[0].changed_elsewhere("redis", ServiceState.READY)  # an event that arrives just after it ended
        await asyncio.sleep(0.6)

    run(start_while_events_arrive())
    assert panel.badges["redis"].state.text() == "ready"
    assert "outside this window" not in panel.message.text()


def test_each_service_is_a_card_with_its_container_uptime_and_last_log_line(qtbot: QtBot, run: Runner,
                                                                            profile: Profile) -> None:
    panel, made = make_panel(qtbot, profile)
    panel.resize(900, 500)
    panel.show()
    run(panel.vm.start())
    card = panel.badges["emulator"]
    run(until(lambda: card.last_line.text() != ""))
    assert card.facts.text() == "lambdadesk-test-emulator · up 5 min"
    assert card.last_line.text() == "emulator: the last line" and card.last_line.toolTip() == card.last_line.text()
    made[0].started_at -= timedelta(hours=2)
    run(panel.vm.refresh())  # read again: the container's own start time
    assert card.facts.text() == "lambdadesk-test-emulator · up 2 h 5 min"
    card._started_at -= timedelta(days=1)  # as a day passing: the panel's tick says so without reading again
    panel._on_ticker_timeout()
    assert card.facts.text() == "lambdadesk-test-emulator · up 1 d 2 h"

    assert panel.empty.isHidden()
    run(panel.vm.stop())
    assert card.state.text() == "absent" and card.facts.isHidden() and card.last_line.isHidden()
    assert not panel.empty.isHidden() and "Start creates" in panel.empty.text()  # what to do next
    assert panel.message.text() == ("Down: removed 2 containers (lambdadesk-uitest-emulator, lambdadesk-uitest-redis) "
                                    "and network lambdadesk-uitest.")  # what Stop removed, said
    line = "x" * 500  # a long line is cut to the card, whole on hover
    card.show_last_line(line)
    assert card.last_line.text().endswith("…") and len(card.last_line.text()) < 200
    assert card.last_line.toolTip() == line


def test_an_attached_profile_connects_instead_of_starting_and_says_why_there_is_no_stop_or_reset(
        qtbot: QtBot, run: Runner, local_redis: int, tmp_path: Path) -> None:
    """The real session of an attached profile (no engine): a redis-server of the test's own answers, nothing
    answers at the emulator's address. Connect says which one and where; Stop and Reset give way to a sentence."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        nowhere = f"http://127.0.0.1:{probe.getsockname()[1]}"
    profile = Profile.from_dict({"name": "uiattach", "start_timeout_s": 1.0, "attach": {"emulator_url": nowhere,
                                                                "redis_url": f"redis://127.0.0.1:{local_redis}"}})

    async def factory(made: Profile, on_event: EventSink) -> Session:
        return Session(made, None, None, on_event, RequestStore(tmp_path / "requests"))

    panel = EnvironmentPanel(EnvironmentViewModel(profile, factory))
    qtbot.addWidget(panel)
    panel.show()
    assert panel.start_button.text() == "Connect" and list(panel.badges) == ["redis", "emulator"]
    assert not panel.stop_button.isVisible() and not panel.reset_button.isVisible()
    assert panel.attached_note.isVisible()
    assert panel.attached_note.text() == (f"Attached to {nowhere} and redis://127.0.0.1:{local_redis}, started "
                                          "outside lambdadesk: it is not stopped, reset or restarted from here.")

    qtbot.mouseClick(panel.start_button, Qt.MouseButton.LeftButton)
    run(until(lambda: "does not answer" in panel.message.text(), timeout_s=10))
    assert f"emulator at {nowhere}" in panel.message.text()
    assert panel.badges["redis"].state.text() == "ready" and panel.badges["emulator"].state.text() == "absent"
    assert panel.start_button.isEnabled()  # no engine is needed to try again
    panel.show_engine(EngineState(False, "unix:///var/run/docker.sock", "the default socket", problem="No engine."))
    assert panel.start_button.isEnabled()
    run(panel.vm.close_session())
