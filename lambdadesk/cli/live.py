"""Commands that run until Ctrl-C (capture, watch, logs -f, deploy --watch) stop the same way."""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Awaitable


async def until_stopped(work: Awaitable[object]) -> None:
    """Run `work` until it ends, or until SIGINT/SIGTERM cancels it."""
    task = asyncio.ensure_future(work)
    loop = asyncio.get_running_loop()
    with contextlib.suppress(NotImplementedError):
        loop.add_signal_handler(signal.SIGINT, task.cancel)
        loop.add_signal_handler(signal.SIGTERM, task.cancel)
    try:
        with contextlib.suppress(asyncio.CancelledError):
            await task
    finally:
        with contextlib.suppress(NotImplementedError):
            loop.remove_signal_handler(signal.SIGINT)
            loop.remove_signal_handler(signal.SIGTERM)
