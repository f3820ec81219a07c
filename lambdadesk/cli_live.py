"""CLI commands that run until Ctrl-C (or --count): capture SNS messages, watch Redis keys, redeploy on change."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal
from collections.abc import Awaitable

from lambdadesk.cli_output import Printer
from lambdadesk.core.events import Notice
from lambdadesk.core.sns_message import SnsMessage
from lambdadesk.core.topology import addresses
from lambdadesk.services.capture_session import CaptureSession
from lambdadesk.services.orchestrator import Orchestrator
from lambdadesk.services.redis_inspector import RedisInspector


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


async def capture(args: argparse.Namespace, orchestrator: Orchestrator, printer: Printer) -> int:
    """Subscribe a capture endpoint to the topics; print each notification beside the Redis value it points to."""
    view = addresses(orchestrator.profile).host
    session = CaptureSession(orchestrator.profile, orchestrator.connection.client)
    inspector = RedisInspector(view.redis_host, view.redis_port)
    arrived: asyncio.Queue[SnsMessage] = asyncio.Queue()
    session.add_listener(arrived.put_nowait)
    try:
        for topic in args.topics:
            arn = await session.subscribe(topic)
            printer.event(Notice(f"capturing {arn} at {session.url} (subscription confirmed)"))

        async def show_messages() -> None:
            shown = 0
            while args.count is None or shown < args.count:
                message = await arrived.get()
                if message.message_type != "Notification":
                    continue
                value = await inspector.correlate(message.message)
                redis_text = f"{value.key} ({value.type}) = {value.text}" if value else "(no matching Redis key)"
                printer.record({"message": message, "redis": value},
                               f"{message.received_at:%H:%M:%S} {message.topic_arn.rsplit(':', 1)[-1]}: "
                               f"{message.message}\n    redis: {redis_text}")
                shown += 1

        await until_stopped(show_messages())
    finally:
        await session.close()
        await inspector.close()
    return 0


async def watch_redis(args: argparse.Namespace, orchestrator: Orchestrator, printer: Printer) -> int:
    view = addresses(orchestrator.profile).host
    inspector = RedisInspector(view.redis_host, view.redis_port)

    async def show_changes() -> None:
        shown = 0
        async for key, event in inspector.watch(args.target):
            printer.record({"key": key, "event": event}, f"{event:<8} {key}")
            shown += 1
            if args.count is not None and shown >= args.count:
                return

    try:
        await until_stopped(show_changes())
    finally:
        await inspector.close()
    return 0
