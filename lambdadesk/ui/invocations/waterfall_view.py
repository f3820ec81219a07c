"""A trace drawn as a waterfall, like a browser's network tab: one row per hop (the call, init, run, each SNS
message, each Redis write), its name and length on the left, its bar on the call's time axis; the detail of a
row is its tooltip."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QColor, QHelpEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from lambdadesk.core.trace import Span

ROW = 22
LABEL_SHARE = 0.45
COLOURS = {"call": "#546e7a", "init": "#f9a825", "run": "#1e88e5", "sns": "#8e24aa", "redis": "#c62828"}


class WaterfallView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[tuple[Span, int]] = []  # (span, depth)
        self._root: Span | None = None
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

    def show_trace(self, root: Span | None) -> None:
        self._root = root
        self.rows = [] if root is None else [(root, 0)] + [(child, 1) for child in root.children]
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(400, max(1, len(self.rows)) * ROW + 24)

    def bar_rect(self, row: int) -> QRect:
        """Where row `row`'s bar is drawn (at least 2 px wide, so an instant shows)."""
        assert self._root is not None
        span = self.rows[row][0]
        left = int(self.width() * LABEL_SHARE)
        axis = max(1, self.width() - left - 8)
        total = max(self._root.end - self._root.start, 1e-6)
        x = left + int((span.start - self._root.start) / total * axis)
        width = max(2, int((span.end - span.start) / total * axis))
        return QRect(x, row * ROW + 4, min(width, left + axis - x + 2), ROW - 8)

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        text = self.palette().color(QPalette.ColorRole.Text)
        if self._root is None:
            painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "Choose an invocation to see its trace.")
            return
        left = int(self.width() * LABEL_SHARE)
        for row, (span, depth) in enumerate(self.rows):
            painter.setPen(text)
            label = f"{'   ' * depth}{span.name}"
            length = f"{span.ms:.1f} ms"
            room = painter.fontMetrics().horizontalAdvance("00000.0 ms") + 8
            elided = painter.fontMetrics().elidedText(label, Qt.TextElideMode.ElideRight, left - room - 4)
            painter.drawText(QRect(4, row * ROW, left - room - 4, ROW), Qt.AlignmentFlag.AlignVCenter, elided)
            painter.drawText(QRect(left - room, row * ROW, room - 6, ROW),
                             Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, length)
            painter.fillRect(self.bar_rect(row), QColor(COLOURS.get(span.kind, "#757575")))
        painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
        painter.drawText(QRect(left, len(self.rows) * ROW, self.width() - left - 8, 20), Qt.AlignmentFlag.AlignRight,
                         f"{self._root.ms:.0f} ms in all")

    def row_at(self, point: QPoint) -> int:
        row = point.y() // ROW
        return row if 0 <= row < len(self.rows) else -1

    def event(self, event: object) -> bool:
        if isinstance(event, QHelpEvent):
            row = self.row_at(event.pos())
            if row >= 0:
                span = self.rows[row][0]
                QToolTip.showText(event.globalPos(), f"{span.name}\n{span.detail}".strip(), self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)  # type: ignore[arg-type]
