"""The Deploy panel: a zip or a source folder (picked or dropped), its settings and variables; Deploy; the watch
toggle (a folder: hot reload on every save); the state the function reached, what is broken in its code, each
reload; the functions deployed in the emulator."""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from lambdadesk.ui.common.icons import set_icon
from lambdadesk.ui.common.key_value_table import KeyValueTable
from lambdadesk.ui.common.message_label import MessageLabel
from lambdadesk.ui.common.widgets import hint_label, spin
from lambdadesk.ui.deploy.debug_box import DebugBox
from lambdadesk.ui.deploy.debug_view_model import DebugViewModel
from lambdadesk.ui.deploy.view_model import RUNTIMES, DeployForm, DeployViewModel

if TYPE_CHECKING:  # types only: the services behind them load when first used, not at app start
    from lambdadesk.deploy.function_list import FunctionSummary
    from lambdadesk.deploy.source_reload import Reload


class DeployPanel(QWidget):
    def __init__(self, view_model: DeployViewModel, debug: DebugViewModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vm = view_model
        self.setAcceptDrops(True)
        self.zip_path = QLineEdit()
        self.zip_path.setPlaceholderText("the Lambda zip or its source folder: Browse…, Folder…, or drop it here")
        self.browse_button = QPushButton("Browse…")
        self.browse_button.setToolTip("A deployment zip")
        self.folder_button = QPushButton("Folder…")
        self.folder_button.setToolTip("A source folder: Python with its requirements.txt, or Go (built into "
                                      "bootstrap); with the watch on, every save reloads the code")
        self.sample_button = QPushButton("Use the sample")
        self.sample_button.setToolTip("The seed flow's function: stores the body in Redis, publishes its id to SNS")
        self.name = QLineEdit()
        self.runtime = QComboBox()
        self.runtime.setEditable(True)
        self.runtime.addItems(RUNTIMES)
        self.handler = QLineEdit("lambda_function.lambda_handler")
        self.memory = spin(128, 10240, 256, " MB")
        self.timeout = spin(1, 900, 30, " s")
        self.environment = KeyValueTable("Variable", "Value")
        self.environment.setToolTip("Your own variables; they win over the addresses lambdadesk injects")
        self.wire = QCheckBox("Wire a REST API to it")
        self.wire.setToolTip("A REST API whose every path and method reaches the function ({proxy+})")
        self.wire.setChecked(True)
        self.watch = QCheckBox("Redeploy on every change")
        self.watch.setToolTip("A zip: deployed again whenever it changes. A source folder: every save reloads only "
                              "the code, and what is broken is named by file and line.")
        self.deploy_button = QPushButton("Deploy")
        set_icon(self.deploy_button, "deploy")
        self.deploy_button.setShortcut(QKeySequence("Ctrl+Return"))
        self.deploy_button.setToolTip("Create or update the function and wait until it is Active (Ctrl+Return)")
        self.cancel_button = QPushButton("Cancel")
        set_icon(self.cancel_button, "cancel")
        self.cancel_button.setVisible(False)
        self.state = QLabel()
        self.state.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.state.setWordWrap(True)
        self.message = MessageLabel()
        self.functions = QTableWidget(0, 5)
        self.functions.setHorizontalHeaderLabels(["Function", "Runtime", "State", "Memory", "Modified"])
        header = self.functions.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)  # the table fits: no sideways scroll
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.functions.setWordWrap(False)
        self.functions.verticalHeader().setVisible(False)
        self.functions.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.functions.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.refresh_button = QPushButton("Refresh")
        set_icon(self.refresh_button, "refresh")
        self.debug = DebugBox(debug, self.form)
        self.empty = hint_label("Nothing deployed yet. Deploy a zip or a source folder with the form (or Use the "
                                "sample): each function in the emulator appears here.")
        self.empty.setVisible(False)  # until the emulator has been asked
        self._summaries: list[FunctionSummary] = []
        self._deployed = ""  # what the last deploy reached, kept above each reload's line
        self._layout()

        self.browse_button.clicked.connect(self._on_browse_clicked)
        self.folder_button.clicked.connect(self._on_folder_clicked)
        self.sample_button.clicked.connect(self.vm.sample_requested)
        self.deploy_button.clicked.connect(self._on_deploy_clicked)
        self.cancel_button.clicked.connect(self.vm.cancel)
        self.watch.toggled.connect(self._on_watch_toggled)
        self.refresh_button.clicked.connect(self.vm.refresh_requested)
        self.functions.cellDoubleClicked.connect(self._on_function_double_clicked)
        view_model.deploy_started.connect(self._on_vm_deploy_started)
        view_model.deployed.connect(self._on_vm_deployed)
        view_model.functions_listed.connect(self._on_vm_functions_listed)
        view_model.form_suggested.connect(self.show_form)
        view_model.watch_changed.connect(self._on_vm_watch_changed)
        view_model.problems_found.connect(self._on_vm_problems_found)
        view_model.reloaded.connect(self._on_vm_reloaded)
        view_model.replaced.connect(self._on_vm_replaced)
        view_model.busy_changed.connect(self._on_vm_busy_changed)
        view_model.error_raised.connect(self._on_vm_error_raised)
        view_model.cancelled.connect(self._on_vm_cancelled)

    def _layout(self) -> None:
        picker = QHBoxLayout()
        for widget in (self.zip_path, self.browse_button, self.folder_button, self.sample_button):
            picker.addWidget(widget)
        form = QFormLayout()
        form.addRow("Code", picker)
        form.addRow("Name", self.name)
        form.addRow("Runtime", self.runtime)
        form.addRow("Handler", self.handler)
        form.addRow("Memory", self.memory)
        form.addRow("Timeout", self.timeout)
        form.addRow("Variables", self.environment)
        form.addRow("", self.wire)
        form.addRow("", self.watch)
        actions = QHBoxLayout()
        actions.addWidget(self.deploy_button)
        actions.addWidget(self.cancel_button)
        actions.addStretch(1)
        left = QWidget()
        column = QVBoxLayout(left)
        column.addLayout(form)
        column.addLayout(actions)
        column.addWidget(self.state)
        column.addWidget(self.message)
        column.addWidget(self.debug)
        column.addStretch(1)
        right = QWidget()
        listing = QVBoxLayout(right)
        heading = QHBoxLayout()
        title = QLabel("<b>Deployed functions</b>")
        title.setToolTip("Double-click one to load its settings into the form")
        heading.addWidget(title, 1)
        heading.addWidget(self.refresh_button)
        listing.addLayout(heading)
        listing.addWidget(self.empty)
        listing.addWidget(self.functions, 1)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        QVBoxLayout(self).addWidget(splitter)

    def form(self) -> DeployForm:
        return DeployForm(self.zip_path.text().strip(), self.name.text().strip(), self.runtime.currentText().strip(),
                          self.handler.text().strip(), self.memory.value(), self.timeout.value(),
                          self.environment.pairs(), self.wire.isChecked())

    def show_form(self, form: DeployForm) -> None:
        self.zip_path.setText(form.zip_path)
        self.name.setText(form.name)
        self.runtime.setCurrentText(form.runtime)
        self.handler.setText(form.handler)
        self.memory.setValue(form.memory_mb)
        self.timeout.setValue(form.timeout_s)
        self.environment.set_pairs(form.environment)
        self.wire.setChecked(form.wire)

    def choose_zip(self, path: str) -> None:
        """A zip or a source folder; the function is named after it unless it has a name."""
        self.zip_path.setText(path)
        if not self.name.text().strip():
            self.name.setText(Path(path).stem)
        self.message.clear()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt's name
        if _dropped_zip(event) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt's name
        path = _dropped_zip(event)
        if path is not None:
            self.choose_zip(path)
            event.acceptProposedAction()

    def _on_browse_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "The Lambda zip", self.zip_path.text(), "Zip files (*.zip)")
        if path:
            self.choose_zip(path)

    def _on_folder_clicked(self) -> None:
        path = QFileDialog.getExistingDirectory(self, "The function's source folder", self.zip_path.text())
        if path:
            self.choose_zip(path)

    def _on_deploy_clicked(self) -> None:
        self.message.clear()
        self.vm.deploy_requested(self.form())

    def _on_watch_toggled(self, enabled: bool) -> None:
        self.vm.watch_requested(enabled, self.form())

    def _on_function_double_clicked(self, row: int, _column: int) -> None:
        summary = self._summaries[row]
        self.name.setText(summary.name)
        self.runtime.setCurrentText(summary.runtime)
        self.handler.setText(summary.handler)
        self.memory.setValue(summary.memory_mb)
        self.timeout.setValue(summary.timeout_s)

    def _on_vm_deploy_started(self, name: str) -> None:
        self.state.setText(f"Deploying {name}: Pending…")

    def _on_vm_deployed(self, name: str, state: str, seconds: float, url: str, changed: str, note: str) -> None:
        wired = f"<br>Invoke URL: <code>{html.escape(url)}</code>" if url else ""
        what = {"": "created", "nothing": "unchanged: nothing deployed"}.get(changed, f"{changed} updated")
        self._deployed = f"<b>{html.escape(name)}</b> is <b>{state}</b> ({what}, {seconds:.1f} s){wired}"
        self.state.setText(self._deployed)
        if note:
            self.message.say(note, error=False)

    def _on_vm_replaced(self, _name: str, said: str, url: str) -> None:
        wired = f"<br>Invoke URL: <code>{html.escape(url)}</code>" if url else ""
        self._deployed = f"{html.escape(said)}{wired}"
        self.state.setText(self._deployed)

    def _on_vm_functions_listed(self, summaries: list[FunctionSummary]) -> None:
        self._summaries = summaries
        self.empty.setVisible(not summaries)
        self.functions.setRowCount(len(summaries))
        for row, summary in enumerate(summaries):
            for column, text in enumerate((summary.name, summary.runtime, summary.state, f"{summary.memory_mb} MB",
                                           summary.last_modified[:16].replace("T", " "))):
                self.functions.setItem(row, column, QTableWidgetItem(text))

    def _on_vm_problems_found(self, problems: list[str]) -> None:
        if problems:
            self.message.error("Deployed, but the code is broken: " + "; ".join(problems),
                               "Fix it at that file and line and deploy again (or save, with the watch on).")

    def _on_vm_reloaded(self, reload: Reload) -> None:
        mark = "" if reload.ok and not reload.problems else " <b>(see below)</b>"
        self.state.setText(f"{self._deployed}<br>{html.escape(reload.headline())}{mark}")
        if reload.ok and not reload.problems:
            self.message.clear()
        else:
            self.message.error(reload.text(), "Fix it at the file and line named and save again.")

    def _on_vm_watch_changed(self, watching: bool, path: str) -> None:
        if watching and Path(path).is_dir():
            self.message.say(f"Watching {path}: every save reloads the function's code.", error=False)
        elif watching:
            self.message.say(f"Watching {path}: every change is deployed.", error=False)
        if self.watch.isChecked() != watching:
            self.watch.blockSignals(True)
            self.watch.setChecked(watching)
            self.watch.blockSignals(False)

    def _on_vm_busy_changed(self, busy: bool) -> None:
        self.deploy_button.setEnabled(not busy)
        self.cancel_button.setVisible(busy)

    def _on_vm_cancelled(self, what: str) -> None:
        self.state.setText("Not deployed (cancelled).")
        self.message.say(f"Stopped waiting to {what}. The emulator may still finish it; Refresh shows where it got.",
                         error=False)

    def _on_vm_error_raised(self, message: str, next_step: str) -> None:
        if self.state.text().endswith("Pending…"):
            self.state.setText("Not deployed.")
        self.message.error(message, next_step)


def _dropped_zip(event: QDragEnterEvent | QDropEvent) -> str | None:
    """One dropped zip or folder."""
    urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
    paths = [url.toLocalFile() for url in urls if url.isLocalFile()]
    if len(paths) != 1:
        return None
    return paths[0] if paths[0].lower().endswith(".zip") or Path(paths[0]).is_dir() else None
