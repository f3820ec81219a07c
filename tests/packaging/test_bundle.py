"""The one-folder bundle (packaging/build-bundle.sh), built as a release is and run as a user runs it: its CLI,
the seed flow end to end against the test bed's engine, and its window on an X server."""

from __future__ import annotations

import json
import os
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from lambdadesk import __version__
from lambdadesk.adapters.docker.docker_connection import DockerConnection
from tests.engine import TESTBED_PROFILE, docker_connection
from tests.packaging.conftest import PACKAGING, ROOT, tool

__all__ = ["docker_connection"]
pytestmark = pytest.mark.timeout(900)  # the first test builds the bundle (about two minutes)

BUNDLE = ROOT / "build" / "bundle" / "dist" / "lambdadesk" / "lambdadesk"


@pytest.fixture(scope="module")
def bundle() -> Path:
    tool("objdump")  # PyInstaller reads each library's dependencies with it (binutils)
    built = subprocess.run(["bash", str(PACKAGING / "build-bundle.sh")], capture_output=True, text=True, timeout=850)
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    assert BUNDLE.is_file() and os.access(BUNDLE, os.X_OK)
    return BUNDLE


def run(bundle: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(bundle), *args], capture_output=True, text=True, timeout=timeout)


def test_the_bundle_says_its_version(bundle: Path) -> None:
    result = run(bundle, "--version")
    assert (result.returncode, result.stdout.strip()) == (0, f"lambdadesk {__version__}")


def test_the_bundle_carries_the_files_read_as_files(bundle: Path) -> None:
    """The sample flows and their schema, the sample Lambda, the debugger put into a function, the icon and the
    event templates."""
    samples = (ROOT / "lambdadesk" / "samples" / "flows").glob("*.yaml")
    checked = run(bundle, "flow", "check", *map(str, samples))
    assert checked.returncode == 0 and checked.stdout.count("is valid") == 2, checked.stdout + checked.stderr
    schema = run(bundle, "flow", "schema").stdout.strip()
    assert Path(schema).is_file() and Path(schema).is_relative_to(bundle.parent), schema
    inside = bundle.parent / "_internal"
    for needed in ("lambdadesk/samples/seed_python/lambda_function.py", "lambdadesk/deploy/debug_entry.py",
                   "debugpy/__init__.py", "redis/client.py", "lambdadesk/assets/icons/lambdadesk.svg",
                   "lambdadesk/assets/event_templates/apigateway-v1.json"):
        assert (inside / needed).is_file(), needed


@pytest.fixture
def bundle_profile(tmp_path: Path, bundle: Path, docker_connection: DockerConnection) -> Iterator[str]:
    data = json.loads(TESTBED_PROFILE.read_text())
    data.update(name="itestbundle", emulator_port=23566, redis_port=23379, dind_port=23375)
    path = tmp_path / "itestbundle.json"
    path.write_text(json.dumps(data))
    yield str(path)
    run(bundle, "--profile", str(path), "down", "--volumes", timeout=120)


def test_the_bundle_sees_the_engine_and_runs_the_seed_flow(bundle: Path, bundle_profile: str) -> None:
    status = run(bundle, "--json", "--profile", bundle_profile, "status")
    assert status.returncode == 4, status.stderr  # reachable, nothing running yet
    assert {row["service"]: row["state"] for row in json.loads(status.stdout)} == {"redis": "absent",
                                                                                  "emulator": "absent"}
    demo = run(bundle, "--profile", bundle_profile, "demo", "--runtime", "python3.11", timeout=400)
    assert demo.returncode == 0, demo.stdout + demo.stderr
    assert "seed flow on python3.11: PASS" in demo.stdout


def test_the_bundle_opens_its_window_on_an_x_server(bundle: Path, display: str, tmp_path: Path) -> None:
    env = {key: value for key, value in os.environ.items() if key != "QT_QPA_PLATFORM"}
    env.update(DISPLAY=display, LAMBDADESK_CONFIG_DIR=str(tmp_path / "config"),
               LAMBDADESK_DATA_DIR=str(tmp_path / "data"))
    window = subprocess.Popen([str(bundle)], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        titles = ""
        deadline = time.monotonic() + 60
        while "lambdadesk — default" not in titles and time.monotonic() < deadline and window.poll() is None:
            time.sleep(0.5)
            titles = subprocess.run([tool("xwininfo"), "-display", display, "-root", "-tree"], capture_output=True,
                                    text=True).stdout
        assert window.poll() is None, window.communicate()[0]
        assert "lambdadesk — default" in titles, titles
    finally:
        window.terminate()  # SIGTERM, as a logout sends it: the window closes in order, the environment stays
        output = window.communicate(timeout=40)[0]
    assert "Traceback" not in output and "could not load the Qt platform plugin" not in output, output
    assert window.returncode == 0 and "SIGTERM: closing the window" in output, output
