"""Container logs as a cancellable async stream. A follow stream reads in a thread of its own (never a pool
worker, which it would hold for its whole life) and is closed from outside by closing the underlying socket."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from typing import TYPE_CHECKING, Any

from lambdadesk.adapters.docker.streams import cancel_stream, release_stream
from lambdadesk.core.events import LogLine
from lambdadesk.core.redaction import redact

if TYPE_CHECKING:
    from docker.models.containers import Container


class LineQueue:
    """Log lines to one async reader, ended by `end()`; fed on the event loop (threads use call_soon_threadsafe)."""

    _END = object()

    def __init__(self) -> None:
        self._queue: asyncio.Queue[object] = asyncio.Queue()

    def put(self, line: LogLine) -> None:
        self._queue.put_nowait(line)

    def end(self) -> None:
        self._queue.put_nowait(self._END)

    async def __aiter__(self) -> AsyncIterator[LogLine]:
        while (item := await self._queue.get()) is not self._END:
            assert isinstance(item, LogLine)
            yield item


class ThreadedLines:
    """Log lines read in a thread of its own (never a pool worker, which it would hold for its whole life) and
    handed to the event loop; a subclass reads in `_read` until `_closed` is set, and ends the queue there."""

    def __init__(self, source: str) -> None:
        self.source = source  # what its lines are shown under, and its thread's name
        self._queue = LineQueue()
        self._thread: threading.Thread | None = None
        self._closed = threading.Event()
        self._loop: asyncio.AbstractEventLoop | None = None

    @property
    def alive(self) -> bool:
        """True while the reading thread runs."""
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._thread = threading.Thread(target=self._read, name=f"logs-{self.source}", daemon=True)
        self._thread.start()

    async def lines(self) -> AsyncIterator[LogLine]:
        if self._thread is None:
            self.start()
        async for line in self._queue:
            yield line

    def close(self) -> None:
        """Stop reading; safe from any thread, and more than once."""
        self._closed.set()
        self._interrupt()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=5)

    def _interrupt(self) -> None:
        """Whatever the reading thread blocks on, cut (a stream's socket); nothing by default."""

    def _read(self) -> None:
        raise NotImplementedError

    def _on_loop(self, callback: Callable[..., None], *args: object) -> None:
        if self._loop is not None and not self._loop.is_closed():
            self._loop.call_soon_threadsafe(callback, *args)


class LogFollower(ThreadedLines):
    """Streams one container's log lines (with timestamps) until closed or until the container stops."""

    def __init__(self, container: Container, *, follow: bool = True, tail: int | str = 100,
                 secrets: tuple[str, ...] = ()) -> None:
        super().__init__(str(container.name))
        self._container = container
        self._follow = follow
        self._tail = tail
        self._secrets = secrets
        self._stream: Any = None

    @property
    def container_id(self) -> str:
        return str(self._container.id)

    def _interrupt(self) -> None:
        cancel_stream(self._stream)

    def _read(self) -> None:
        try:
            self._stream = self._container.logs(stream=True, follow=self._follow, timestamps=True, tail=self._tail)
            if self._closed.is_set():  # close() ran before the stream existed
                cancel_stream(self._stream)
            for raw in _split_lines(self._stream):
                if self._closed.is_set():
                    break
                self._on_loop(self._queue.put, self._parse(raw))
        except Exception as exc:  # a stream cut by close() or by the container going away ends the iteration
            if not self._closed.is_set():
                self._on_loop(self._queue.put, LogLine(self.source, "", f"[log stream ended: {exc}]"))
        finally:
            release_stream(self._stream)
            self._on_loop(self._queue.end)

    def _parse(self, raw: bytes) -> LogLine:
        text = raw.decode("utf-8", errors="replace").rstrip("\r")
        timestamp, _, message = text.partition(" ")
        if not (len(timestamp) >= 20 and timestamp[4] == "-" and "T" in timestamp):
            timestamp, message = "", text
        return LogLine(self.source, timestamp, redact(message, self._secrets))


MAX_LINE_BYTES = 1024 * 1024
CUT_MARK = b" [... line cut at 1 MiB]"


def _split_lines(chunks: Iterator[bytes], limit: int = MAX_LINE_BYTES) -> Iterator[bytes]:
    """docker-py yields chunks as frames arrive; a frame may hold part of a line or several lines. Each chunk is
    looked at once (a long line costs its length, not its length squared), and a line longer than `limit` is
    cut there and marked, the rest of it dropped, so a container printing without newlines cannot fill memory."""
    parts: list[bytes] = []
    size = 0
    cutting = False  # inside a line already cut: drop up to its newline
    for chunk in chunks:
        *complete, rest = chunk.split(b"\n")
        for index, piece in enumerate(complete):
            if index == 0:
                if cutting:
                    cutting = False
                    continue
                piece = b"".join((*parts, piece))
                parts, size = [], 0
            yield piece if len(piece) <= limit else piece[:limit] + CUT_MARK
        if rest and not cutting:
            parts.append(rest)
            size += len(rest)
            if size > limit:
                yield b"".join(parts)[:limit] + CUT_MARK
                parts, size, cutting = [], 0, True
    if parts:
        yield b"".join(parts)
