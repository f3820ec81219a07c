"""The one qasync loop every test that drives Qt with async code uses, made once and never closed.

Closing a qasync loop disconnects the signal its worker threads hand results through; a result queued just
before (a worker finishing during the close) was then delivered to a freed slot in a later test's Qt event
processing, and the interpreter crashed there (pytest-qt's processEvents). One loop for the run, never closed,
leaves nothing dangling; each use ends by cancelling what it left pending, as asyncio.run does."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
import qasync
from PySide6.QtWidgets import QApplication

_LOOP: list[Any] = []


@pytest.fixture
def qt_loop(qapp: QApplication) -> Iterator[qasync.QEventLoop]:
    """The shared loop, set as the thread's loop for the test, then settled and unset."""
    if not _LOOP:
        loop = qasync.QEventLoop(qapp)
        # plain threads, not qasync's QThreads: a loop never closed leaves its workers to the interpreter's exit,
        # which joins Python threads but aborts on a QThread still running
        loop.set_default_executor(ThreadPoolExecutor(thread_name_prefix="test-loop"))
        _LOOP.append(loop)
    loop = _LOOP[0]
    asyncio.set_event_loop(loop)
    try:
        yield loop
    finally:
        loop.run_until_complete(cancel_what_is_left())
        asyncio.set_event_loop(None)


async def cancel_what_is_left() -> None:
    """As asyncio.run ends: every task but the caller's is cancelled and awaited."""
    left = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
    for task in left:
        task.cancel()
    await asyncio.gather(*left, return_exceptions=True)
    await asyncio.sleep(0.01)  # finished tasks settle
