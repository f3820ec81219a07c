"""The Capture table's rows: captured SNS messages, each beside its Redis value, as a Qt model. Messages arrive in
batches (one insert for a burst, not one per message), and the window keeps the newest KEPT of them: thousands of
rows stay cheap because a view asks only for the cells it shows."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from lambdadesk.capture.pairing import CapturedMessage

__all__ = ["COLUMNS", "KEPT", "CapturedMessagesModel", "one_line"]

COLUMNS = ("Time", "Topic", "Message", "Redis value")
KEPT = 10_000  # rows the window keeps; older ones leave the table (the count of them is said)
_MISSING = "#c62828"
_Index = QModelIndex | QPersistentModelIndex


class CapturedMessagesModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[CapturedMessage] = []
        self.dropped = 0  # messages that left the table to keep it at KEPT rows

    def extend(self, batch: Sequence[CapturedMessage]) -> None:
        """Adds a batch at the end; the oldest rows go when there are more than KEPT."""
        if not batch:
            return
        kept = batch[-KEPT:]
        self.dropped += len(batch) - len(kept)
        batch = kept
        overflow = len(self.rows) + len(batch) - KEPT
        if overflow > 0:
            self.beginRemoveRows(QModelIndex(), 0, overflow - 1)
            del self.rows[:overflow]
            self.endRemoveRows()
            self.dropped += overflow
        start = len(self.rows)
        self.beginInsertRows(QModelIndex(), start, start + len(batch) - 1)
        self.rows.extend(batch)
        self.endInsertRows()

    def clear(self) -> None:
        self.beginResetModel()
        self.rows.clear()
        self.dropped = 0
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt's own names
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        captured = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(index.row(), index.column())
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 3 and captured.redis is None:
            return QColor(_MISSING)
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 2:
            return captured.message.message[:500]
        return None

    def text(self, row: int, column: int) -> str:
        """What the cell at row, column shows."""
        captured = self.rows[row]
        message = captured.message
        if column == 0:
            return message.received_at.astimezone().strftime("%H:%M:%S")
        if column == 1:
            return message.topic_arn.rsplit(":", 1)[-1]
        if column == 2:
            return message.message[:120]
        if captured.redis is None:
            return "(no matching key)"
        return f"{captured.redis.key} = {one_line(captured.redis.text)}"


def one_line(text: str, limit: int = 200) -> str:
    """A value as one line for a table cell: whitespace (pretty JSON's too) collapsed."""
    flat = " ".join(text[: limit * 4].split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
