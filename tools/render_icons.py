"""Renders the app icon (lambdadesk/assets/icons/lambdadesk.svg) into the PNG sizes installers want, in the
freedesktop icon theme layout under resources/icons/hicolor/. Run it after changing the SVG; a test compares
every PNG with a fresh render, so they cannot drift apart.

usage: QT_QPA_PLATFORM=offscreen python tools/render_icons.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

from lambdadesk import APP_ID

SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ROOT = Path(__file__).resolve().parent.parent
SVG = ROOT / "lambdadesk" / "assets" / "icons" / "lambdadesk.svg"
THEME = ROOT / "resources" / "icons" / "hicolor"


def png_path(size: int) -> Path:
    return THEME / f"{size}x{size}" / "apps" / f"{APP_ID}.png"


def render(size: int) -> QImage:
    """The SVG drawn at size by size on a transparent background (a QGuiApplication must exist)."""
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    QSvgRenderer(str(SVG)).render(painter)
    painter.end()
    return image


def main() -> int:
    _app = QGuiApplication.instance() or QGuiApplication(sys.argv)
    for size in SIZES:
        path = png_path(size)
        path.parent.mkdir(parents=True, exist_ok=True)
        if not render(size).save(str(path), b"PNG"):
            print(f"could not write {path}", file=sys.stderr)
            return 1
        print(path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
