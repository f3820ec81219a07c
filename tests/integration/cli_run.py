"""The CLI run as a user runs it (a process of its own), and a test-bed profile file for it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from lambdadesk.adapters.docker.docker_connection import DockerConnection
from tests.engine import TESTBED_PROFILE


def lambdadesk(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "lambdadesk", *args], capture_output=True, text=True,
                          timeout=300, env={**os.environ, **(env or {})}, check=False)


@pytest.fixture
def cli_profile(tmp_path: Path, docker_connection: DockerConnection) -> Iterator[str]:
    """The test-bed profile under its own name and ports, in a file the CLI is pointed at."""
    data = json.loads(TESTBED_PROFILE.read_text())
    data.update(name="itestcli", emulator_port=24566, redis_port=26379, dind_port=22375)
    path = tmp_path / "itestcli.json"
    path.write_text(json.dumps(data))
    yield str(path)
    lambdadesk("--profile", str(path), "down", "--volumes")
