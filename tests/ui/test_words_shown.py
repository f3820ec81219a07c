"""Words the window shows are the words meant: a banner's "->" is not "-&gt;", and only JSON is coloured as JSON."""

from __future__ import annotations

from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QPlainTextEdit
from pytestqt.qtbot import QtBot

from lambdadesk.ui.common.json_highlighter import JsonHighlighter
from lambdadesk.ui.common.message_label import MessageLabel


def test_a_banner_shows_its_text_once_escaped(qtbot: QtBot) -> None:
    label = MessageLabel()
    qtbot.addWidget(label)
    label.say("Re-applied what was deployed: API seed -> seed <tag> & more", error=False)
    shown = QTextDocument()
    shown.setHtml(label.text())  # as the label renders it: rich text, since the text was escaped into HTML
    assert shown.toPlainText() == "Re-applied what was deployed: API seed -> seed <tag> & more"
    assert label.textFormat().name == "RichText"


def _coloured(qtbot: QtBot, text: str) -> list[tuple[int, int]]:
    editor = QPlainTextEdit()
    qtbot.addWidget(editor)
    highlighter = JsonHighlighter(editor.document())
    editor.setPlainText(text)
    highlighter.rehighlight()
    block = editor.document().firstBlock()
    return [(r.start, r.length) for r in block.layout().formats() if r.format.foreground().color().name() != "#000000"]


def test_only_json_is_coloured(qtbot: QtBot) -> None:
    assert _coloured(qtbot, "size 30, paid true") == []  # a plain-text body stays plain
    assert (9, 2) in _coloured(qtbot, '{"size": 30}')  # the number of a JSON body is coloured
    assert _coloured(qtbot, '{"size": 3')  # JSON being typed is coloured while incomplete
