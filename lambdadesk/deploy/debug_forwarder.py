"""Debug on the bridge topology: the function's Lambda container listens for the debugger on the environment's
private network, which the editor cannot reach; lambdadesk listens on 127.0.0.1:PORT instead and carries each
connection to the container (looked up when the editor connects, and again until it listens: the container starts
with the first request).
Nothing listens anywhere but on this machine's loopback."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable

from lambdadesk.core.topology import LOOPBACK

CHUNK = 64 * 1024
LOOK_EVERY_S = 0.3


class DebugForwarder:
    def __init__(self, port: int, target: Callable[[], Awaitable[str | None]], on_event: Callable[[str], None],
                 function: str, upstream_port: int | None = None, hold_s: float = 60) -> None:
        self.port = port
        self.hold_s = hold_s
        self.upstream_port = upstream_port or port  # the container's (the same port, on its own address)
        self._target = target  # the Lambda container's address, or None while none runs
        self._on_event = on_event
        self._function = function
        self._server: asyncio.Server | None = None
        self._links: set[asyncio.Task[None]] = set()

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._on_client, LOOPBACK, self.port)

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None
        for link in list(self._links):
            link.cancel()
        await asyncio.gather(*self._links, return_exceptions=True)

    async def _on_client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        link = asyncio.current_task()
        if link is not None:
            self._links.add(link)
        try:
            upstream = await self._upstream()
            if upstream is None:
                return
            upstream_reader, upstream_writer = upstream
            try:
                await asyncio.gather(_pipe(reader, upstream_writer), _pipe(upstream_reader, writer))
            finally:
                await _closed(upstream_writer)
        finally:
            await _closed(writer)
            if link is not None:
                self._links.discard(link)

    async def _upstream(self) -> tuple[asyncio.StreamReader, asyncio.StreamWriter] | None:
        """The connection to the function's debugpy. An editor that connects before the Lambda container runs (or
        before it listens) is held, up to `hold_s`, with what it sends kept, as it would wait at a closed port."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.hold_s
        address: str | None = None
        problem: OSError | None = None
        told = False
        while True:
            address = await self._target()
            if address is not None:
                try:
                    return await asyncio.open_connection(address, self.upstream_port)
                except OSError as exc:
                    problem = exc
            if loop.time() >= deadline:
                break
            if not told:
                told = True
                self._on_event(f"A debugger connected to 127.0.0.1:{self.port}; it is held until {self._function}'s "
                               "Lambda container listens: send the function a request.")
            await asyncio.sleep(LOOK_EVERY_S)
        if address is None:
            self._on_event(f"No Lambda container of {self._function} ran within {self.hold_s:g} s of the debugger "
                           "connecting: send it a request first, then attach.")
        else:
            reason = (problem.strerror or str(problem)) if problem is not None else "no answer"
            self._on_event(f"{self._function}'s Lambda container ({address}) did not answer on port "
                           f"{self.upstream_port} ({reason}): attach again.")
        return None


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """Bytes one way until either side ends; the other way is ended with it."""
    try:
        while chunk := await reader.read(CHUNK):
            writer.write(chunk)
            await writer.drain()
    except (ConnectionError, OSError):
        pass
    finally:
        with contextlib.suppress(OSError, RuntimeError):
            writer.close()


async def _closed(writer: asyncio.StreamWriter) -> None:
    with contextlib.suppress(OSError, RuntimeError):
        writer.close()
        await writer.wait_closed()
