"""The Deploy tab's Debug box: the port and how long a request waits, Debug (the form's Python function, made to
wait for a debugger), what to do next and what each wait came to, the VS Code attach configuration with Copy,
and Stop debugging."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from lambdadesk.ui.common.icons import set_icon
from lambdadesk.ui.common.message_label import MessageLabel
from lambdadesk.ui.common.widgets import mono_viewer, spin
from lambdadesk.ui.deploy.debug_view_model import DebugViewModel
from lambdadesk.ui.deploy.view_model import DeployForm

SAID_KEPT = 6
IDLE = ("Debug a Python function: it is deployed as the form says, then waits for a debugger (debugpy) on "
        "127.0.0.1 at its next request. Host topology.")


class DebugBox(QGroupBox):
    def __init__(self, view_model: DebugViewModel, form: Callable[[], DeployForm],
                 parent: QWidget | None = None) -> None:
        super().__init__("Debug", parent)
        self.vm = view_model
        self._form = form
        self.port = spin(1024, 65535, 5678)
        self.wait = spin(5, 900, 60, " s")
        self.wait.setToolTip("How long each request waits for the debugger to attach")
        self.debug_button = QPushButton("Debug")
        set_icon(self.debug_button, "run")
        self.stop_button = QPushButton("Stop debugging")
        set_icon(self.stop_button, "stop")
        self.stop_button.setVisible(False)
        self.status = QLabel(IDLE)
        self.status.setWordWrap(True)
        self.message = MessageLabel()
        self._said: list[str] = []  # what the waits came to, this debugging session's, newest last
        self.configuration = mono_viewer()
        self.configuration.setMaximumHeight(150)
        self.configuration.setVisible(False)
        self.copy_button = QPushButton("Copy")
        set_icon(self.copy_button, "copy")
        self.copy_button.setToolTip("The attach configuration, for VS Code's launch.json (configurations)")
        self.copy_button.setVisible(False)
        bar = QHBoxLayout()
        for widget in (QLabel("Port"), self.port, QLabel("Wait"), self.wait, self.debug_button, self.stop_button):
            bar.addWidget(widget)
        bar.addStretch(1)
        column = QVBoxLayout(self)
        column.addLayout(bar)
        column.addWidget(self.status)
        column.addWidget(self.message)
        column.addWidget(self.configuration)
        column.addWidget(self.copy_button)

        self.debug_button.clicked.connect(self._on_debug_clicked)
        self.stop_button.clicked.connect(self.vm.stop_requested)
        self.copy_button.clicked.connect(
            lambda: QGuiApplication.clipboard().setText(self.configuration.toPlainText()))
        view_model.waiting.connect(self._on_vm_waiting)
        view_model.said.connect(self._on_vm_said)
        view_model.stopped.connect(self._on_vm_stopped)
        view_model.replaced.connect(self._on_vm_replaced)
        view_model.busy_changed.connect(self._on_vm_busy_changed)
        view_model.error_raised.connect(self.message.error)

    def _on_debug_clicked(self) -> None:
        self.message.clear()
        self._said = []
        self.vm.debug_requested(self._form(), self.port.value(), self.wait.value())

    def _on_vm_said(self, text: str) -> None:
        self._said = [*self._said, text][-SAID_KEPT:]
        self.message.say("\n".join(self._said), error=False)

    def _on_vm_waiting(self, text: str, configuration: str) -> None:
        self.status.setText(text)
        self.configuration.setPlainText(configuration)
        for widget in (self.configuration, self.copy_button, self.stop_button):
            widget.setVisible(True)

    def _on_vm_stopped(self, text: str) -> None:
        self.status.setText(f"{text} {IDLE}".strip())
        for widget in (self.configuration, self.copy_button, self.stop_button):
            widget.setVisible(False)

    def _on_vm_replaced(self, text: str) -> None:
        """What was said about the function no longer holds: a reset or restart replaced it."""
        self._said = []
        self.message.clear()
        self._on_vm_stopped(text)

    def _on_vm_busy_changed(self, busy: bool) -> None:
        self.debug_button.setEnabled(not busy)
        self.stop_button.setEnabled(not busy)

