"""A "Copy as" button whose menu names the forms a call can be copied in (curl, a Python script, the aws CLI,
a boto3 script); choosing one asks for that form."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu, QToolButton, QWidget

from lambdadesk.ui.common.icons import set_icon

COPY_KINDS = {"curl": "curl", "python": "Python script", "aws": "aws CLI", "boto3": "boto3 script"}


def copy_as_button(what: str, kinds: list[str], on_chosen: Callable[[str], object],
                   parent: QWidget | None = None) -> QToolButton:
    """`kinds`: the forms offered, in order (keys of COPY_KINDS); `on_chosen(kind)` when one is picked."""
    button = QToolButton(parent)
    button.setText("Copy as")
    set_icon(button, "copy")
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
    button.setToolTip(f"Copy {what} as a command that does the same, to run outside lambdadesk")
    menu = QMenu(button)
    for kind in kinds:
        action = menu.addAction(COPY_KINDS[kind])
        action.setData(kind)
        action.triggered.connect(lambda _checked=False, kind=kind: on_chosen(kind))
    button.setMenu(menu)
    return button


def offer(button: QToolButton, kinds: tuple[str, ...]) -> None:
    """Only `kinds` can be chosen (the others are greyed); the button itself only when one can."""
    for action in button.menu().actions():
        action.setEnabled(action.data() in kinds)
    button.setEnabled(bool(kinds))
