"""Capture for the window: subscribe the capture endpoint to topics, and pair every SNS message with the Redis
value it points to as it arrives; beside it, a Redis key browser."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from qasync import asyncSlot

from lambdadesk.capture.pairing import CapturedMessage, pair_notifications
from lambdadesk.capture.subscription_keeper import keep_subscribed
from lambdadesk.ui.common.operation_vm import OperationViewModel
from lambdadesk.ui.common.session_access import SessionLike, SessionSource

if TYPE_CHECKING:  # types only: the services behind them load when first used, not at app start
    pass

__all__ = ["KEYS_SHOWN", "CaptureViewModel", "CapturedMessage"]

KEYS_SHOWN = 2000  # the browser lists this many keys of a pattern; the rest are found by narrowing it


class CaptureViewModel(OperationViewModel):
    subscribed = Signal(str, str)  # topic ARN, endpoint URL
    captured = Signal(object)  # CapturedMessage
    keys_listed = Signal(list, bool)  # keys, whether there are more than KEYS_SHOWN
    value_shown = Signal(str, object)  # key, RedisValue | None
    notice = Signal(str)  # the subscription was lost and renewed, or messages cannot arrive now

    def __init__(self, session: SessionSource, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._listening: SessionLike | None = None
        self._stop_pairing: Callable[[], None] | None = None
        self._keeper: asyncio.Task[None] | None = None
        self._pattern: str | None = None  # the key browser's last pattern and key, read again after a reset
        self._key: str | None = None

    @asyncSlot(str)
    async def subscribe_requested(self, topic: str) -> None:
        await self.subscribe(topic)

    @asyncSlot()
    async def renew_requested(self) -> None:
        await self.renew()

    @asyncSlot(str)
    async def scan_requested(self, pattern: str) -> None:
        await self.scan(pattern)

    @asyncSlot(str)
    async def key_chosen(self, key: str) -> None:
        await self.show_value(key)

    async def subscribe(self, topic: str) -> None:
        async def work() -> None:
            session = await self._listen()
            arn = await session.capture.subscribe(topic.strip())
            self.subscribed.emit(arn, session.capture.url)
            if self._keeper is None:
                self._keeper = asyncio.ensure_future(keep_subscribed(session.capture, self.notice.emit))

        await self._operate(f"subscribe to {topic.strip() or 'the topic'}", work())

    async def renew(self) -> None:
        """After the emulator lost its state: the same topics, subscribed and confirmed again; the key browser's
        list and value read again (a reset flushed Redis)."""
        async def work() -> None:
            if self._listening is not None:
                for arn in await self._listening.capture.renew():
                    self.subscribed.emit(arn, self._listening.capture.url)

        await self._operate("subscribe again after the reset", work())
        if self._pattern is not None:
            await self.scan(self._pattern)
        if self._key is not None:
            await self.show_value(self._key)

    async def scan(self, pattern: str) -> None:
        self._pattern = pattern

        async def work() -> None:
            redis = (await self._session()).redis
            keys: list[str] = []
            cursor = 0
            while True:
                cursor, page = await redis.scan(pattern or "*", cursor)
                keys += page
                if cursor == 0 or len(keys) > KEYS_SHOWN:
                    break
            self.keys_listed.emit(sorted(keys)[:KEYS_SHOWN], len(keys) > KEYS_SHOWN)

        await self._look("list Redis keys", work())

    async def show_value(self, key: str) -> None:
        self._key = key

        async def work() -> None:
            self.value_shown.emit(key, await (await self._session()).redis.read(key))

        await self._look(f"read {key} from Redis", work())

    async def stop(self) -> None:
        """The subscription keeper ends (at shutdown, or when the session changes)."""
        if self._keeper is not None:
            self._keeper.cancel()
            self._keeper = None

    async def _listen(self) -> SessionLike:
        session = await self._session()
        if self._listening is not session:
            await self.stop()
            if self._stop_pairing is not None:
                self._stop_pairing()
            self._stop_pairing = pair_notifications(session.capture, session.redis, self.captured.emit)
            self._listening = session
        return session
