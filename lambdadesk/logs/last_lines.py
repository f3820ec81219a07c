"""The last log line of each of a profile's containers on an engine: what the Environment tab's cards show."""

from __future__ import annotations

import asyncio

import docker

from lambdadesk.logs.log_hub import LogHub


async def last_lines(client: docker.DockerClient, profile: str, secrets: tuple[str, ...] = ()) -> dict[str, str]:
    """Container name → its last line (secrets masked, as every log line lambdadesk shows)."""
    hub = LogHub([client], profile, follow=False, tail=1, secrets=secrets)
    await hub.start()
    try:
        return {line.source: line.text async for line in hub.lines()}
    finally:
        await asyncio.to_thread(hub.close)
