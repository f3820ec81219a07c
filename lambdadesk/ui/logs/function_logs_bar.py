"""The Logs tab's row for a function's CloudWatch Logs: which function (deployed ones offered, any name typed),
optionally one request id, and Show; each view opens as a tab of its own that closes with its ✕."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from lambdadesk.ui.common.icons import set_icon
from lambdadesk.ui.logs.function_logs_view_model import FunctionLogsViewModel


class FunctionLogsBar(QWidget):
    def __init__(self, view_model: FunctionLogsViewModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vm = view_model
        self.function = QComboBox()
        self.function.setEditable(True)
        self.function.setMinimumContentsLength(16)
        self.function.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        typed = self.function.lineEdit()
        if typed is not None:
            typed.setPlaceholderText("function")
        self.function.setToolTip("A deployed function, or type its name")
        self.request_id = QLineEdit()
        self.request_id.setPlaceholderText("request id (optional)")
        self.request_id.setClearButtonEnabled(True)
        self.request_id.setToolTip("Only that request's lines, START to REPORT (from the Invocations or Requests tab)")
        self.show_button = QPushButton("Show")
        set_icon(self.show_button, "logs")
        self.show_button.setToolTip("The function's log events in the emulator's CloudWatch Logs, followed as they "
                                    "come, in a tab of their own")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel("Function logs:"))
        row.addWidget(self.function, 1)
        row.addWidget(self.request_id, 1)
        row.addWidget(self.show_button)
        self.show_button.clicked.connect(self._on_show_clicked)
        self.request_id.returnPressed.connect(self._on_show_clicked)
        view_model.functions_listed.connect(self._on_vm_functions_listed)

    def _on_show_clicked(self) -> None:
        self.vm.open_requested(self.function.currentText(), self.request_id.text())

    def _on_vm_functions_listed(self, names: list[str]) -> None:
        typed = self.function.currentText()
        self.function.clear()
        self.function.addItems(names)
        self.function.setCurrentText(typed or (names[0] if names else ""))
