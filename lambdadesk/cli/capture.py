"""`lambdadesk capture | redis`: the Capture tab, headless. Messages are paired with their Redis values by the
same function the window uses (capture/pairing.py)."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from lambdadesk.cli.context import EXIT_OK, Commands, Context
from lambdadesk.cli.live import until_stopped
from lambdadesk.core.display import ttl_text
from lambdadesk.core.errors import LambdadeskError
from lambdadesk.core.events import Notice

if TYPE_CHECKING:
    from lambdadesk.capture.pairing import CapturedMessage

KEYS_LISTED = 10_000


def register(commands: Commands) -> None:
    capture = commands.add_parser("capture", help="subscribe an endpoint to SNS topics; show each message beside "
                                                  "the Redis value it points to")
    capture.add_argument("topics", nargs="+", metavar="TOPIC")
    capture.add_argument("--count", type=int, help="stop after this many notifications")
    capture.set_defaults(run_command=_capture)
    redis = commands.add_parser("redis", help="read Redis: get KEY, scan [PATTERN], or watch [PATTERN]")
    redis.add_argument("action", choices=["get", "scan", "watch"])
    redis.add_argument("target", nargs="?", default="*", help="a key (get) or a pattern (scan, watch)")
    redis.add_argument("--count", type=int, help="watch: stop after this many changes")
    redis.set_defaults(run_command=_redis)


async def _capture(context: Context) -> int:
    """Subscribe the session's capture endpoint to the topics; print each notification beside its Redis value."""
    from lambdadesk.capture.pairing import pair_notifications
    from lambdadesk.capture.subscription_keeper import keep_subscribed

    session = await context.session()
    arrived: asyncio.Queue[CapturedMessage] = asyncio.Queue()
    stop_pairing = pair_notifications(session.capture, session.redis, arrived.put_nowait)
    try:
        for topic in context.args.topics:
            arn = await session.capture.subscribe(topic)
            context.printer.event(Notice(f"capturing {arn} at {session.capture.url} (subscription confirmed)"))

        async def show_messages() -> None:
            shown = 0
            while context.args.count is None or shown < context.args.count:
                pair = await arrived.get()
                message, value = pair.message, pair.redis
                redis_text = f"{value.key} ({value.type}) = {value.text}" if value else "(no matching Redis key)"
                context.printer.record({"message": message, "redis": value},
                                       f"{message.received_at:%H:%M:%S} {message.topic_arn.rsplit(':', 1)[-1]}: "
                                       f"{message.message}{_attributes(message.attributes)}\n"
                                       f"    redis: {redis_text}")
                shown += 1

        keeper = asyncio.ensure_future(keep_subscribed(session.capture, lambda text: context.printer.event(
            Notice(text))))
        try:
            await until_stopped(show_messages())
        finally:
            keeper.cancel()
    finally:
        stop_pairing()
    return EXIT_OK


def _attributes(attributes: dict[str, str]) -> str:
    return "\n    attributes: " + ", ".join(f"{k}={v}" for k, v in attributes.items()) if attributes else ""


async def _redis(context: Context) -> int:
    args, printer = context.args, context.printer
    inspector = (await context.session()).redis
    if args.action == "watch":
        async def show_changes() -> None:
            shown = 0
            async for key, event in inspector.watch(args.target):
                printer.record({"key": key, "event": event}, f"{event:<8} {key}")
                shown += 1
                if args.count is not None and shown >= args.count:
                    return

        await until_stopped(show_changes())
    elif args.action == "get":
        value = await inspector.read(args.target)
        if value is None:
            raise LambdadeskError(f"Redis has no key {args.target!r}.", "List keys with lambdadesk redis scan.")
        printer.result(value, f"{value.key} ({value.type}, {ttl_text(value.ttl_s)}, size {value.size})\n{value.text}")
    else:
        keys: list[str] = []
        cursor = 0
        while len(keys) < KEYS_LISTED:
            cursor, page = await inspector.scan(args.target, cursor)
            keys += page
            if cursor == 0:
                break
        printer.result(sorted(keys), "\n".join(sorted(keys)))
    return EXIT_OK
