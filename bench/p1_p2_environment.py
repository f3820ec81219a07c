"""P1: environment up (images present) until every service is ready; P2: reset, fast and full, with one function,
API and topic deployed. lambdadesk against docker-compose plus the seed's readiness loop, alternating runs."""

from __future__ import annotations

import asyncio
import tempfile
import time
from pathlib import Path

from bench.compose_way import compose_down, compose_up, write_compose_file
from bench.figures import Figure, median, timed
from bench.sample import deploy_one_of_each
from lambdadesk.environment.service import EnvironmentService
from tests.engine import remove_everything


async def measure(orchestrator: EnvironmentService, runs: int) -> list[Figure]:
    client = orchestrator.connection.client
    ours_up, ours_loaded, theirs_up, fast, full, theirs_reset = [], [], [], [], [], []
    with tempfile.TemporaryDirectory() as folder:
        compose_file = write_compose_file(orchestrator, Path(folder))
        for _ in range(runs):
            await remove_everything(client, orchestrator.profile.name)
            started = time.perf_counter()
            await orchestrator.up()
            ours_up.append(time.perf_counter() - started)
            await orchestrator.warmed_up()  # the seed loop's condition: lambda, apigateway and sns have answered
            ours_loaded.append(time.perf_counter() - started)
            await deploy_one_of_each(orchestrator.profile)
            fast.append(await timed(orchestrator.reset))
            await deploy_one_of_each(orchestrator.profile)
            full.append(await timed(lambda: orchestrator.reset(full=True)))
            await orchestrator.down(remove_volumes=True)

            theirs_up.append(await timed(lambda: asyncio.to_thread(compose_up, compose_file, orchestrator)))
            await deploy_one_of_each(orchestrator.profile)
            theirs_reset.append(await timed(lambda: asyncio.to_thread(_compose_reset, compose_file, orchestrator)))
            await asyncio.to_thread(compose_down, compose_file)
    up, loaded, compose_up_s = median(ours_up), median(ours_loaded), median(theirs_up)
    compose_reset_s = median(theirs_reset)
    return [
        Figure("P1", "environment up, images present, until every service is ready", up, compose_up_s, "s",
               "ratio ≤ 0.8", up / compose_up_s <= 0.8),
        Figure("P1", "… and until lambda, apigateway and sns have answered (loaded in the background)", loaded,
               compose_up_s, "s", "ratio ≤ 0.8", loaded / compose_up_s <= 0.8),
        Figure("P2", "reset, fast path (one function, API and topic deployed)", median(fast), compose_reset_s, "s",
               "≤ 1 s", median(fast) <= 1.0),
        Figure("P2", "reset, full path (every container recreated)", median(full), compose_reset_s, "s",
               "faster than compose", median(full) < compose_reset_s),
    ]


def _compose_reset(compose_file: Path, orchestrator: EnvironmentService) -> None:
    compose_down(compose_file)
    compose_up(compose_file, orchestrator)
