"""`python -m bench [--runs N] [--only P1,P5] [--readme]`: lambdadesk against what users do today, as a table.

Runs against the test bed's engine and stand-in images (bash bench/run.sh prepares both); figures are medians
of N runs, and each ratio compares runs made side by side in the same process on the same images."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from bench import (
    growth,
    machine,
    p1_p2_environment,
    p3_p4_flow,
    p5_logs,
    p6_start,
    p7_flow_file,
    p8_hot_reload,
    p9_trace,
    p10_capture_panel,
    p11_cli,
    p12_pool,
)
from bench.figures import Figure, table
from lambdadesk.adapters.docker.docker_connection import connect
from lambdadesk.core.profile import Profile
from lambdadesk.environment.service import EnvironmentService
from tests.engine import IMAGE_PREFIX, TESTBED_PROFILE, remove_everything

ROOT = Path(__file__).parents[1]
# the programs timed here (lambdadesk's window and CLI, the aws CLI) start from compiled bytecode, as they do once
# pip has installed them; a machine that sets PYTHONDONTWRITEBYTECODE would have each start compile every module
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
# beside a test run's ports, and below the ephemeral range (32768+) where any outgoing connection may hold one
BENCH_PORTS = {"emulator_port": 17566, "redis_port": 17379, "dind_port": 17375}


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--runs", type=int, default=5, help="runs per figure (the median is shown)")
    parser.add_argument("--only", default="P1,P2,P3,P4,P5,P6,P7,P8,P9,P10,P11,P12,GROWTH",
                        help="which figures, e.g. P3,P4 (GROWTH: how costs grow, a table and bench/growth.png)")
    parser.add_argument("--readme", action="store_true", help="also put the table into README.md")
    args = parser.parse_args()
    wanted = set(args.only.upper().split(","))
    engine = {"P1", "P2", "P3", "P4", "P5", "P7", "P8", "P9", "P11", "P12", "GROWTH"}
    points: list[growth.Point] = []
    figures = asyncio.run(_measure(wanted, args.runs, points)) if wanted & engine else []
    if "P5" in wanted:  # Qt runs on the main thread, with its own loop
        figures += p5_logs.panel_figures(1_000_000, args.runs)
    if "P10" in wanted:
        figures += p10_capture_panel.panel_figures(40_000, args.runs)
    if "P6" in wanted:
        figures += p6_start.measure(args.runs)
    stamp = datetime.now(UTC).strftime("%Y-%m-%d")
    text = (f"{table(figures)}\n\nMedians of {args.runs} runs, {stamp}, on {machine.describe()}; "
            "stand-in images of the offline test bed (LocalStack 4.14, Redis 7).")
    if points:
        growth.chart(points, ROOT / "bench" / "growth.png")
        text += f"\n\n{growth.table(points)}\n\n![How costs grow](bench/growth.png)"
    print(text)
    (ROOT / "bench" / "latest.md").write_text(text.replace("](bench/growth.png)", "](growth.png)") + "\n")
    if args.readme:
        readme = ROOT / "README.md"
        readme.write_text(re.sub(r"(<!-- bench:start -->\n).*?(\n<!-- bench:end -->)",
                                 lambda m: m.group(1) + text + m.group(2), readme.read_text(), flags=re.S))
    return 0 if all(f.met for f in figures) else 1


async def _measure(wanted: set[str], runs: int, points: list[growth.Point]) -> list[Figure]:
    figures: list[Figure] = []
    connection = await asyncio.to_thread(connect)
    profile = Profile.from_dict({**json.loads(TESTBED_PROFILE.read_text()), "name": "bench", **BENCH_PORTS})
    orchestrator = EnvironmentService(profile, connection)
    try:
        if wanted & {"P1", "P2"}:
            figures += [f for f in await p1_p2_environment.measure(orchestrator, runs) if f.key in wanted]
        if wanted & {"P3", "P4"}:
            await orchestrator.up()
            with tempfile.TemporaryDirectory() as folder:
                figures += [f for f in await p3_p4_flow.measure(orchestrator, runs, Path(folder)) if f.key in wanted]
        if "P7" in wanted:
            await orchestrator.up()
            figures += await p7_flow_file.measure(orchestrator, runs)
        if "P8" in wanted:
            await orchestrator.up()
            figures += await p8_hot_reload.measure(orchestrator, runs)
        if "P9" in wanted:
            await orchestrator.up()
            figures += await p9_trace.measure(orchestrator, runs)
        if "P11" in wanted:
            await orchestrator.up()
            figures += await p11_cli.measure(orchestrator, runs)
        await remove_everything(connection.client, profile.name)
        if "GROWTH" in wanted:
            points += await growth.measure(orchestrator)
        if "P12" in wanted:
            figures += await p12_pool.measure(profile, connection, runs)
        if "P5" in wanted:
            figures += await asyncio.to_thread(p5_logs.ingest, connection.client, f"{IMAGE_PREFIX}/busybox:latest",
                                               500_000, runs)
    finally:
        await remove_everything(connection.client, profile.name)
        connection.close()
    return figures


if __name__ == "__main__":
    raise SystemExit(main())
