"""Packaging tests use the tools an installer uses (PyInstaller, pipx, desktop-file-utils, appstream, Xvfb);
the test command installs them, so there they must be present; elsewhere a test without its tool is skipped."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from lambdadesk import APP_ID

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
__all__ = ["APP_ID"]


def tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        if os.environ.get("LAMBDADESK_REQUIRE_DOCKER"):  # the test command's run: it installs every tool
            pytest.fail(f"{name} is missing, yet the test command installs it (testbed/install-host.sh)")
        pytest.skip(f"{name} is not installed (testbed/install-host.sh installs it)")
    return found


@pytest.fixture(scope="session")
def display() -> Iterator[str]:
    """A private X server (Xvfb) with no TCP listener; its display name, e.g. ':5'."""
    read_end, write_end = os.pipe()
    server = subprocess.Popen([tool("Xvfb"), "-displayfd", str(write_end), "-nolisten", "tcp",
                               "-screen", "0", "1280x800x24"], pass_fds=(write_end,), stderr=subprocess.DEVNULL)
    os.close(write_end)
    with os.fdopen(read_end) as numbers:
        number = numbers.readline().strip()
    assert number, "Xvfb did not say which display it took"
    yield f":{number}"
    server.terminate()
    server.wait(timeout=10)
