"""Runs the app's real main() and prints "shown" the moment its main window is first shown (or, with
LAMBDADESK_PROBE_EVENT=paint, first painted: under a real X server that is the first frame drawn), then exits.
P6 times this script from its start: interpreter, imports, QApplication, profile, window."""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QMainWindow

WAIT_FOR = os.environ.get("LAMBDADESK_PROBE_EVENT", "show")  # "show", or "paint": the first frame drawn


class FirstShow(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if WAIT_FOR == "show" and event.type() == QEvent.Type.Show and isinstance(watched, QMainWindow):
            print("shown", flush=True)
            os._exit(0)
        if WAIT_FOR == "paint" and event.type() == QEvent.Type.Paint and isinstance(watched, QMainWindow):
            # the main window's own paint comes once its native window is mapped and exposed on the X server
            print("shown painted", flush=True)
            os._exit(0)
        return False


app = QApplication(sys.argv)
first_show = FirstShow()
app.installEventFilter(first_show)

from lambdadesk.ui.app import main  # noqa: E402  (its import is part of the start being measured)

main()
