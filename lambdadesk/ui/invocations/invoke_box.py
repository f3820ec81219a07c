"""The Invocations tab's Invoke box: a deployed function, an event (typed, from a service's template filled in for
the function, or saved earlier), Invoke; what came back in one line (the whole invocation, kept, is chosen in the
list below it); Save the event under a name."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from lambdadesk.core.event_templates import TEMPLATES
from lambdadesk.ui.common.copy_as_button import COPY_KINDS, copy_as_button
from lambdadesk.ui.common.icons import set_icon
from lambdadesk.ui.common.json_highlighter import JsonHighlighter
from lambdadesk.ui.common.message_label import MessageLabel
from lambdadesk.ui.common.widgets import mono_viewer
from lambdadesk.ui.invocations.invoke_view_model import SAVED, TEMPLATE, InvokeViewModel

if TYPE_CHECKING:
    from lambdadesk.deploy.function_invoker import InvokeResult

IDLE = "Invoke a deployed function directly with an event; the invocation is kept in the list below."
CHOOSE = "Start from…"


class InvokeBox(QGroupBox):
    def __init__(self, view_model: InvokeViewModel, parent: QWidget | None = None) -> None:
        super().__init__("Invoke", parent)
        self.vm = view_model
        self.function = QComboBox()
        self.function.setMinimumContentsLength(14)
        self.function.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.function.setPlaceholderText("no function deployed")
        self.start_from = QComboBox()
        self.start_from.setMinimumContentsLength(14)
        self.start_from.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.start_from.setToolTip("An event as a service sends it, filled in for the function; or one you saved")
        self.payload = mono_viewer()
        self.payload.setReadOnly(False)
        self.payload.setPlainText("{}")
        self.payload.setMaximumHeight(90)
        self._highlighter = JsonHighlighter(self.payload.document())
        self.invoke_button = QPushButton("Invoke")
        set_icon(self.invoke_button, "send")
        self.copy_button = copy_as_button("this invoke", ["aws", "boto3"], lambda kind: self.vm.copy_as_requested(
            kind, self.function.currentText(), self.payload.toPlainText()))
        self.save_name = QLineEdit()
        self.save_name.setPlaceholderText("name")
        self.save_name.setMaximumWidth(160)
        self.save_button = QPushButton("Save event")
        self.status = QLabel(IDLE)
        self.status.setWordWrap(True)
        self.message = MessageLabel()
        self.list_payloads([])
        self._layout()

        self.start_from.activated.connect(self._on_start_from)
        self.invoke_button.clicked.connect(self._on_invoke_clicked)
        self.save_button.clicked.connect(
            lambda: self.vm.save_requested(self.save_name.text(), self.payload.toPlainText()))
        view_model.functions_listed.connect(self._on_vm_functions_listed)
        view_model.payloads_listed.connect(self.list_payloads)
        view_model.event_filled.connect(self.payload.setPlainText)
        view_model.invoked.connect(self._on_vm_invoked)
        view_model.saved.connect(lambda name: self.message.say(f"Saved the event as {name!r}.", error=False))
        view_model.copied.connect(self._on_vm_copied)
        view_model.busy_changed.connect(lambda busy: self.invoke_button.setEnabled(not busy))
        view_model.error_raised.connect(self.message.error)

    def _layout(self) -> None:
        bar = QHBoxLayout()
        for widget in (QLabel("Function"), self.function, self.start_from, self.invoke_button, self.copy_button):
            bar.addWidget(widget)
        bar.addStretch(1)
        below = QHBoxLayout()
        below.addWidget(self.status, 1)
        below.addWidget(self.save_name)
        below.addWidget(self.save_button)
        column = QVBoxLayout(self)
        column.addLayout(bar)
        column.addWidget(self.payload)
        column.addLayout(below)
        column.addWidget(self.message)

    def list_payloads(self, names: list[str]) -> None:
        self.start_from.clear()
        self.start_from.addItem(CHOOSE, None)
        for name, what in TEMPLATES.items():
            self.start_from.addItem(f"{what}", (TEMPLATE, name))
        for name in names:
            self.start_from.addItem(f"Saved: {name}", (SAVED, name))

    def _on_start_from(self, index: int) -> None:
        choice = self.start_from.itemData(index)
        self.start_from.setCurrentIndex(0)  # a menu of starting points, not a setting
        if choice:
            self.message.clear()
            self.vm.fill_requested(choice[0], choice[1], self.function.currentText())

    def _on_invoke_clicked(self) -> None:
        self.message.clear()
        self.vm.invoke_requested(self.function.currentText(), self.payload.toPlainText())

    def _on_vm_functions_listed(self, names: list[str]) -> None:
        current = self.function.currentText()
        self.function.clear()
        self.function.addItems(names)
        self.function.setCurrentIndex(names.index(current) if current in names else 0 if names else -1)

    def _on_vm_copied(self, text: str, kind: str) -> None:
        QGuiApplication.clipboard().setText(text)
        self.message.say(f"Copied as {COPY_KINDS[kind]}: run it outside lambdadesk to make the same invoke.",
                         error=False)

    def _on_vm_invoked(self, function: str, result: InvokeResult) -> None:
        outcome = result.function_error or "OK"
        start = "cold" if result.cold else "warm"
        self.status.setText(f"{function}: {result.status} {outcome} in {result.seconds * 1000:.0f} ms ({start}) — "
                            f"{_short(result.payload)}")


def _short(text: str, limit: int = 200) -> str:
    return text if len(text) <= limit else text[:limit] + "…"
