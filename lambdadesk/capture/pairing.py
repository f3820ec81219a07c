"""Every SNS notification the capture endpoint accepts, paired with the Redis value it points to, read as it
arrives. The CLI's `lambdadesk capture` and the window's Capture tab both listen through this one function."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from lambdadesk.adapters.errors import explain
from lambdadesk.core.sns_message import SnsMessage

if TYPE_CHECKING:
    from lambdadesk.capture.redis_inspector import RedisValue


@dataclass(frozen=True)
class CapturedMessage:
    message: SnsMessage
    redis: RedisValue | None  # the value the message points to, read when it arrived


class Listened(Protocol):
    def add_listener(self, listener: Callable[[SnsMessage], None]) -> None: ...


class Correlating(Protocol):
    async def correlate(self, message: str, attributes: dict[str, str] | None = None) -> RedisValue | None: ...


def pair_notifications(capture: Listened, redis: Correlating,
                       on_pair: Callable[[CapturedMessage], None]) -> Callable[[], None]:
    """From now on, `on_pair` gets each notification with its Redis value (None when there is none, or when Redis
    does not answer: the message is still shown). Confirmations are not notifications and are skipped.
    Returns a function that stops the pairing."""
    pending: set[asyncio.Task[None]] = set()
    stopped = False

    async def pair(message: SnsMessage) -> None:
        try:
            value = await redis.correlate(message.message, message.attributes)
        except Exception as exc:
            if explain("read Redis", exc) is None:
                raise  # a bug, not Redis being down
            value = None
        if not stopped:
            on_pair(CapturedMessage(message, value))

    def on_message(message: SnsMessage) -> None:
        if stopped or message.message_type != "Notification":
            return
        task = asyncio.ensure_future(pair(message))
        pending.add(task)
        task.add_done_callback(pending.discard)

    def stop() -> None:
        nonlocal stopped
        stopped = True
        for task in pending:
            task.cancel()

    capture.add_listener(on_message)
    return stop
