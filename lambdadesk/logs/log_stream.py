"""Container logs as a cancellable async stream. A follow stream reads in a thread of its own (never a pool
worker, which it would hold for its whole life) and is closed from outside by closing the underlying socket."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Callable
from typing import TYPE_CHECKING

from lambdadesk.adapters.docker.raw_logs import RawLogStream
from lambdadesk.core.events import LogLine
from lambdadesk.core.redaction import redact
from lambdadesk.logs.line_splitter import LineSplitter

if TYPE_CHECKING:
    from docker.models.containers import Container


class LineQueue:
    """Batches of log lines to one async reader, ended by `end()`; fed on the event loop (threads use
    call_soon_threadsafe, once per batch: a thread that handed the loop each line on its own cost more than
    reading it)."""

    _END = object()

    def __init__(self) -> None:
        self._queue: asyncio.Queue[object] = asyncio.Queue()

    def put(self, line: LogLine) -> None:
        self._queue.put_nowait([line])

    def put_batch(self, lines: list[LogLine]) -> None:
        if lines:
            self._queue.put_nowait(lines)

    def end(self) -> None:
        self._queue.put_nowait(self._END)

    async def batches(self) -> AsyncIterator[list[LogLine]]:
        while (item := await self._queue.get()) is not self._END:
            assert isinstance(item, list)
            yield item



async def each_line(batches: AsyncIterator[list[LogLine]]) -> AsyncIterator[LogLine]:
    """Batches of lines as the lines one by one (for readers that take a line at a time: the CLI, last_lines)."""
    async for batch in batches:
        for line in batch:
            yield line


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

    async def batches(self) -> AsyncIterator[list[LogLine]]:
        """The lines as they are read, a batch per read."""
        if self._thread is None:
            self.start()
        async for batch in self._queue.batches():
            yield batch

    def lines(self) -> AsyncIterator[LogLine]:
        return each_line(self.batches())

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
        self._stream: RawLogStream | None = None

    @property
    def container_id(self) -> str:
        return str(self._container.id)

    def _interrupt(self) -> None:
        if self._stream is not None:
            self._stream.close()

    def _read(self) -> None:
        splitter = LineSplitter()
        try:
            self._stream = RawLogStream(self._container, follow=self._follow, tail=self._tail)
            if self._closed.is_set():  # close() ran before the stream existed
                self._stream.close()
            for block in self._stream.blocks():
                if self._closed.is_set():
                    break
                self._on_loop(self._queue.put_batch, self._parse(splitter.feed(block)))
            if not self._closed.is_set():
                self._on_loop(self._queue.put_batch, self._parse(splitter.finish()))
        except Exception as exc:  # a stream cut by close() or by the container going away ends the reading
            if not self._closed.is_set():
                self._on_loop(self._queue.put, LogLine(self.source, "", f"[log stream ended: {exc}]"))
        finally:
            if self._stream is not None:
                self._stream.release()
            self._on_loop(self._queue.end)

    def _parse(self, raws: list[bytes]) -> list[LogLine]:
        """Lines as LogLines: "TIMESTAMP text" split (a line without Docker's timestamp keeps all its text), the
        token masked. Decoded and masked once for the whole batch (a secret never spans lines)."""
        if not raws:
            return []
        text = b"\n".join(raws).decode("utf-8", errors="replace")
        if self._secrets:
            text = redact(text, self._secrets)
        source, parsed = self.source, []
        for line in text.split("\n"):
            line = line.rstrip("\r")
            timestamp, _, message = line.partition(" ")
            if not (len(timestamp) >= 20 and timestamp[4] == "-" and "T" in timestamp):
                timestamp, message = "", line
            parsed.append(LogLine(source, timestamp, message))
        return parsed
