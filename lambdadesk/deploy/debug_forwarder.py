"""Debug on the bridge topology: the function's Lambda container listens for the debugger on the environment's
private network, which the editor cannot reach; lambdadesk listens on 127.0.0.1:PORT instead and carries each
connection to the container (looked up when the editor connects: the container starts with the first request).
Nothing listens anywhere but on this machine's loopback."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable

from lambdadesk.core.topology import LOOPBACK

CHUNK = 64 * 1024


class DebugForwarder:
    def __init__(self, port: int, target: Callable[[], Awaitable[str | None]], on_event: Callable[[str], None],
                 function: str, upstream_port: int | None = None) -> None:
        self.port = port
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
            address = await self._target()
            if address is None:
                self._on_event(f"A debugger connected to 127.0.0.1:{self.port}, but no Lambda container of "
                               f"{self._function} runs yet: send it a request first, then attach.")
                return
            try:
                upstream_reader, upstream_writer = await asyncio.open_connection(address, self.upstream_port)
            except OSError as exc:
                self._on_event(f"{self._function}'s Lambda container ({address}) does not answer on port "
                               f"{self.upstream_port} yet ({exc.strerror or exc}): attach again in a moment.")
                return
            try:
                await asyncio.gather(_pipe(reader, upstream_writer), _pipe(upstream_reader, writer))
            finally:
                await _closed(upstream_writer)
        finally:
            await _closed(writer)
            if link is not None:
                self._links.discard(link)


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
