"""The bundled SVG icons (lambdadesk/assets/icons), drawn in the palette's text colour so that they read on
light and dark themes alike, and drawn again when the palette changes (the system switched theme)."""

from __future__ import annotations

from importlib.resources import files

from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPalette, QPixmap
from PySide6.QtWidgets import QAbstractButton, QWidget

_PLACEHOLDER = "#000000"  # the colour the SVG files are drawn in
_PROPERTY = "lambdadesk_icon"


def icon(name: str, colour: QColor | None = None) -> QIcon:
    """Raises FileNotFoundError for a name that has no SVG (a bug, caught by the tests)."""
    text = (files("lambdadesk.assets") / "icons" / f"{name}.svg").read_text(encoding="utf-8")
    colour = colour or QGuiApplication.palette().color(QPalette.ColorRole.ButtonText)
    pixmap = QPixmap()
    pixmap.loadFromData(text.replace(_PLACEHOLDER, colour.name()).encode(), "SVG")
    return QIcon(pixmap)


def app_icon() -> QIcon:
    """The app's own icon, in its colours (the window's title bar and task bar; installers use resources/icons)."""
    return QIcon(str(files("lambdadesk.assets") / "icons" / "lambdadesk.svg"))


def set_icon(button: QAbstractButton, name: str) -> None:
    button.setProperty(_PROPERTY, name)
    button.setIcon(icon(name))


def redraw_icons(root: QWidget) -> None:
    """After a palette change: every button given an icon by set_icon gets it in the new colour."""
    for button in root.findChildren(QAbstractButton):
        name = button.property(_PROPERTY)
        if isinstance(name, str):
            button.setIcon(icon(name))
