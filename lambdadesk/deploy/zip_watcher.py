"""Watches a deployment zip and calls back when it changed and has stopped changing (a build finished writing)."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
from collections.abc import Awaitable, Callable
from pathlib import Path

OnChange = Callable[[bytes], Awaitable[None]]


class ZipWatcher:
    def __init__(self, path: Path, on_change: OnChange, interval_s: float = 0.5, settle_s: float = 0.3) -> None:
        self._path = path
        self._on_change = on_change
        self._interval_s = interval_s
        self._settle_s = settle_s
        self._task: asyncio.Task[None] | None = None
        self._last_digest = self._digest(self._read())
        self.looks = 0  # how many times the file was read: a caller can wait for the watcher to have looked

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run(), name=f"watch {self._path.name}")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self._interval_s)
            data = await asyncio.to_thread(self._read)
            self.looks += 1
            if data is None or self._digest(data) == self._last_digest:
                continue
            await asyncio.sleep(self._settle_s)  # a build may still be writing: wait until the file holds still
            settled = await asyncio.to_thread(self._read)
            if settled != data:
                continue
            self._last_digest = self._digest(data)
            await self._on_change(data)

    def _read(self) -> bytes | None:
        try:
            return self._path.read_bytes()
        except OSError:
            return None  # deleted or being replaced: wait for it to come back

    @staticmethod
    def _digest(data: bytes | None) -> str:
        return hashlib.sha256(data or b"").hexdigest()
