"""One log tab: bounded, coloured by level, filterable, follow or pause."""

from __future__ import annotations

import re
from collections import deque

from PySide6.QtGui import (
    QColor,
    QFont,
    QShowEvent,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from lambdadesk.core.events import LogLine
from lambdadesk.ui.logs.source_names import short_source

KEPT_LINES = 20_000  # per tab, in memory and on screen
DRAWN_PER_BATCH = 400  # a flood beyond this (8,000 lines/s at 50 ms batches: more than anyone reads) is drawn by
# its newest lines, so the window never stalls (each drawing stays short); every line is still kept (a filter draws
# them from what is kept)
_LEVELS = [(re.compile(r"\b(ERROR|CRITICAL|FATAL|Traceback)\b"), "#c62828"),
           (re.compile(r"\b(WARN|WARNING)\b"), "#ef6c00"),
           (re.compile(r"\bDEBUG\b"), "#757575")]


class LevelHighlighter(QSyntaxHighlighter):
    """Colours each line by its log level when it is drawn (no per-line markup, so appends stay cheap)."""

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self._formats = []
        for pattern, colour in _LEVELS:
            text_format = QTextCharFormat()
            text_format.setForeground(QColor(colour))
            self._formats.append((pattern, text_format))

    def highlightBlock(self, text: str) -> None:  # noqa: N802 - Qt's name
        for pattern, text_format in self._formats:
            if pattern.search(text):
                self.setFormat(0, len(text), text_format)
                return


class LogView(QPlainTextEdit):
    def __init__(self, show_source: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.show_source = show_source  # the "all" tab says which container each line came from
        self.setReadOnly(True)
        self.setMaximumBlockCount(KEPT_LINES)
        self.setFont(QFont("monospace"))
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.highlighter = LevelHighlighter(self.document())
        self.lines: deque[LogLine] = deque(maxlen=KEPT_LINES)
        self.filter_text = ""
        self.paused = False
        self._held: list[LogLine] = []

    def add(self, batch: list[LogLine]) -> None:
        """Keep the lines; draw them now if this tab is on screen and following, else when it is shown."""
        self.lines.extend(batch)
        if self.paused or not self.isVisible():
            self._held.extend(batch)
            del self._held[:-KEPT_LINES]
            return
        self._show(batch, DRAWN_PER_BATCH)

    @property
    def held_lines(self) -> int:
        """Lines waiting to be drawn (the tab is hidden or paused); never more than KEPT_LINES."""
        return len(self._held)

    def set_paused(self, paused: bool) -> None:
        self.paused = paused
        self._show_held()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        self._show_held()  # lines that arrived while another tab was in front
        super().showEvent(event)

    def _show_held(self) -> None:
        if not self.paused and self._held:
            held, self._held = self._held, []
            self._show(held)

    def set_filter(self, text: str) -> None:
        self.filter_text = text
        self.clear()
        self._show(list(self.lines))

    def clear_lines(self) -> None:
        self.lines.clear()
        self._held.clear()
        self.clear()

    def _show(self, batch: list[LogLine], most: int = KEPT_LINES) -> None:
        """Draw `batch` (at most its newest `most` lines, saying how many were left undrawn)."""
        wanted = [line for line in batch if self.filter_text.lower() in line.text.lower()] if self.filter_text \
            else batch
        if not wanted:
            return
        rendered = [_render(line, self.show_source) for line in wanted[-most:]]
        if len(wanted) > most and most < KEPT_LINES:
            rendered.insert(0, f"… {len(wanted) - most:,} lines arrived too fast to draw; all are kept: "
                               "type in the filter to see them")
        self.appendPlainText("\n".join(rendered))  # a block per line
        # follow the newest line without scrolling sideways: the cursor goes to the start of the last line
        cursor = self.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.movePosition(QTextCursor.MoveOperation.StartOfBlock)
        self.setTextCursor(cursor)
        self.ensureCursorVisible()


def _render(line: LogLine, show_source: bool) -> str:
    source = f"{short_source(line.source)} | " if show_source else ""
    return f"{line.timestamp[11:23]} {source}{line.text}" if line.timestamp else f"{source}{line.text}"
