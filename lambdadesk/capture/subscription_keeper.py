"""Keeps a capture endpoint subscribed while someone watches it: every few seconds it checks that the emulator
still has the subscriptions; when a reset or restart took them (from this window, another one or a shell), it
says so and subscribes again, and while the emulator does not answer it says plainly that nothing is received.
`lambdadesk capture` and the window's Capture tab both run it."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Protocol

from lambdadesk.adapters.errors import explain

CHECK_EVERY_S = 5.0


class Renewable(Protocol):
    async def lost(self) -> list[str]: ...
    async def renew(self) -> list[str]: ...


async def keep_subscribed(capture: Renewable, say: Callable[[str], None], every_s: float | None = None) -> None:
    """Runs until cancelled; checks every `every_s` seconds (CHECK_EVERY_S by default)."""
    failing = False
    while True:
        await asyncio.sleep(every_s or CHECK_EVERY_S)
        try:
            gone = await capture.lost()
            if gone:
                say(f"the subscription to {', '.join(gone)} was lost (the emulator was reset or restarted); "
                    "subscribing again")
                await capture.renew()
                say(f"capturing {', '.join(gone)} again (subscription confirmed)")
            elif failing:
                say("the emulator answers again; capturing")
            failing = False
        except Exception as exc:
            explained = explain("check the capture's subscriptions", exc)
            if explained is None:
                raise
            if not failing:
                say(f"not receiving messages now: {explained.message} {explained.next_step}")
            failing = True
