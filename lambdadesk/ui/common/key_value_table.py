"""An editable two-column table of names and values (environment variables), with Add and Remove."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)


class KeyValueTable(QWidget):
    def __init__(self, key_title: str, value_title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels([key_title, value_title])
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.setMinimumHeight(90)
        self.add_button = QPushButton("Add")
        self.remove_button = QPushButton("Remove")
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self.add_button.clicked.connect(lambda: self.add_row())
        self.remove_button.clicked.connect(self._on_remove_clicked)

    def add_row(self, key: str = "", value: str = "") -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        name = QTableWidgetItem(key)
        self.table.setItem(row, 0, name)
        self.table.setItem(row, 1, QTableWidgetItem(value))
        if not key:
            self.table.editItem(name)

    def pairs(self) -> dict[str, str]:
        """Rows with a name; a later row with the same name wins."""
        found = {}
        for row in range(self.table.rowCount()):
            key, value = (self.table.item(row, column) for column in (0, 1))
            if key is not None and key.text().strip():
                found[key.text().strip()] = value.text() if value is not None else ""
        return found

    def set_pairs(self, pairs: dict[str, str]) -> None:
        self.table.setRowCount(0)
        for key, value in pairs.items():
            self.add_row(key, value)

    def _on_remove_clicked(self) -> None:
        rows = sorted({index.row() for index in self.table.selectedIndexes()}, reverse=True)
        for row in rows or [self.table.rowCount() - 1]:
            if row >= 0:
                self.table.removeRow(row)
