"""P6: app start to first window shown (offscreen), from the process start."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.figures import Figure, median

PROBE = Path(__file__).with_name("start_probe.py")


def start_once() -> float:
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "LAMBDADESK_CONFIG_DIR": f"{home}/config",
               "LAMBDADESK_DATA_DIR": f"{home}/data", "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
        started = time.perf_counter()
        probe = subprocess.run([sys.executable, str(PROBE)], env=env, capture_output=True, text=True, timeout=60)
        elapsed = time.perf_counter() - started
    if "shown" not in probe.stdout:
        raise RuntimeError(f"the window was not shown: {probe.stderr[-2000:]}")
    return elapsed


def measure(runs: int) -> list[Figure]:
    start_once()  # the first start after an install fills the OS file cache; people start the app many times
    seconds = median([start_once() for _ in range(runs)])
    return [Figure("P6", "app start to first window shown (offscreen)", seconds, None, "s", "≤ 1 s",
                   seconds <= 1.0)]
