"""Guards against Qt binding releases with known defects lambdadesk would hit (see the pin in pyproject.toml)."""

import subprocess
import sys

BOOL_SIGNAL_PROBE = """
import sys
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication
app = QApplication([])
class Emitter(QObject):
    changed = Signal(bool)
received = []
emitter = Emitter()
emitter.changed.connect(received.append)
before = sys.getrefcount(True)
for _ in range(1000):
    emitter.changed.emit(True)
print(len(received), sys.getrefcount(True) - before - len(received))
"""


def test_bool_signals_do_not_release_references_to_true() -> None:
    """PySide6 6.12.0 decrefs True on every emission until the interpreter aborts; a busy window emits many."""
    result = subprocess.run([sys.executable, "-c", BOOL_SIGNAL_PROBE], capture_output=True, text=True, timeout=60,
                            env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"}, check=False)
    assert result.returncode == 0, result.stderr[-500:]
    assert result.stdout.split() == ["1000", "0"]
