"""Checks to run at a moment, on one thread of their own (not a thread each): the recorder's second look for SNS
messages delivered after a call was kept. `flush` runs every one still waiting at once."""

from __future__ import annotations

import heapq
import itertools
import threading
import time
from collections.abc import Callable

Check = Callable[[], None]


class Later:
    def __init__(self) -> None:
        self._due: list[tuple[float, int, Check]] = []
        self._numbers = itertools.count()
        self._changed = threading.Condition()
        self._thread: threading.Thread | None = None
        self._closed = False

    def add(self, due: float, check: Check) -> None:
        """Run `check` at `due` (time.monotonic())."""
        with self._changed:
            heapq.heappush(self._due, (due, next(self._numbers), check))
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="invocation-late-checks", daemon=True)
                self._thread.start()
            self._changed.notify()

    def flush(self) -> None:
        """Blocking: every check still waiting runs now, on the caller's thread."""
        with self._changed:
            waiting, self._due = [check for _, _, check in sorted(self._due)], []
        for check in waiting:
            check()

    def close(self) -> None:
        self.flush()
        with self._changed:
            self._closed = True
            self._changed.notify()
        if self._thread is not None:
            self._thread.join(timeout=2)

    def _run(self) -> None:
        while True:
            with self._changed:
                while not self._closed and (not self._due or self._due[0][0] > time.monotonic()):
                    self._changed.wait(timeout=self._due[0][0] - time.monotonic() if self._due else None)
                if self._closed:
                    return
                _, _, check = heapq.heappop(self._due)
            check()
