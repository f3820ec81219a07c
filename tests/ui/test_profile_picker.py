import json
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.errors import KeyringError, PasswordDeleteError
from pytestqt.qtbot import QtBot

from lambdadesk.adapters.store import profile_store
from lambdadesk.core.events import EventSink
from lambdadesk.core.profile import EmulatorKind, Profile
from lambdadesk.ui.environment.panel import EnvironmentPanel
from lambdadesk.ui.environment.view_model import EnvironmentViewModel
from lambdadesk.ui.main_window import MainWindow, last_profile_name
from lambdadesk.ui.view_models import ViewModels
from tests.ui.conftest import FakeEnvironment, Runner, until
from tests.ui.fake_session import FakeServices

SECRET = "ls-SECRET-token-123"


class MemoryKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.passwords.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.passwords[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if (service, username) not in self.passwords:
            raise PasswordDeleteError("not found")  # as the real backends say it
        del self.passwords[(service, username)]


class LockedKeyring(MemoryKeyring):
    def set_password(self, service: str, username: str, password: str) -> None:
        raise KeyringError("the collection is locked")


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def make_panel(qtbot: QtBot, profile: Profile) -> EnvironmentPanel:
    async def factory(_profile: Profile, on_event: EventSink) -> FakeEnvironment:
        return FakeEnvironment(on_event, profile=_profile)

    panel = EnvironmentPanel(EnvironmentViewModel(profile, factory))
    qtbot.addWidget(panel)
    return panel


def choose_emulator(panel: EnvironmentPanel, label: str) -> None:
    panel.picker.emulator.setCurrentText(label)
    panel.picker.emulator.activated.emit(panel.picker.emulator.currentIndex())


def test_choosing_moto_saves_the_profile_and_hides_the_token(qtbot: QtBot, run: Runner, profile: Profile) -> None:
    panel = make_panel(qtbot, profile)
    assert not panel.picker.token.isHidden()
    choose_emulator(panel, "moto")
    run(until(lambda: "moto" in panel.heading.text()))
    assert profile_store.load_profile(profile.name).emulator is EmulatorKind.MOTO
    assert panel.picker.token.isHidden() and panel.picker.token_state.isHidden()


def test_choosing_ministack_saves_it_with_its_own_default_image(qtbot: QtBot, run: Runner, profile: Profile) -> None:
    panel = make_panel(qtbot, profile)
    assert [panel.picker.emulator.itemText(i) for i in range(panel.picker.emulator.count())] == [
        "LocalStack", "MiniStack", "Floci", "moto"]
    choose_emulator(panel, "MiniStack")
    run(until(lambda: "ministack" in panel.heading.text()))
    saved = profile_store.load_profile(profile.name)
    assert saved.emulator is EmulatorKind.MINISTACK and saved.emulator_image == ""  # ministackorg/ministack:latest
    assert panel.picker.token.isHidden()


def test_the_emulator_cannot_change_under_a_running_environment(qtbot: QtBot, run: Runner, profile: Profile) -> None:
    panel = make_panel(qtbot, profile)
    run(panel.vm.start())
    choose_emulator(panel, "Floci")
    run(until(lambda: not panel.message.isHidden()))
    assert "while the environment runs" in panel.message.text()
    assert panel.picker.emulator.currentText() == "LocalStack" and panel.vm.profile.emulator is EmulatorKind.LOCALSTACK


def test_a_stored_token_goes_to_the_keyring_and_nowhere_else(qtbot: QtBot, run: Runner, profile: Profile,
                                                             memory_keyring: MemoryKeyring, tmp_path: Path) -> None:
    panel = make_panel(qtbot, profile)
    assert "No token" in panel.picker.token_state.text()
    panel.picker.token.setText(SECRET)
    panel.picker.store_button.click()
    run(until(lambda: "OS keyring" in panel.picker.token_state.text()))
    assert list(memory_keyring.passwords.values()) == [SECRET] and panel.picker.token.text() == ""
    choose_emulator(panel, "moto")  # the profile gets written
    run(until(lambda: profile_store.profile_path(profile.name).exists()))
    assert not [p for p in tmp_path.rglob("*") if p.is_file() and SECRET.encode() in p.read_bytes()]

    panel.picker.forget_button.click()
    run(until(lambda: "No token" in panel.picker.token_state.text()))
    assert memory_keyring.passwords == {}


def test_without_a_keyring_the_token_field_says_to_use_the_variable_before_anything_is_typed(
        qtbot: QtBot, profile: Profile) -> None:
    panel = make_panel(qtbot, profile)  # the test keyring refuses, as on a machine without one
    assert not panel.picker.store_button.isEnabled() and not panel.picker.token.isEnabled()
    assert "no OS keyring is available" in panel.picker.store_button.toolTip()
    assert "LOCALSTACK_AUTH_TOKEN" in panel.picker.store_button.toolTip()


def test_a_token_the_keyring_refuses_stays_in_its_field_and_the_refusal_is_shown(
        qtbot: QtBot, run: Runner, profile: Profile) -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(LockedKeyring())
    try:
        panel = make_panel(qtbot, profile)
        panel.picker.token.setText(SECRET)
        panel.picker.store_button.click()
        run(until(lambda: not panel.message.isHidden()))
    finally:
        keyring.set_keyring(previous)
    assert "the collection is locked" in panel.message.text() and SECRET not in panel.message.text()
    assert panel.picker.token.text() == SECRET  # nothing the user typed is lost


def test_another_profile_is_used_and_remembered_for_next_time(qtbot: QtBot, run: Runner, profile: Profile,
                                                              tmp_path: Path) -> None:
    profile_store.save_profile(Profile(name="team", emulator=EmulatorKind.MOTO, redis_port=7000))
    window = MainWindow(ViewModels.build(profile, FakeServices(tmp_path)))
    qtbot.addWidget(window)
    picker = window.environment_panel.picker
    assert picker.profile.findText("team") >= 0
    picker.profile.setCurrentText("team")
    picker.profile.activated.emit(picker.profile.currentIndex())
    run(until(lambda: window.environment.profile.name == "team"))
    assert window.windowTitle() == "lambdadesk — team" and "moto" in window.environment_panel.heading.text()
    assert last_profile_name() == "team"
    assert json.loads(profile_store.profile_path("team").read_text())["redis_port"] == 7000
