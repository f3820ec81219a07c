"""One service's card in the Environment panel: its name and a coloured state, pull progress, where it answers
and what runs it (or what it waits for), its container and since when it runs, and its last log line."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase, QFontMetrics, QPalette, QResizeEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QProgressBar, QVBoxLayout, QWidget

from lambdadesk.core.events import ServiceState, ServiceStatus

# colours readable on light and dark palettes alike (white text on a saturated background)
_COLOURS = {
    ServiceState.READY: "#2e7d32",
    ServiceState.STARTING: "#1565c0",
    ServiceState.CREATING: "#1565c0",
    ServiceState.PULLING: "#6a1b9a",
    ServiceState.UNHEALTHY: "#ef6c00",
    ServiceState.FAILED: "#c62828",
    ServiceState.STOPPING: "#616161",
    ServiceState.STOPPED: "#616161",
    ServiceState.ABSENT: "#9e9e9e",
}


UNKNOWN = "unknown"


class ServiceBadge(QFrame):
    def __init__(self, service: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.name = QLabel(f"<b>{service}</b>")
        self.name.setMinimumWidth(70)
        self.state = QLabel()
        self.state.setMinimumWidth(90)
        self.state.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(160)
        self.progress.setVisible(False)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.facts = QLabel()  # the container, and since when it runs
        self.facts.setWordWrap(True)
        self.facts.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.last_line = QLabel()  # one line, cut to the card's width; the whole line on hover
        self.last_line.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.last_line.setTextFormat(Qt.TextFormat.PlainText)
        self._line = ""
        self._started_at: datetime | None = None
        self._container = ""
        top = QHBoxLayout()
        for widget in (self.name, self.state, self.progress):
            top.addWidget(widget)
        top.addStretch(1)
        column = QVBoxLayout(self)
        column.addLayout(top)
        column.addWidget(self.detail)
        column.addWidget(self.facts)
        column.addWidget(self.last_line)
        column.addStretch(1)
        self.show_unknown("")

    def show_unknown(self, why: str) -> None:
        """Before the state was read, or while there is no engine to read it from: never a guessed 'absent'."""
        self.show_state(UNKNOWN, why)

    def show_state(self, state: str, detail: str) -> None:
        colour = _COLOURS.get(ServiceState(state), "#9e9e9e") if state != UNKNOWN else "#bdbdbd"
        self.state.setText(state)
        self.state.setStyleSheet(f"QLabel {{ background: {colour}; color: white; border-radius: 8px; "
                                 "padding: 2px 10px; font-weight: bold; }")
        self.progress.setVisible(state == ServiceState.PULLING.value)
        self.detail.setText(detail)
        if state in (UNKNOWN, ServiceState.ABSENT.value):
            self.show_row(None)
            self.show_last_line("")

    def show_progress(self, percent: int) -> None:
        self.progress.setVisible(True)
        self.progress.setValue(percent)

    def show_row(self, row: ServiceStatus | None) -> None:
        """The container as just read (None: there is none)."""
        self._container = row.container if row is not None and row.state is not ServiceState.ABSENT else ""
        self._started_at = row.started_at if row is not None else None
        self.tick()

    def show_last_line(self, line: str) -> None:
        self._line = line
        self.last_line.setToolTip(line)
        self._draw_line()

    def tick(self) -> None:
        """Since when it runs, said again (the panel calls this now and then; nothing is asked of Docker)."""
        parts = [self._container] if self._container else []
        if self._started_at is not None:
            parts.append(f"up {_uptime((datetime.now(UTC) - self._started_at).total_seconds())}")
        self.facts.setText(" · ".join(parts))
        self.facts.setVisible(bool(parts))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._draw_line()

    def _draw_line(self) -> None:
        width = max(self.last_line.width(), 40)
        self.last_line.setText(QFontMetrics(self.last_line.font()).elidedText(
            self._line, Qt.TextElideMode.ElideRight, width))
        self.last_line.setVisible(bool(self._line))


def _uptime(seconds: float) -> str:
    if seconds < 60:
        return f"{max(int(seconds), 0)} s"
    if seconds < 3600:
        return f"{int(seconds // 60)} min"
    if seconds < 86400:
        return f"{int(seconds // 3600)} h {int(seconds % 3600 // 60)} min"
    return f"{int(seconds // 86400)} d {int(seconds % 86400 // 3600)} h"
