"""Runs the app's real main() and prints "shown" the moment its main window is first shown, then exits.
P6 times this script from its start: interpreter, imports, QApplication, profile, window."""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QMainWindow


class FirstShow(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Show and isinstance(watched, QMainWindow):
            print("shown", flush=True)
            os._exit(0)
        return False


app = QApplication(sys.argv)
first_show = FirstShow()
app.installEventFilter(first_show)

from lambdadesk.ui.app import main  # noqa: E402  (its import is part of the start being measured)

main()
