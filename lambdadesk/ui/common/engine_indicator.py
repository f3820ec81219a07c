"""The status bar's engine part, always visible (Docker Desktop's footer is the model): which engine, its
version, or that there is none and why."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QLabel, QWidget

from lambdadesk.core.engine import EngineState

OK_COLOUR, DOWN_COLOUR = "#2e7d32", "#c62828"


class EngineIndicator(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setText("Looking for the container engine…")

    def show_state(self, state: EngineState) -> None:
        colour = OK_COLOUR if state.reachable else DOWN_COLOUR
        said = state.product if state.reachable else "No container engine"
        self.setText(f"<span style='color:{colour}'>●</span> {escape(said)}")
        self.setToolTip(state.text() + ("" if state.reachable else f"\nNext step: {state.next_step}"))
