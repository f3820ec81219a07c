"""The Invocations panel: Invoke a function directly (invoke_box.py); every kept invocation of one function (or of
all), newest first, with cold or warm, duration and what it published and wrote; the chosen one in full beside
the list; Replay makes its call again, Copy as puts it on the clipboard as a command (curl or Python for a request,
the aws CLI or boto3 for an invoke)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from lambdadesk.core.invocation import describe
from lambdadesk.core.trace import spans
from lambdadesk.ui.common.copy_as_button import COPY_KINDS, copy_as_button, offer
from lambdadesk.ui.common.icons import set_icon
from lambdadesk.ui.common.message_label import MessageLabel
from lambdadesk.ui.common.widgets import mono_viewer, row_table, split
from lambdadesk.ui.invocations.invoke_box import InvokeBox
from lambdadesk.ui.invocations.invoke_view_model import InvokeViewModel
from lambdadesk.ui.invocations.view_model import ALL, InvocationsViewModel
from lambdadesk.ui.invocations.waterfall_view import WaterfallView

if TYPE_CHECKING:
    from lambdadesk.core.invocation import Invocation

EMPTY = ("No invocations kept yet. Send a request (Requests tab), run a flow or invoke a function: each one is kept "
         "here with its log lines, the SNS messages it published and the Redis writes it made.")
COLUMNS = ["Time", "Function", "Source", "Start", "Duration", "Outcome", "SNS", "Redis"]
SOURCES = {"api": "API Gateway", "invoke": "invoke", "logged": "log only"}


class InvocationsPanel(QWidget):
    def __init__(self, view_model: InvocationsViewModel, invoke: InvokeViewModel,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vm = view_model
        self.invoke_box = InvokeBox(invoke)
        self.function = QComboBox()
        self.function.addItem("All functions", ALL)
        self.refresh_button = QPushButton("Refresh")
        set_icon(self.refresh_button, "refresh")
        self.replay_button = QPushButton("Replay")
        set_icon(self.replay_button, "send")
        self.replay_button.setToolTip("Make the chosen invocation's call again: the same request, or the same event")
        self.replay_button.setEnabled(False)
        self.copy_button = copy_as_button("the chosen invocation's call", ["curl", "python", "aws", "boto3"],
                                          self._on_copy_chosen)
        offer(self.copy_button, ())
        self.status = QLabel(EMPTY)
        self.status.setWordWrap(True)
        self.message = MessageLabel()
        self.table = row_table(COLUMNS)
        header = self.table.horizontalHeader()
        for column in range(len(COLUMNS) - 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.details = mono_viewer("Choose an invocation to see everything kept of it.")
        self.waterfall = WaterfallView()
        self.views = QTabWidget()
        self.views.addTab(self.waterfall, "Trace")
        self.views.addTab(self.details, "Details")
        self.rows: list[Invocation] = []
        self._replayed: Invocation | None = None  # shown and chosen when the list comes back
        self._layout()

        self.refresh_button.clicked.connect(self.vm.refresh_requested)
        self.function.activated.connect(lambda index: self.vm.function_chosen(self.function.itemData(index) or ALL))
        self.replay_button.clicked.connect(self._on_replay_clicked)
        self.table.currentCellChanged.connect(lambda row, *_: self.show_invocation(row))
        view_model.listed.connect(self._on_vm_listed)
        view_model.functions_listed.connect(self._on_vm_functions_listed)
        view_model.replayed.connect(self._on_vm_replayed)
        view_model.copied.connect(self._on_vm_copied)
        view_model.busy_changed.connect(self._on_vm_busy_changed)
        view_model.error_raised.connect(self.message.error)

    def _layout(self) -> None:
        bar = QHBoxLayout()
        bar.addWidget(QLabel("Function"))
        bar.addWidget(self.function, 1)
        bar.addWidget(self.refresh_button)
        bar.addWidget(self.replay_button)
        bar.addWidget(self.copy_button)
        column = QVBoxLayout(self)
        column.addWidget(self.invoke_box)
        column.addLayout(bar)
        column.addWidget(self.status)
        column.addWidget(self.message)
        column.addWidget(split(self.table, self.views), 1)

    def show_invocation(self, row: int) -> None:
        chosen = self.rows[row] if 0 <= row < len(self.rows) else None
        self.details.setPlainText(describe(chosen) if chosen else "")
        self.waterfall.show_trace(spans(chosen) if chosen else None)
        self.replay_button.setEnabled(chosen is not None and chosen.replayable and not self.vm.busy)
        offer(self.copy_button, () if chosen is None else ("curl", "python") if chosen.request is not None
              else ("aws", "boto3") if chosen.replayable else ())
        self.replay_button.setToolTip(
            "Make the chosen invocation's call again: the same request, or the same event" if chosen is None
            or chosen.replayable else "Seen only in the function's log: its event is not known, so it cannot be "
                                      "replayed")

    def _on_replay_clicked(self) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self.rows):
            self.message.clear()
            self.vm.replay_requested(self.rows[row].id)

    def _on_copy_chosen(self, kind: str) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self.rows):
            self.message.clear()
            self.vm.copy_as_requested(self.rows[row].id, kind)

    def _on_vm_copied(self, text: str, kind: str) -> None:
        QGuiApplication.clipboard().setText(text)
        self.message.say(f"Copied as {COPY_KINDS[kind]}: run it outside lambdadesk to make the same call.",
                         error=False)

    def _on_vm_listed(self, kept: list[Invocation]) -> None:
        chosen = self.rows[self.table.currentRow()].id if 0 <= self.table.currentRow() < len(self.rows) else None
        replayed, self._replayed = self._replayed, None
        chosen = replayed.id if replayed else chosen
        self.rows = kept
        self.table.setRowCount(len(kept))
        for row, invocation in enumerate(kept):
            for column, text in enumerate(_cells(invocation)):
                item = QTableWidgetItem(text)
                if column == 5 and invocation.error:
                    item.setForeground(Qt.GlobalColor.red)
                self.table.setItem(row, column, item)
        said = f"Replayed as {replayed.summary().split('  ', 1)[0]}. " if replayed else ""
        self.status.setText(EMPTY if not kept else f"{said}{len(kept)} kept, newest first.")
        again = next((row for row, one in enumerate(kept) if one.id == chosen), None)
        if again is not None:
            self.table.selectRow(again)
        self.show_invocation(self.table.currentRow() if again is not None else -1)

    def _on_vm_functions_listed(self, names: list[str]) -> None:
        current = self.function.currentData() or ALL
        self.function.clear()
        self.function.addItem("All functions", ALL)
        for name in names:
            self.function.addItem(name, name)
        self.function.setCurrentIndex(max(self.function.findData(current), 0))

    def _on_vm_replayed(self, invocation: Invocation) -> None:
        self._replayed = invocation

    def _on_vm_busy_changed(self, busy: bool) -> None:
        self.refresh_button.setEnabled(not busy)
        self.show_invocation(self.table.currentRow())


def _cells(invocation: Invocation) -> list[str]:
    started = datetime.fromtimestamp(invocation.started_at).strftime("%H:%M:%S.%f")[:-3]
    start = {True: "cold", False: "warm", None: "?"}[invocation.cold]
    duration = f"{invocation.duration_ms:.0f} ms" if invocation.duration_ms is not None else "?"
    outcome = invocation.error or (f"HTTP {invocation.status}" if invocation.status is not None else "ok")
    if invocation.maybe:
        outcome += " (which invocation: not known)"
    return [started, invocation.function, SOURCES.get(invocation.source, invocation.source), start, duration,
            outcome, str(len(invocation.messages)), str(len(invocation.redis_writes))]
