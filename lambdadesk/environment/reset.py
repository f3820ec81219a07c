"""Back to a clean environment. The fast path clears state in place (emulator resources, Redis, Lambda
containers); the full path removes and recreates every container, network and volume of the profile."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field

from lambdadesk.adapters.docker import owned_objects
from lambdadesk.core import labels
from lambdadesk.core.events import Notice, ServiceState
from lambdadesk.core.topology import EMULATOR, REDIS, addresses
from lambdadesk.environment.emulator_reset import EmulatorSweepError, reset_emulator
from lambdadesk.environment.lifecycle import Lifecycle


@dataclass
class ResetReport:
    path: str  # "fast" or "full"
    actions: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self, between: str = "; ") -> str:
        """'Reset done (fast path, 1.2 s): LocalStack: state reset in place; Redis: FLUSHALL; …'."""
        return f"Reset done ({self.path} path, {self.seconds:.1f} s): " + between.join(self.actions) + "."


async def reset(lifecycle: Lifecycle, full: bool = False) -> ResetReport:
    """The fast path when the emulator and Redis answer and `full` is not asked; else the full path."""
    started = time.monotonic()
    actions = []
    if not full:
        statuses = {s.service: s.state for s in await lifecycle.status()}
        if statuses.get(EMULATOR) is ServiceState.READY and statuses.get(REDIS) is ServiceState.READY:
            try:
                return ResetReport("fast", await _fast_reset(lifecycle), time.monotonic() - started)
            except EmulatorSweepError as exc:
                why = f"The emulator refused to clear what it holds ({exc})"
                actions.append(f"the emulator refused the fast path ({exc})")  # said in the summary too
        else:
            why = "The environment is not fully up"
        lifecycle.emit(Notice(f"{why}, so reset recreates its containers (the full path; volumes such as the dind "
                              "image cache are kept)."))
    await lifecycle.down(remove_volumes=full)  # only a full reset the user asked for removes the volumes
    await lifecycle.up()
    removed = "container, network and volume" if full else "container and network (volumes kept)"
    actions.append(f"removed and recreated every lambdadesk {removed}")
    return ResetReport("full", actions, time.monotonic() - started)


async def _fast_reset(lifecycle: Lifecycle) -> list[str]:
    import redis.asyncio as aioredis  # loaded by a reset, not with every command

    profile = lifecycle.profile
    endpoints = addresses(profile).host
    actions = await asyncio.to_thread(reset_emulator, profile.emulator, endpoints.emulator_url, profile.region,
                                      profile.aws_services, profile.persists_state)
    client = aioredis.Redis(host=endpoints.redis_host, port=endpoints.redis_port)
    try:
        await client.flushall()
    finally:
        await client.aclose()
    actions.append("Redis: FLUSHALL")
    lambdas = await asyncio.to_thread(owned_objects.containers, lifecycle.connection.client, profile.name,
                                      labels.LAMBDA_SERVICE)
    await asyncio.gather(*(asyncio.to_thread(owned_objects.stop_and_remove, c, 2) for c in lambdas))
    actions.append(f"removed {len(lambdas)} Lambda container(s)")
    return actions
