"""The status bar's engine part, always visible (Docker Desktop's footer is the model): which engine, its
version, or that there is none and why."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QLabel, QWidget

from lambdadesk.core.engine import EngineState

OK_COLOUR, DOWN_COLOUR, UNNEEDED_COLOUR = "#2e7d32", "#c62828", "#9e9e9e"


class EngineIndicator(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setText("Looking for the container engine…")
        self._state: EngineState | None = None
        self._needed = True

    def show_state(self, state: EngineState) -> None:
        self._state = state
        needed = self._needed or state.reachable
        colour = OK_COLOUR if state.reachable else DOWN_COLOUR if needed else UNNEEDED_COLOUR
        said = state.product if state.reachable else "No container engine" + ("" if needed else " (not needed)")
        self.setText(f"<span style='color:{colour}'>●</span> {escape(said)}")
        why = f"\nNext step: {state.next_step}" if needed else \
            "\nThis profile is attached to an emulator started outside lambdadesk: it needs no engine."
        self.setToolTip(state.text() + ("" if state.reachable else why))

    def set_needed(self, needed: bool) -> None:
        """False for a profile that attaches: a missing engine is then said without alarm."""
        self._needed = needed
        if self._state is not None:
            self.show_state(self._state)
