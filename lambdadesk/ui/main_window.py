"""The main window: tabs of panels; closing it asks whether to stop the environment, then shuts down in order."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QMainWindow, QMessageBox, QTabWidget

from lambdadesk.core.events import ServiceState
from lambdadesk.paths import config_dir
from lambdadesk.ui.demo_panel import DemoPanel
from lambdadesk.ui.demo_vm import DemoViewModel
from lambdadesk.ui.environment_panel import EnvironmentPanel
from lambdadesk.ui.environment_vm import EnvironmentViewModel
from lambdadesk.ui.logs_panel import LogsPanel
from lambdadesk.ui.logs_vm import LogsViewModel


class MainWindow(QMainWindow):
    shutdown_requested = Signal(bool)  # True: stop the environment first

    def __init__(self, environment: EnvironmentViewModel, logs: LogsViewModel, demo: DemoViewModel) -> None:
        super().__init__()
        self.setWindowTitle(f"lambdadesk — {environment.profile.name}")
        self.environment = environment
        self.tabs = QTabWidget()
        self.environment_panel = EnvironmentPanel(environment)
        self.tabs.addTab(self.environment_panel, "Environment")
        self.logs = logs
        self.logs_panel = LogsPanel(logs)
        self.logs_panel.debug.setChecked(environment.profile.debug)
        self.logs_panel.debug.toggled.connect(environment.debug_requested)
        self.tabs.addTab(self.logs_panel, "Logs")
        self.demo_panel = DemoPanel(demo)
        self.tabs.addTab(self.demo_panel, "Demo")
        self.setCentralWidget(self.tabs)
        self.statusBar().showMessage("Ready")
        environment.busy_changed.connect(self._on_environment_busy_changed)
        # beside the profiles, so LAMBDADESK_CONFIG_DIR (and the tests) move it too
        self._settings = QSettings(str(config_dir() / "window.ini"), QSettings.Format.IniFormat)
        geometry = self._settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(900, 560)
        self._closing = False
        self.close_question: QMessageBox | None = None

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        """The first close asks (non-modally) whether to stop the environment; shutdown then closes for real."""
        if self._closing:
            event.accept()
            return
        event.ignore()
        running = any(state is not ServiceState.ABSENT for state in self.environment.states.values())
        if not running:
            self._finish(stop_environment=False)
            return
        box = QMessageBox(QMessageBox.Icon.Question, "Stop the environment?",
                          "The environment is running. Stop it as you leave, or keep it running for your tools?",
                          QMessageBox.StandardButton.Cancel, self)
        stop = box.addButton("Stop it", QMessageBox.ButtonRole.AcceptRole)
        keep = box.addButton("Keep it running", QMessageBox.ButtonRole.RejectRole)
        box.buttonClicked.connect(lambda button: self._finish(button is stop) if button in (stop, keep) else None)
        self.close_question = box
        box.open()

    def _finish(self, stop_environment: bool) -> None:
        self._settings.setValue("window/geometry", self.saveGeometry())
        self._closing = True
        self.shutdown_requested.emit(stop_environment)

    def _on_environment_busy_changed(self, busy: bool) -> None:
        self.statusBar().showMessage("Working…" if busy else "Ready")
