"""P6: app start to first window shown (offscreen), from the process start."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from bench.figures import Figure, median

PROBE = Path(__file__).with_name("start_probe.py")


def start_once(display: str | None = None) -> float:
    """Process start to the window shown (offscreen), or to its first frame drawn on the X server `display`."""
    with tempfile.TemporaryDirectory() as home:
        screen = {"QT_QPA_PLATFORM": "xcb", "DISPLAY": display, "LAMBDADESK_PROBE_EVENT": "paint"} if display \
            else {"QT_QPA_PLATFORM": "offscreen"}
        env = {**os.environ, **screen, "LAMBDADESK_CONFIG_DIR": f"{home}/config",
               "LAMBDADESK_DATA_DIR": f"{home}/data", "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
        started = time.perf_counter()
        probe = subprocess.run([sys.executable, str(PROBE)], env=env, capture_output=True, text=True, timeout=60)
        elapsed = time.perf_counter() - started
    if "shown" not in probe.stdout:  # "shown painted" with a display
        raise RuntimeError(f"the window was not shown: {probe.stderr[-2000:]}")
    return elapsed


def measure(runs: int) -> list[Figure]:
    start_once()  # the first start after an install fills the OS file cache; people start the app many times
    seconds = median([start_once() for _ in range(runs)])
    figures = [Figure("P6", "app start to first window shown (offscreen)", seconds, None, "s", "≤ 1 s",
                      seconds <= 1.0)]
    with xvfb() as display:
        if display is not None:
            start_once(display)
            painted = median([start_once(display) for _ in range(runs)])
            figures.append(Figure("P6", "app start to the first frame drawn on a real X server (Xvfb)", painted, None,
                                  "s", "≤ 0.6 s", painted <= 0.6))
    return figures


@contextlib.contextmanager
def xvfb() -> Iterator[str | None]:
    """A private Xvfb display for the measurement (None when Xvfb is not installed: the row is left out)."""
    if shutil.which("Xvfb") is None:
        yield None
        return
    display = f":{os.getpid() % 400 + 100}"
    server = subprocess.Popen(["Xvfb", display, "-screen", "0", "1400x900x24", "-nolisten", "tcp"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        socket_file = Path(f"/tmp/.X11-unix/X{display[1:]}")
        deadline = time.monotonic() + 10
        while not socket_file.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        yield display
    finally:
        server.terminate()
        server.wait(timeout=10)
