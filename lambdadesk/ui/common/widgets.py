"""The small widgets every panel builds the same way: a read-only table of rows, a read-only monospace viewer,
a spin box with its unit, the sentence an empty view shows, two views side by side."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase, QPalette
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QSpinBox, QSplitter, QTableWidget, QWidget


def row_table(columns: list[str]) -> QTableWidget:
    """A table the user picks whole rows of, one at a time, and never edits."""
    table = QTableWidget(0, len(columns))
    table.setHorizontalHeaderLabels(columns)
    table.setWordWrap(False)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
    return table


def mono_viewer(placeholder: str = "") -> QPlainTextEdit:
    """Read-only text in the system's fixed-width font (JSON, logs, details)."""
    viewer = QPlainTextEdit()
    viewer.setReadOnly(True)
    viewer.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
    viewer.setPlaceholderText(placeholder)
    return viewer


def spin(low: int, high: int, value: int, suffix: str = "") -> QSpinBox:
    box = QSpinBox()
    box.setRange(low, high)
    box.setValue(value)
    box.setSuffix(suffix)
    return box


def hint_label(text: str) -> QLabel:
    """What an empty view says: what will appear there and the action that brings it, in the placeholder colour."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


def split(first: QWidget, second: QWidget, stretch: tuple[int, int] = (3, 2),
          orientation: Qt.Orientation = Qt.Orientation.Horizontal) -> QSplitter:
    """Two views the user can resize against each other (a list and what is chosen in it), sharing extra room as
    `stretch` says."""
    splitter = QSplitter(orientation)
    for index, widget in enumerate((first, second)):
        splitter.addWidget(widget)
        splitter.setStretchFactor(index, stretch[index])
    return splitter
