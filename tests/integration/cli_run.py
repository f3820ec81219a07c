"""The CLI run as a user runs it (a process of its own), and a test-bed profile file for it."""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import pytest

from lambdadesk.adapters.docker.docker_connection import DockerConnection
from tests.engine import shipped_profile_data


class Running:
    """A lambdadesk process whose output lines can be awaited."""

    def __init__(self, *args: str, env: dict[str, str] | None = None) -> None:
        self.process = subprocess.Popen([sys.executable, "-m", "lambdadesk", *args], stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, text=True, env={**os.environ, **(env or {})})
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        self.readers = [threading.Thread(target=self._read, args=(stream,), daemon=True)
                        for stream in (self.process.stdout, self.process.stderr)]
        for reader in self.readers:
            reader.start()

    def _read(self, stream: IO[str] | None) -> None:
        assert stream is not None
        for line in stream:
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, text: str, timeout_s: float = 60) -> str:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.2)
            except queue.Empty:
                continue
            self.seen.append(line)
            if text in line:
                return line
        raise AssertionError(f"no line with {text!r}; saw {self.seen[-20:]}")

    def finish(self, timeout_s: float = 30) -> int:
        code = self.process.wait(timeout=timeout_s)
        for reader in self.readers:
            reader.join(timeout=10)
        for stream in (self.process.stdout, self.process.stderr):
            if stream is not None:
                stream.close()
        while not self.lines.empty():
            self.seen.append(self.lines.get())
        return code


def lambdadesk(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "lambdadesk", *args], capture_output=True, text=True,
                          timeout=300, env={**os.environ, **(env or {})}, check=False)


@pytest.fixture
def cli_profile(tmp_path: Path, docker_connection: DockerConnection) -> Iterator[str]:
    """The test-bed profile under its own name and ports, in a file the CLI is pointed at."""
    data = shipped_profile_data(name="itestcli", emulator_port=24566, redis_port=26379, dind_port=22375)
    path = tmp_path / "itestcli.json"
    path.write_text(json.dumps(data))
    yield str(path)
    lambdadesk("--profile", str(path), "down", "--volumes")
