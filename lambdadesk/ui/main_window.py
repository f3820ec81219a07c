"""The main window: tabs of panels; closing it asks whether to stop the environment, then shuts down in order."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSettings, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QMainWindow, QMessageBox, QTabWidget

from lambdadesk.adapters.store.paths import config_dir
from lambdadesk.core.engine import EngineState
from lambdadesk.core.events import ServiceState
from lambdadesk.core.profile import Profile
from lambdadesk.ui.capture.panel import CapturePanel
from lambdadesk.ui.common.engine_indicator import EngineIndicator
from lambdadesk.ui.common.icons import app_icon, icon, redraw_icons
from lambdadesk.ui.deploy.panel import DeployPanel
from lambdadesk.ui.environment.panel import EnvironmentPanel, under_way_note
from lambdadesk.ui.flows.panel import FlowsPanel
from lambdadesk.ui.invocations.panel import InvocationsPanel
from lambdadesk.ui.logs.panel import DEBUG_ATTACHED, DEBUG_TIP, LogsPanel
from lambdadesk.ui.requests.panel import RequestsPanel
from lambdadesk.ui.resources.panel import ResourcesPanel
from lambdadesk.ui.view_models import ViewModels

TAB_ICONS = {"Environment": "environment", "Deploy": "deploy", "Requests": "send", "Invocations": "invocations",
             "Capture": "subscribe", "Logs": "logs", "Flows": "flows", "Resources": "resources"}
CLOSING_WAITS = "The window waits for it to end before it closes (up to 30 s)."


class MainWindow(QMainWindow):
    shutdown_requested = Signal(bool)  # True: stop the environment first

    def __init__(self, view_models: ViewModels) -> None:
        super().__init__()
        environment = view_models.environment
        self.setWindowTitle(f"lambdadesk — {environment.profile.name}")
        self.view_models = view_models
        self.environment = environment
        self.logs = view_models.logs
        self.environment_panel = EnvironmentPanel(environment, view_models.profile)
        self.environment_panel.under_way = view_models.under_way
        self.deploy_panel = DeployPanel(view_models.deploy, view_models.debug)
        self.requests_panel = RequestsPanel(view_models.requests)
        self.invocations_panel = InvocationsPanel(view_models.invocations, view_models.invoke)
        self.capture_panel = CapturePanel(view_models.capture)
        self.logs_panel = LogsPanel(view_models.logs, view_models.function_logs)
        self.logs_panel.debug.setChecked(environment.profile.debug)
        self.logs_panel.debug.toggled.connect(environment.debug_requested)
        self.flows_panel = FlowsPanel(view_models.flows)
        self.resources_panel = ResourcesPanel(view_models.resources)
        self.tabs = QTabWidget()
        for number, (panel, title) in enumerate(((self.environment_panel, "Environment"), (self.deploy_panel, "Deploy"),
                                                 (self.requests_panel, "Requests"),
                                                 (self.invocations_panel, "Invocations"),
                                                 (self.capture_panel, "Capture"), (self.logs_panel, "Logs"),
                                                 (self.flows_panel, "Flows"), (self.resources_panel, "Resources")),
                                                start=1):
            self.tabs.addTab(panel, icon(TAB_ICONS[title]), title)
            self.tabs.setTabToolTip(number - 1, f"Alt+{number}")
            QShortcut(QKeySequence(f"Alt+{number}"), self, lambda shown=panel: self.tabs.setCurrentWidget(shown))
        self.tabs.currentChanged.connect(self._on_tab_changed)
        self.setCentralWidget(self.tabs)
        self.setWindowIcon(app_icon())
        self.engine_indicator = EngineIndicator()
        self.statusBar().addPermanentWidget(self.engine_indicator)
        view_models.engine.changed.connect(self.engine_indicator.show_state)
        view_models.engine.changed.connect(self.environment_panel.show_engine)
        view_models.engine.changed.connect(self._on_engine_changed)
        environment.busy_changed.connect(self._on_environment_busy_changed)
        self._settings = window_settings()
        geometry = self._settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1100, 700)
        environment.profile_changed.connect(self._on_profile_changed)
        self._on_profile_changed(environment.profile)
        self._closing = False
        self.close_question: QMessageBox | None = None

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        """The system switched between light and dark: icons are drawn again in the new text colour."""
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            redraw_icons(self)
            for index in range(self.tabs.count()):
                self.tabs.setTabIcon(index, icon(TAB_ICONS[self.tabs.tabText(index)]))
        super().changeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        """The first close asks (non-modally) whether to stop the environment; shutdown then closes for real."""
        if self._closing:
            event.accept()
            return
        event.ignore()
        running = any(state is not ServiceState.ABSENT for state in self.environment.states.values())
        under_way = self.view_models.under_way()
        if not running and not under_way:
            self._finish(stop_environment=False)
            return
        choices: dict[object, bool] = {}  # each button: whether it stops the environment
        if running:
            box = QMessageBox(QMessageBox.Icon.Question, "Stop the environment?",
                              "The environment is running. Stop it as you leave, or keep it running for your tools?"
                              + under_way_note(under_way, CLOSING_WAITS), QMessageBox.StandardButton.Cancel, self)
            choices[box.addButton("Stop it", QMessageBox.ButtonRole.AcceptRole)] = True
            choices[box.addButton("Keep it running", QMessageBox.ButtonRole.RejectRole)] = False
        else:
            box = QMessageBox(QMessageBox.Icon.Question, "Close lambdadesk?",
                              under_way_note(under_way, CLOSING_WAITS).strip(), QMessageBox.StandardButton.Cancel, self)
            choices[box.addButton("Close", QMessageBox.ButtonRole.AcceptRole)] = False
        box.buttonClicked.connect(lambda button: self._finish(choices[button]) if button in choices else None)
        self.close_question = box
        box.open()

    def quit_keeping_environment(self) -> None:
        """Close without asking, the environment left running: Ctrl+C in the terminal, or SIGTERM (logout)."""
        if self._closing:
            return
        if self.close_question is not None:
            self.close_question.close()
        self._finish(stop_environment=False)

    def _finish(self, stop_environment: bool) -> None:
        self._settings.setValue("window/geometry", self.saveGeometry())
        self._closing = True
        self.shutdown_requested.emit(stop_environment)

    def show_closing(self, what: str) -> None:
        """While shutting down: the window stays, says what it waits for, and takes no more work."""
        self.tabs.setEnabled(False)
        self.statusBar().showMessage(f"Closing: {what}…")

    def _on_profile_changed(self, profile: Profile) -> None:
        self.setWindowTitle(f"lambdadesk — {profile.name}")
        self._settings.setValue("profile/last", profile.name)
        self.engine_indicator.set_needed(profile.attached is None)
        if profile.attached is not None:  # its states come from the services themselves, not from an engine
            self.environment.refresh_requested()
        self.logs_panel.debug.setEnabled(profile.attached is None)
        self.logs_panel.debug.setToolTip(DEBUG_ATTACHED if profile.attached else DEBUG_TIP)

    def _on_tab_changed(self, _index: int) -> None:
        """A panel that lists what the emulator holds refreshes when it is shown (if the emulator is up)."""
        ready = self.environment.states.get("emulator") is ServiceState.READY
        shown = self.tabs.currentWidget()
        if shown is self.requests_panel:
            self.view_models.requests.lists_requested()
            if ready:
                self.view_models.requests.routes_requested()
        elif shown is self.deploy_panel and ready:
            self.view_models.deploy.refresh_requested()
        elif shown is self.invocations_panel:
            self.view_models.invocations.refresh_requested()
            if ready:
                self.view_models.invoke.refresh_requested()
        elif shown is self.resources_panel and ready:
            self.view_models.resources.refresh_requested()
        elif shown is self.logs_panel:
            if not self.logs.following:
                self.logs.follow_requested()  # the logs are what the tab is for: no Follow click needed
            if ready:
                self.view_models.function_logs.functions_requested()

    def _on_engine_changed(self, state: EngineState) -> None:
        """An engine that answers (at start, or back after it was gone): the real state is read, and followed."""
        if state.reachable:
            self.environment.refresh_requested()

    def _on_environment_busy_changed(self, busy: bool) -> None:
        if self._closing:
            return
        if busy:
            self.statusBar().showMessage(f"{self.environment.doing}…")
        else:
            self.statusBar().clearMessage()  # the badges and the engine part say how things stand


def window_settings() -> QSettings:
    """Beside the profiles, so LAMBDADESK_CONFIG_DIR (and the tests) move it too."""
    return QSettings(str(config_dir() / "window.ini"), QSettings.Format.IniFormat)


def last_profile_name() -> str | None:
    name = window_settings().value("profile/last")
    return name if isinstance(name, str) and name else None
