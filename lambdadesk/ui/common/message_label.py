"""A framed message next to what caused it: an error (what went wrong, then the next step) or a notice."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

ERROR_COLOUR = "#c62828"


class MessageLabel(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setVisible(False)

    def error(self, message: str, next_step: str) -> None:
        self.say(f"<b>{escape(message)}</b><br>Next step: {escape(next_step)}", error=True, rich=True)

    def say(self, text: str, error: bool, rich: bool = False) -> None:
        colour = ERROR_COLOUR if error else "palette(text)"
        self.setStyleSheet(f"QLabel {{ color: {colour}; border: 1px solid {colour}; border-radius: 4px; "
                           "padding: 6px; }")
        self.setTextFormat(Qt.TextFormat.RichText)  # escaped text is HTML: as plain text "->" would read "-&gt;"
        self.setText(text if rich else escape(text))
        self.setVisible(True)

    def clear(self) -> None:
        super().clear()
        self.setVisible(False)


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br>")
