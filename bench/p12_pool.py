"""P12: a pool of environments (seed 004). Four environments of the test-bed profile brought up at once on free
ports against one brought up alone, from no container, images present; alternately, each run ending with the
pool removed. Its profiles and leases go to a folder of its own, never the user's."""

from __future__ import annotations

import os
import tempfile
import time

from bench.figures import Figure, median
from lambdadesk.adapters.docker.docker_connection import DockerConnection
from lambdadesk.core.profile import Profile
from lambdadesk.pool.environment_pool import EnvironmentPool

TARGET = 1.5


async def measure(base: Profile, connection: DockerConnection, runs: int, count: int = 4) -> list[Figure]:
    with tempfile.TemporaryDirectory() as folder:
        saved = {key: os.environ.get(key) for key in ("LAMBDADESK_CONFIG_DIR", "LAMBDADESK_DATA_DIR")}
        os.environ.update(LAMBDADESK_CONFIG_DIR=f"{folder}/config", LAMBDADESK_DATA_DIR=f"{folder}/data")
        try:
            alone, together = [], []
            for run in range(runs):
                alone.append(await _up(base.replace(name=f"benchpool-one{run}"), connection, 1))
                together.append(await _up(base.replace(name=f"benchpool-four{run}"), connection, count))
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
    ours, theirs = median(together), median(alone)
    return [Figure("P12", f"a pool: {count} environments up at once, against one alone", ours, theirs, "s",
                   f"ratio ≤ {TARGET}", ours <= TARGET * theirs)]


async def _up(base: Profile, connection: DockerConnection, count: int) -> float:
    pool = EnvironmentPool(base, connection, lambda: None, lambda _event: None)
    started = time.perf_counter()
    try:
        await pool.up(count)
        return time.perf_counter() - started
    finally:
        await pool.down()
