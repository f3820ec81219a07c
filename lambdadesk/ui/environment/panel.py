"""The Environment panel: one badge per service, Start / Stop / Reset, copy env, notices and errors."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QPushButton, QVBoxLayout, QWidget

from lambdadesk.core.engine import EngineState
from lambdadesk.core.events import ServiceState, ServiceStatus
from lambdadesk.core.profile import Profile
from lambdadesk.ui.common.icons import set_icon
from lambdadesk.ui.common.message_label import MessageLabel
from lambdadesk.ui.common.widgets import hint_label
from lambdadesk.ui.environment.profile_picker import ProfilePicker
from lambdadesk.ui.environment.profile_view_model import ProfileViewModel
from lambdadesk.ui.environment.service_badge import UNKNOWN, ServiceBadge
from lambdadesk.ui.environment.view_model import EnvironmentViewModel

RESET_EXPLAINED = ("Reset deletes what was deployed in the emulator (functions, APIs, topics, queues, buckets), "
                   "every Redis key and the Lambda containers. Containers lambdadesk did not create are not touched.")

EMPTY_HINT = ("Nothing runs yet. Start creates what this profile says (Redis and the emulator) and waits until each "
              "one answers; then deploy a function in the Deploy tab.")
TICK_MS = 30_000
RESET_CUTS_OFF = "Reset takes away what it works on: it will fail."


def under_way_note(under_way: list[str], then: str) -> str:
    """What a question (Reset, closing) adds when work is under way, and what becomes of it; "" when none is."""
    if not under_way:
        return ""
    return f"\n\nStill under way: {'; '.join(under_way)}. {then}"


class EnvironmentPanel(QWidget):
    def __init__(self, view_model: EnvironmentViewModel, profiles: ProfileViewModel | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vm = view_model
        self.profiles = profiles or ProfileViewModel(view_model, self)
        self.picker = ProfilePicker(self.profiles)
        self.heading = QLabel()
        self.badge_box = QHBoxLayout()  # the services as cards, side by side
        self.badges: dict[str, ServiceBadge] = {}
        self.start_button = QPushButton("Start")
        set_icon(self.start_button, "start")
        self.stop_button = QPushButton("Stop")
        set_icon(self.stop_button, "stop")
        self.reset_button = QPushButton("Reset…")
        set_icon(self.reset_button, "reset")
        self.copy_button = QPushButton("Copy env")
        self.cancel_button = QPushButton("Cancel")
        set_icon(self.cancel_button, "cancel")
        self.cancel_button.setToolTip("Stop waiting for the start, stop or reset under way")
        self.cancel_button.setVisible(False)
        set_icon(self.copy_button, "copy")
        self.start_button.setShortcut(QKeySequence("Ctrl+Shift+U"))
        self.stop_button.setShortcut(QKeySequence("Ctrl+Shift+D"))
        self.reset_button.setShortcut(QKeySequence("Ctrl+Shift+R"))
        for button, tip in ((self.start_button, "Create and start what is missing, then wait until ready"),
                            (self.stop_button, "Stop and remove the environment's containers"),
                            (self.reset_button, RESET_EXPLAINED),
                            (self.copy_button, "Copy export lines (endpoint, region, dummy keys, Redis URL)")):
            button.setToolTip(f"{tip} ({button.shortcut().toString()})" if button.shortcut() else tip)
        self._start_tip = self.start_button.toolTip()
        self.attached_note = hint_label("")  # where Stop and Reset would be, for a profile that attaches
        self.message = MessageLabel()
        self.engine_message = MessageLabel()  # no engine: what is wrong and what to do, until there is one
        self.empty = hint_label(EMPTY_HINT)
        self.empty.setVisible(False)  # until the states are known
        self.confirm: QMessageBox | None = None
        self._busy = False
        self._engine: EngineState | None = None  # None until the first answer
        self.under_way: Callable[[], list[str]] = list  # what the other tabs are doing (the window sets it)
        self._states: dict[str, str] = {}
        self._containers: dict[str, str] = {}  # container name -> service, as last read

        buttons = QHBoxLayout()
        for button in (self.start_button, self.stop_button, self.reset_button, self.copy_button, self.cancel_button):
            buttons.addWidget(button)
        buttons.addWidget(self.attached_note, 3)
        buttons.addStretch(1)
        self._show_profile(view_model.profile)
        layout = QVBoxLayout(self)
        layout.addWidget(self.picker)
        layout.addWidget(self.picker.token_state)
        layout.addWidget(self.heading)
        layout.addLayout(self.badge_box)
        layout.addLayout(buttons)
        layout.addWidget(self.empty)
        layout.addWidget(self.engine_message)
        layout.addWidget(self.message)
        layout.addStretch(1)

        self.start_button.clicked.connect(self._on_start_clicked)
        self.stop_button.clicked.connect(self._on_stop_clicked)
        self.reset_button.clicked.connect(self.ask_reset)
        self.copy_button.clicked.connect(self._on_copy_clicked)
        self.cancel_button.clicked.connect(view_model.cancel_requested)
        view_model.service_changed.connect(self._on_vm_service_changed)
        view_model.rows_read.connect(self._on_vm_rows_read)
        view_model.last_lines_read.connect(self._on_vm_last_lines_read)
        self._ticker = QTimer(self)  # the cards' "up 5 min", said again; nothing is asked of Docker
        self._ticker.setInterval(TICK_MS)
        self._ticker.timeout.connect(self._on_ticker_timeout)
        self._ticker.start()
        view_model.pull_progressed.connect(self._on_vm_pull_progressed)
        view_model.busy_changed.connect(self._on_vm_busy_changed)
        view_model.notice_received.connect(self._on_vm_notice_received)
        view_model.error_raised.connect(self._on_vm_error_raised)
        view_model.profile_changed.connect(self._show_profile)
        self.profiles.notice_received.connect(self._on_vm_notice_received)
        self.profiles.error_raised.connect(self._on_vm_error_raised)
        self._update_buttons()

    def _show_profile(self, profile: Profile) -> None:
        attached = profile.attached
        where = "attached" if attached else f"{profile.topology.value} network" + (" · dind" if profile.dind else "")
        self.heading.setText(f"<b>Profile {profile.name}</b> · {profile.emulator.value} · {where}")
        self.start_button.setText("Connect" if attached else "Start")
        self._start_tip = ("Ask the emulator (and Redis) this profile attaches to whether they answer; nothing is "
                           "started" if attached else "Create and start what is missing, then wait until ready")
        self.stop_button.setVisible(attached is None)
        self.reset_button.setVisible(attached is None)
        self.attached_note.setVisible(attached is not None)
        if attached is not None:
            self.attached_note.setText(f"Attached to {attached.where()}, started outside lambdadesk: it is not "
                                       "stopped, reset or restarted from here.")
        self.empty.setText(f"Connect asks {attached.where()} whether it answers; then deploy a function in the Deploy "
                           "tab." if attached else EMPTY_HINT)
        if list(self.badges) == self.vm.services():
            return
        for badge in self.badges.values():
            badge.deleteLater()
        self._states = {}
        self.badges = {service: ServiceBadge(service) for service in self.vm.services()}
        for badge in self.badges.values():
            self.badge_box.addWidget(badge)

    def ask_reset(self) -> None:
        """A short, non-modal confirmation saying what will be removed, and what under way it would cut off."""
        text = RESET_EXPLAINED + under_way_note(self.under_way(), RESET_CUTS_OFF)
        box = QMessageBox(QMessageBox.Icon.Question, "Reset the environment?", text,
                          QMessageBox.StandardButton.Cancel, self)
        self.fast_reset_button = box.addButton("Reset", QMessageBox.ButtonRole.AcceptRole)
        self.full_reset_button = box.addButton("Recreate everything", QMessageBox.ButtonRole.DestructiveRole)
        box.buttonClicked.connect(self._on_confirm_clicked)
        self.confirm = box
        box.open()

    def _on_confirm_clicked(self, button: QPushButton) -> None:
        if button is self.fast_reset_button:
            self.vm.reset_requested(False)
        elif button is self.full_reset_button:
            self.vm.reset_requested(True)
        self.confirm = None

    def _on_start_clicked(self) -> None:
        self.message.clear()
        self.vm.start_requested()

    def _on_stop_clicked(self) -> None:
        self.message.clear()
        self.vm.stop_requested()

    def _on_copy_clicked(self) -> None:
        QGuiApplication.clipboard().setText(self.vm.shell_exports())
        self.message.say("Copied: paste into your shell to use the environment from there.", error=False)

    def show_engine(self, state: EngineState) -> None:
        """Start is possible only with an engine; without one the panel says why and what to do."""
        self._engine = state
        if state.reachable or self.vm.profile.attached is not None:  # an attached profile needs no engine
            self.engine_message.clear()
        else:
            self.engine_message.error(state.text(), state.next_step or "Start the container engine.")
            for badge in self.badges.values():
                badge.show_unknown("no container engine to ask")
        self._update_buttons()

    def _update_buttons(self) -> None:
        # an attached profile needs no engine
        no_engine = self._engine is not None and not self._engine.reachable and self.vm.profile.attached is None
        something = any(state not in (ServiceState.ABSENT.value, UNKNOWN) for state in self._states.values())
        self.start_button.setEnabled(not self._busy and not no_engine)
        self.start_button.setToolTip("No container engine: start one first (lambdadesk notices it by itself)"
                                     if no_engine else self._start_tip)
        for button in (self.stop_button, self.reset_button):
            button.setEnabled(not self._busy and not no_engine and something)
        known = bool(self._states) and UNKNOWN not in self._states.values()
        self.empty.setVisible(known and not something and not self._busy and not no_engine)

    def _on_vm_service_changed(self, service: str, state: str, detail: str) -> None:
        if service in self.badges:
            self.badges[service].show_state(state, detail)
        self._states[service] = state
        self._update_buttons()

    def _on_vm_rows_read(self, rows: list[ServiceStatus]) -> None:
        self._containers = {row.container: row.service for row in rows}
        for row in rows:
            if row.service in self.badges:
                self.badges[row.service].show_row(row)

    def _on_vm_last_lines_read(self, lines: dict[str, str]) -> None:
        for container, line in lines.items():
            service = self._containers.get(container)
            if service in self.badges:
                self.badges[service].show_last_line(line)

    def _on_ticker_timeout(self) -> None:
        for badge in self.badges.values():
            badge.tick()

    def _on_vm_pull_progressed(self, service: str, percent: int) -> None:
        if service in self.badges:
            self.badges[service].show_progress(percent)

    def _on_vm_busy_changed(self, busy: bool) -> None:
        self._busy = busy
        self._update_buttons()
        self.cancel_button.setVisible(busy)

    def _on_vm_notice_received(self, text: str) -> None:
        self.message.say(text, error=False)

    def _on_vm_error_raised(self, message: str, next_step: str) -> None:
        self.message.error(message, next_step)
