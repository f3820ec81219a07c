"""The Demo panel: run the seed flow with one click and watch its timeline fill in."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QColor, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from lambdadesk.ui.common.icons import set_icon
from lambdadesk.ui.flows.view_model import RUNTIMES, DemoViewModel

if TYPE_CHECKING:  # types only: the services behind them load when first used, not at app start
    from lambdadesk.flows.flow_result import StepResult

_PASS, _FAIL = "#2e7d32", "#c62828"


class DemoPanel(QWidget):
    def __init__(self, view_model: DemoViewModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vm = view_model
        self.intro = QLabel("The seed flow: API Gateway → Lambda → Redis + SNS, checked end to end. The function "
                            "stores the request body in Redis under the request id and publishes the id to SNS; "
                            "lambdadesk captures the notification and reads Redis at that key.")
        self.intro.setWordWrap(True)
        self.runtime = QComboBox()
        self.runtime.addItems(RUNTIMES)
        self.runtime.setToolTip("provided.al2023 runs the Go sample (built with the local Go toolchain)")
        self.run_button = QPushButton("Run the seed flow")
        set_icon(self.run_button, "run")
        self.run_button.setShortcut(QKeySequence("Ctrl+Return"))
        self.run_button.setToolTip("Starts the environment if needed (Ctrl+Return)")
        self.verdict = QLabel()
        self.timeline = QTableWidget(0, 4)
        self.timeline.setHorizontalHeaderLabels(["Step", "Result", "Seconds", "Detail"])
        header = self.timeline.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.timeline.verticalHeader().setVisible(False)
        self.timeline.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)

        bar = QHBoxLayout()
        bar.addWidget(QLabel("Runtime"))
        bar.addWidget(self.runtime)
        bar.addWidget(self.run_button)
        bar.addWidget(self.verdict, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(bar)
        layout.addWidget(self.timeline, 1)

        self.run_button.clicked.connect(self._on_run_clicked)
        view_model.run_started.connect(self._on_vm_run_started)
        view_model.step_finished.connect(self._on_vm_step_finished)
        view_model.run_finished.connect(self._on_vm_run_finished)
        view_model.busy_changed.connect(self._on_vm_busy_changed)
        view_model.error_raised.connect(self._on_vm_error_raised)

    def _on_run_clicked(self) -> None:
        self.vm.run_requested(self.runtime.currentText())

    def _on_vm_run_started(self, runtime: str) -> None:
        self.timeline.setRowCount(0)
        self._say(f"Running on {runtime}…", None)

    def _on_vm_step_finished(self, step: StepResult) -> None:
        row = self.timeline.rowCount()
        self.timeline.insertRow(row)
        result = QTableWidgetItem("pass" if step.ok else ("not run" if step.skipped else "FAIL"))
        result.setForeground(QColor(_PASS if step.ok else _FAIL))
        for column, item in enumerate((QTableWidgetItem(step.name), result, QTableWidgetItem(f"{step.seconds:.2f}"),
                                       QTableWidgetItem(step.detail))):
            item.setToolTip(step.detail)
            self.timeline.setItem(row, column, item)
        self.timeline.scrollToBottom()

    def _on_vm_run_finished(self, passed: bool, seconds: float) -> None:
        self._say(f"{'PASS' if passed else 'FAIL'} in {seconds:.1f} s", _PASS if passed else _FAIL)

    def _on_vm_busy_changed(self, busy: bool) -> None:
        self.run_button.setEnabled(not busy)
        self.runtime.setEnabled(not busy)

    def _on_vm_error_raised(self, message: str, next_step: str) -> None:
        self._say(f"{message} {next_step}", _FAIL)

    def _say(self, text: str, colour: str | None) -> None:
        self.verdict.setText(text)
        self.verdict.setStyleSheet(f"QLabel {{ color: {colour}; font-weight: bold; }}" if colour else "")
