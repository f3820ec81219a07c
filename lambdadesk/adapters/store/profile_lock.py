"""One mutating operation at a time on a profile, across processes: the window and any number of `lambdadesk`
commands. A second caller waits, says for whom ("waiting for lambdadesk pid 4242, which is starting 'default'"),
and then goes on; it never races the first into a Docker conflict. The lock is an OS file lock (filelock), so a
holder that dies releases it."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
from collections.abc import AsyncIterator, Callable
from pathlib import Path

from filelock import FileLock, Timeout

from lambdadesk.adapters.store.paths import data_dir

POLL_S = 0.1


def _lock_path(profile: str) -> str:
    folder = data_dir() / "locks"
    folder.mkdir(parents=True, exist_ok=True)
    return str(folder / f"{profile}.lock")


def holder(profile: str) -> str:
    """Who holds (or last held) the profile's lock, in words."""
    try:
        info = json.loads(Path(_lock_path(profile) + ".json").read_text(encoding="utf-8"))
        return f"lambdadesk pid {int(info['pid'])}, which is {info['doing']} {profile!r}"
    except (OSError, ValueError, KeyError, TypeError):
        return "another lambdadesk"


@contextlib.asynccontextmanager
async def profile_lock(profile: str, doing: str, on_wait: Callable[[str], None]) -> AsyncIterator[None]:
    """Hold the profile's lock while the block runs; `doing` ("starting", "deploying fn") is what others are told.
    Waiting polls without blocking the event loop, so it can be cancelled (Cancel, Ctrl-C)."""
    path = _lock_path(profile)
    lock = FileLock(path, thread_local=False)
    told = False
    while True:
        try:
            lock.acquire(timeout=0)
            break
        except Timeout:
            if not told:
                on_wait(f"waiting for {holder(profile)}")
                told = True
            await asyncio.sleep(POLL_S)
    try:
        _say_holder(path, doing)
        yield
    finally:
        lock.release()


def _say_holder(lock_path: str, doing: str) -> None:
    """Not user data, so no fsync: a half-written file only makes a waiter say "another lambdadesk"."""
    Path(lock_path + ".json").write_text(json.dumps({"pid": os.getpid(), "doing": doing}), encoding="utf-8")
