"""The Flows panel: a flow file (recent ones, the shipped seed flow), Run, a live timeline, and for the chosen
step what it sent, what came back and, when an expectation failed, expected beside got."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from lambdadesk.ui.common.icons import set_icon
from lambdadesk.ui.common.widgets import mono_viewer, row_table, split
from lambdadesk.ui.flows.step_details import step_details
from lambdadesk.ui.flows.view_model import FlowsViewModel

if TYPE_CHECKING:  # types only: the services behind them load when first used, not at app start
    from lambdadesk.flows.flow_result import StepResult

_PASS, _FAIL, _SKIP = "#2e7d32", "#c62828", "#757575"


class FlowsPanel(QWidget):
    def __init__(self, view_model: FlowsViewModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vm = view_model
        self.intro = QLabel("A flow file says what to deploy and which requests, messages and Redis values to "
                            "expect (see the README). The seed flow ships as a sample: API Gateway → Lambda → "
                            "Redis + SNS, checked end to end.")
        self.intro.setWordWrap(True)
        self.files = QComboBox()
        self.files.setMinimumContentsLength(14)
        self.files.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.open_button = QPushButton("Open…")
        self.variables = QLineEdit()
        self.variables.setPlaceholderText("variables: runtime=python3.11")
        self.variables.setMinimumWidth(120)
        self.variables.setToolTip("NAME=VALUE pairs, separated by spaces; they win over the file's vars:")
        self.run_button = QPushButton("Run")
        set_icon(self.run_button, "run")
        self.run_button.setShortcut(QKeySequence("Ctrl+Return"))
        self.run_button.setToolTip("Starts the environment if needed (Ctrl+Return)")
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setEnabled(False)
        self.cancel_button.setToolTip("Stop the run (what the emulator already started may finish there)")
        self.rerun = QCheckBox("Re-run on save")
        self.rerun.setToolTip("Run the flow again each time the file changes: edit it in your editor, watch here")
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        self.verdict.setTextFormat(Qt.TextFormat.PlainText)
        self.verdict.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.timeline = row_table(["Step", "Result", "Seconds", "Detail"])
        self.timeline.setWordWrap(True)
        header = self.timeline.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.details = mono_viewer("Click a step to see what it sent and what came back.")

        bar = QHBoxLayout()
        bar.addWidget(QLabel("Flow file"))
        bar.addWidget(self.files, 1)
        bar.addWidget(self.open_button)
        bar.addWidget(self.variables)
        bar.addWidget(self.run_button)
        bar.addWidget(self.cancel_button)
        bar.addWidget(self.rerun)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(bar)
        layout.addWidget(self.verdict)
        layout.addWidget(split(self.timeline, self.details, orientation=Qt.Orientation.Vertical), 1)

        self._show_files([str(p) for p in view_model.files()])
        self.files.activated.connect(self._on_file_activated)
        self.open_button.clicked.connect(self._on_open_clicked)
        self.run_button.clicked.connect(self._on_run_clicked)
        self.cancel_button.clicked.connect(view_model.cancel)
        self.rerun.toggled.connect(view_model.set_rerun_on_save)
        self.timeline.currentCellChanged.connect(self._on_step_chosen)
        view_model.files_changed.connect(self._show_files)
        view_model.run_started.connect(self._on_vm_run_started)
        view_model.step_finished.connect(self._on_vm_step_finished)
        view_model.run_finished.connect(self._on_vm_run_finished)
        view_model.busy_changed.connect(self._on_vm_busy_changed)
        view_model.error_raised.connect(self._on_vm_error_raised)
        view_model.cancelled.connect(self._on_vm_cancelled)

    def _show_files(self, paths: list[str]) -> None:
        self.files.blockSignals(True)
        self.files.clear()
        for path in paths:
            self.files.addItem(f"{Path(path).name} — {Path(path).parent}", path)
            self.files.setItemData(self.files.count() - 1, path, Qt.ItemDataRole.ToolTipRole)
        chosen = str(self.vm.chosen) if self.vm.chosen is not None else ""
        self.files.setCurrentIndex(max(0, self.files.findData(chosen)))
        self.files.blockSignals(False)

    def _on_file_activated(self, index: int) -> None:
        self.vm.choose_requested(str(self.files.itemData(index)))

    def _on_open_clicked(self) -> None:
        start = str(self.vm.chosen.parent) if self.vm.chosen is not None else ""
        path, _ = QFileDialog.getOpenFileName(self, "Open a flow file", start, "Flow files (*.yaml *.yml);;All (*)")
        if path:
            self.vm.choose_requested(path)

    def _on_run_clicked(self) -> None:
        self.vm.variables = self.variables.text()
        self.vm.run_requested()

    def _on_vm_run_started(self, name: str) -> None:
        self.timeline.setRowCount(0)
        self.details.clear()
        self._say(f"Running {name}…", None)

    def _on_vm_step_finished(self, step: StepResult) -> None:
        row = self.timeline.rowCount()
        self.timeline.insertRow(row)
        text, colour = ("not run", _SKIP) if step.skipped else (("pass", _PASS) if step.ok else ("FAIL", _FAIL))
        result = QTableWidgetItem(text)
        result.setForeground(QColor(colour))
        for column, item in enumerate((QTableWidgetItem(step.name), result, QTableWidgetItem(f"{step.seconds:.2f}"),
                                       QTableWidgetItem(step.detail))):
            item.setToolTip(step.detail)
            self.timeline.setItem(row, column, item)
        if not step.ok and not step.skipped:  # the failure is what the user wants to see
            self.timeline.setCurrentCell(row, 0)
        self.timeline.scrollToBottom()

    def _on_step_chosen(self, row: int, *_: int) -> None:
        if 0 <= row < len(self.vm.results):
            self.details.setPlainText(step_details(self.vm.results[row]))

    def _on_vm_run_finished(self, passed: bool, seconds: float) -> None:
        self._say(f"{'PASS' if passed else 'FAIL'} in {seconds:.1f} s", _PASS if passed else _FAIL)

    def _on_vm_busy_changed(self, busy: bool) -> None:
        self.run_button.setEnabled(not busy)
        self.cancel_button.setEnabled(busy)
        self.files.setEnabled(not busy)
        self.open_button.setEnabled(not busy)

    def _on_vm_cancelled(self, _what: str) -> None:
        self._say("Cancelled; the steps above ran.", _SKIP)

    def _on_vm_error_raised(self, message: str, next_step: str) -> None:
        self._say(f"{message} {next_step}", _FAIL)

    def _say(self, text: str, colour: str | None) -> None:
        self.verdict.setText(text)
        self.verdict.setStyleSheet(f"QLabel {{ color: {colour}; font-weight: bold; }}" if colour else "")
