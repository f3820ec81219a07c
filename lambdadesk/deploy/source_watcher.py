"""Watches a source folder (watchfiles, in a thread of its own) and calls back on the event loop once per burst
of saves, with the files that changed; saves during a callback are gathered into one more call after it."""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lambdadesk.deploy.source_files import is_ignored

if TYPE_CHECKING:
    import watchfiles

OnSave = Callable[[list[Path]], Awaitable[None]]
DEBOUNCE_MS = 60  # an editor's save is a few writes within a few ms; a build tool's many within this
STEP_MS = 20


class SourceWatcher:
    def __init__(self, folder: Path, runtime: str, on_save: OnSave, on_lost: Callable[[str], None]) -> None:
        self._folder = folder.resolve()
        self._runtime = runtime
        self._on_save = on_save
        self._on_lost = on_lost  # the watch ended by itself (the folder went away): why, in words
        self._stop = threading.Event()
        self._pending: set[Path] = set()
        self._wake = asyncio.Event()
        self._thread: threading.Thread | None = None
        self._task: asyncio.Task[None] | None = None
        self.ready = threading.Event()  # set once the folder is being watched: saves from then on are seen

    def start(self) -> None:
        loop = asyncio.get_running_loop()
        self._task = loop.create_task(self._deliver(), name=f"reload {self._folder.name}")
        self._thread = threading.Thread(target=self._watch, args=(loop,), name=f"watch {self._folder}", daemon=True)
        self._thread.start()

    async def stop(self) -> None:
        self._stop.set()
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        if self._thread is not None:
            await asyncio.to_thread(self._thread.join, 2)

    def _watch(self, loop: asyncio.AbstractEventLoop) -> None:
        import watchfiles  # its native part loads with the first watch, not with the window

        changes = watchfiles.watch(self._folder, watch_filter=self._wanted, debounce=DEBOUNCE_MS, step=STEP_MS,
                                   stop_event=self._stop, rust_timeout=100, yield_on_timeout=True,
                                   raise_interrupt=False)
        try:
            for batch in changes:
                self.ready.set()  # any yield, a timeout's too, means the folder is watched
                if batch:
                    self._call(loop, self._arrived, {Path(path) for _change, path in batch})
        except Exception as exc:  # watchfiles' own errors (the folder removed, too many watches) end the watch
            self._call(loop, self._on_lost, f"Watching {self._folder} stopped: {exc}")

    @staticmethod
    def _call(loop: asyncio.AbstractEventLoop, callback: Callable[[Any], None], argument: Any) -> None:
        with contextlib.suppress(RuntimeError):  # the loop closed meanwhile
            loop.call_soon_threadsafe(callback, argument)

    def _wanted(self, _change: watchfiles.Change, path: str) -> bool:
        try:
            relative = Path(path).relative_to(self._folder)
        except ValueError:
            return False
        return not is_ignored(relative, self._runtime)

    def _arrived(self, paths: set[Path]) -> None:
        if not self._folder.is_dir():
            self._stop.set()
            self._on_lost(f"{self._folder} is gone: the watch ended. Deploy it again once it is back.")
            return
        self._pending |= paths
        self._wake.set()

    async def _deliver(self) -> None:
        while True:
            await self._wake.wait()
            self._wake.clear()
            paths, self._pending = sorted(self._pending), set()
            await self._on_save(paths)
