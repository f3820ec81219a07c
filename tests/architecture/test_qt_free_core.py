"""Everything below the window (core, adapters, features, the session, the CLI) imports neither Qt nor the UI
package, so it runs headless (CLI, CI). The import-linter contracts in pyproject.toml say the same statically;
this test proves it at run time, in a fresh interpreter."""

import pkgutil
import subprocess
import sys

import lambdadesk

FORBIDDEN = ("PySide6", "qasync", "lambdadesk.ui")


def _modules() -> list[str]:
    return [m.name for m in pkgutil.walk_packages(lambdadesk.__path__, "lambdadesk.")
            if not m.name.startswith(("lambdadesk.ui", "lambdadesk.samples"))]


def test_importing_everything_below_the_window_loads_no_qt() -> None:
    modules = _modules()
    assert len(modules) > 40 and "lambdadesk.session" in modules and "lambdadesk.cli.main" in modules
    script = (
        "import sys\n"
        f"for name in {modules!r}: __import__(name)\n"
        f"loaded = [m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r} or m.startswith('lambdadesk.ui')]\n"
        "print(loaded); sys.exit(1 if loaded else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
    assert result.returncode == 0, f"the core loaded Qt: {result.stdout}{result.stderr}"
