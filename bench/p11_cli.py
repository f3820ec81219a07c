"""P11: a quick CLI. `lambdadesk invoke` and `lambdadesk ls lambda` against `aws lambda invoke` and `aws lambda
list-functions` (awscli from PyPI, as testbed/prepare.sh installs it) on the same emulator and function, each a
process of its own from start to exit, run alternately."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.figures import Figure, median
from bench.sample import seed_spec
from lambdadesk.core.topology import addresses, shell_environment
from lambdadesk.environment.service import EnvironmentService
from lambdadesk.session import Session

ROOT = Path(__file__).parents[1]
TARGET = 1.5


def aws_cli() -> str:
    found = shutil.which("aws") or str(ROOT / ".awscli" / "bin" / "aws")
    if not Path(found).exists():
        raise SystemExit("P11 needs the aws CLI (testbed/prepare.sh installs it into .awscli)")
    return found


async def measure(orchestrator: EnvironmentService, runs: int) -> list[Figure]:
    profile = orchestrator.profile
    session = Session(profile, orchestrator.connection)
    try:
        await session.deploy(seed_spec("p11"))
    finally:
        await session.close()
    environment = {**os.environ, **shell_environment(profile), "AWS_PAGER": ""}
    with tempfile.TemporaryDirectory() as folder:
        profile_file = Path(folder) / f"{profile.name}.json"
        profile_file.write_text(json.dumps(profile.to_dict()))
        ours_cli = [sys.executable, "-m", "lambdadesk", "--profile", str(profile_file)]
        endpoint = ["--endpoint-url", addresses(profile).host.emulator_url]
        pairs = {
            "invoke": ([*ours_cli, "invoke", "p11", "--payload", "{}"],
                       [aws_cli(), "lambda", "invoke", "--function-name", "p11", *endpoint,
                        str(Path(folder) / "out.json")]),
            "ls lambda": ([*ours_cli, "ls", "lambda"], [aws_cli(), "lambda", "list-functions", *endpoint]),
        }
        figures = []
        for what, (ours, theirs) in pairs.items():
            times: tuple[list[float], list[float]] = ([], [])
            for n in range(runs + 1):  # the first of each warms the emulator and the file cache
                for side, command in enumerate((ours, theirs)):
                    seconds = await asyncio.to_thread(_timed, command, environment)
                    if n:
                        times[side].append(seconds)
            ratio = median(times[0]) / median(times[1])
            aws_words = " ".join(theirs[1:3])
            figures.append(Figure("P11", f"`lambdadesk {what}` against `aws {aws_words}`, process start to exit",
                                  median(times[0]), median(times[1]), "s", f"ratio ≤ {TARGET}", ratio <= TARGET))
        return figures


def _timed(command: list[str], environment: dict[str, str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=environment, timeout=120, check=False)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed: {done.stderr[-2000:]}")
    return seconds
