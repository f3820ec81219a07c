"""Colours JSON in a text editor: keys, strings, numbers and literals, in tones readable on light and dark. Text
that is not JSON (a plain-text body, "size 30") stays plain."""

from __future__ import annotations

import json
import re

from PySide6.QtGui import QColor, QFont, QSyntaxHighlighter, QTextCharFormat, QTextDocument

_RULES = (  # later rules win where they overlap: a key is a string followed by a colon
    (re.compile(r"(?<![\w.-])-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?(?![\w.-])"), "#1e88e5", False),
    (re.compile(r"\b(?:true|false|null)\b"), "#8e24aa", True),
    (re.compile(r'"(?:[^"\\]|\\.)*"'), "#43a047", False),
    (re.compile(r'"(?:[^"\\]|\\.)*"(?=\s*:)'), "#e65100", True),
)


class JsonHighlighter(QSyntaxHighlighter):
    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self._json_at: tuple[object, bool] = (None, False)  # (which text, whether it is JSON)
        self._formats = []
        for pattern, colour, bold in _RULES:
            text_format = QTextCharFormat()
            text_format.setForeground(QColor(colour))
            if bold:
                text_format.setFontWeight(QFont.Weight.Bold)
            self._formats.append((pattern, text_format))

    def highlightBlock(self, text: str) -> None:  # noqa: N802 - Qt's name
        if len(text) > 20_000 or not self._is_json():
            return  # a huge single line stays plain rather than slow; so does text that is not JSON
        for pattern, text_format in self._formats:
            for match in pattern.finditer(text):
                self.setFormat(match.start(), match.end() - match.start(), text_format)

    def _is_json(self) -> bool:
        """Whether the whole text reads as JSON, worked out once per edit of the document."""
        document = self.document()
        which = (document.revision(), document.characterCount(), document.firstBlock().text()[:200],
                 document.lastBlock().text()[:200])
        if self._json_at[0] != which:
            text = document.toPlainText()
            try:
                json.loads(text)
                answer = True
            except ValueError:
                answer = text.lstrip()[:1] in ("{", "[")  # JSON being typed: still coloured while incomplete
            self._json_at = (which, answer)
        return self._json_at[1]
