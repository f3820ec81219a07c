"""The core and services never import Qt or the UI package, so they run headless (CLI, CI)."""

import pkgutil
import subprocess
import sys

import lambdadesk.core
import lambdadesk.services

FORBIDDEN = ("PySide6", "qasync", "lambdadesk.ui")


def _modules() -> list[str]:
    names = []
    for package in (lambdadesk.core, lambdadesk.services):
        names += [f"{package.__name__}.{m.name}" for m in pkgutil.iter_modules(package.__path__)]
    return [*names, "lambdadesk.cli"]


def test_importing_the_core_loads_no_qt() -> None:
    modules = _modules()
    assert len(modules) > 10
    script = (
        "import sys\n"
        f"for name in {modules!r}: __import__(name)\n"
        f"loaded = [m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r} or m.startswith('lambdadesk.ui')]\n"
        "print(loaded); sys.exit(1 if loaded else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
    assert result.returncode == 0, f"the core loaded Qt: {result.stdout}{result.stderr}"
