"""The flow files lambdadesk ships (the seed flow in Python and in Go): run by `lambdadesk demo` and the window's
demo, and a starting point to copy."""

from __future__ import annotations

import asyncio
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lambdadesk.flows.flow_result import FlowReport
    from lambdadesk.flows.flow_runner import OnStep
    from lambdadesk.session import Session


def sample_files() -> list[Path]:
    """The shipped flow files, Python first: what the window offers before the user opened any of their own."""
    folder = Path(str(resources.files("lambdadesk.samples.flows")))
    return [folder / "seed-python.flow.yaml", folder / "seed-go.flow.yaml"]


def sample_flow(runtime: str) -> tuple[Path, dict[str, str]]:
    """The seed flow's file for `runtime`, and the variables that choose it."""
    folder = Path(str(resources.files("lambdadesk.samples.flows")))
    if runtime.startswith("provided"):
        return folder / "seed-go.flow.yaml", {}
    return folder / "seed-python.flow.yaml", {"runtime": runtime}


async def run_seed_sample(session: Session, runtime: str, on_step: OnStep) -> FlowReport:
    """The seed flow's sample file run against the session's environment (the window's demo, `lambdadesk demo`)."""
    from lambdadesk.flows.flow_parser import read_flow
    from lambdadesk.flows.flow_runner import FlowRunner

    file, variables = sample_flow(runtime)
    flow = await asyncio.to_thread(read_flow, file, variables)
    return await FlowRunner(session, flow, on_step).run()
