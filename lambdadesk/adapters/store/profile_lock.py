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
NOTE_POLL_S = 0.01
FRESH_NOTE_POLLS = 50  # half a second for a new holder's note before "another lambdadesk" is said


def _lock_path(profile: str) -> str:
    folder = data_dir() / "locks"
    folder.mkdir(parents=True, exist_ok=True)
    return str(folder / f"{profile}.lock")


def holder(profile: str) -> str:
    """Who holds (or last held) the profile's lock, in words."""
    info = _holder_info(profile)
    return f"lambdadesk pid {info[0]}, which is {info[1]} {profile!r}" if info else "another lambdadesk"


def _holder_info(profile: str) -> tuple[int, str] | None:
    """(pid, doing) from the holder's note; None when there is none, or it is of a process that is gone (the
    last holder's, left until the new holder, which just took the lock, writes its own)."""
    try:
        info = json.loads(Path(_lock_path(profile) + ".json").read_text(encoding="utf-8"))
        pid, doing = int(info["pid"]), str(info["doing"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:
        pass  # alive, another user's
    return pid, doing


@contextlib.asynccontextmanager
async def profile_lock(profile: str, doing: str, on_wait: Callable[[str], None]) -> AsyncIterator[None]:
    """Hold the profile's lock while the block runs; `doing` ("starting", "deploying fn") is what others are told.
    Waiting polls without blocking the event loop, so it can be cancelled (Cancel, Ctrl-C)."""
    path = _lock_path(profile)
    lock = FileLock(path, thread_local=False)
    told = False
    polls = 0
    while True:
        try:
            lock.acquire(timeout=0)
            break
        except Timeout:
            # a holder that has just taken the lock writes its note a moment later: until then the note is the
            # last holder's, whose process is gone, so wait a little for the true one before saying who
            if not told and (_holder_info(profile) is not None or polls >= FRESH_NOTE_POLLS):
                on_wait(f"waiting for {holder(profile)}")
                told = True
            polls += 1
            await asyncio.sleep(POLL_S if told else NOTE_POLL_S)
    try:
        _say_holder(path, doing)
        yield
    finally:
        lock.release()


def _say_holder(lock_path: str, doing: str) -> None:
    """Not user data, so no fsync: a half-written file only makes a waiter say "another lambdadesk"."""
    Path(lock_path + ".json").write_text(json.dumps({"pid": os.getpid(), "doing": doing}), encoding="utf-8")
