"""One service's line in the Environment panel: name, a coloured state, pull progress, and what it waits for."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QWidget

from lambdadesk.core.events import ServiceState

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


class ServiceBadge(QWidget):
    def __init__(self, service: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = QLabel(service)
        self.name.setMinimumWidth(80)
        self.state = QLabel()
        self.state.setMinimumWidth(90)
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(160)
        self.progress.setVisible(False)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 2)
        for widget in (self.name, self.state, self.progress):
            layout.addWidget(widget)
        layout.addWidget(self.detail, 1)
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

    def show_progress(self, percent: int) -> None:
        self.progress.setVisible(True)
        self.progress.setValue(percent)
