"""Capture for the window: subscribe the capture endpoint to topics, and pair every SNS message with the Redis
value it points to as it arrives; beside it, a Redis key browser."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from qasync import asyncSlot

from lambdadesk.core.sns_message import SnsMessage
from lambdadesk.services.service_errors import explain
from lambdadesk.ui.operation_vm import OperationViewModel
from lambdadesk.ui.workbench_access import WorkbenchLike, WorkbenchSource

if TYPE_CHECKING:  # types only: the services behind them load when first used, not at app start
    from lambdadesk.services.redis_inspector import RedisValue

KEYS_SHOWN = 2000  # the browser lists this many keys of a pattern; the rest are found by narrowing it


@dataclass(frozen=True)
class CapturedMessage:
    message: SnsMessage
    redis: RedisValue | None  # the value the message points to, read when it arrived


class CaptureViewModel(OperationViewModel):
    subscribed = Signal(str, str)  # topic ARN, endpoint URL
    captured = Signal(object)  # CapturedMessage
    keys_listed = Signal(list, bool)  # keys, whether there are more than KEYS_SHOWN
    value_shown = Signal(str, object)  # key, RedisValue | None

    def __init__(self, workbench: WorkbenchSource, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._workbench = workbench
        self._listening: WorkbenchLike | None = None
        self._pending: set[asyncio.Task[None]] = set()

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
            workbench = await self._listen()
            arn = await workbench.capture.subscribe(topic.strip())
            self.subscribed.emit(arn, workbench.capture.url)

        await self._operate(f"subscribe to {topic.strip() or 'the topic'}", work())

    async def renew(self) -> None:
        """After the emulator lost its state: the same topics, subscribed and confirmed again."""
        async def work() -> None:
            if self._listening is not None:
                for arn in await self._listening.capture.renew():
                    self.subscribed.emit(arn, self._listening.capture.url)

        await self._operate("subscribe again after the reset", work())

    async def scan(self, pattern: str) -> None:
        async def work() -> None:
            redis = (await self._workbench()).redis
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
        async def work() -> None:
            self.value_shown.emit(key, await (await self._workbench()).redis.read(key))

        await self._look(f"read {key} from Redis", work())

    async def _listen(self) -> WorkbenchLike:
        workbench = await self._workbench()
        if self._listening is not workbench:
            workbench.capture.add_listener(self._on_message)
            self._listening = workbench
        return workbench

    def _on_message(self, message: SnsMessage) -> None:
        if message.message_type != "Notification":
            return
        task = asyncio.ensure_future(self._pair(message))
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)

    async def _pair(self, message: SnsMessage) -> None:
        value = None
        if self._listening is not None:
            try:
                value = await self._listening.redis.correlate(message.message)
            except Exception as exc:
                if explain("read Redis", exc) is None:
                    raise  # a bug, not Redis being down: the message is still shown below only for the latter
                value = None
        self.captured.emit(CapturedMessage(message, value))
