"""Bounds what slow or half-open senders can hold of the capture endpoint: at most MAX_CONNECTIONS at once (more
are closed at once) and each connection for at most MAX_CONNECTION_S (an SNS delivery takes milliseconds). A site
for aiohttp's runner that wraps each connection's protocol; the protocol itself is aiohttp's, untouched."""

from __future__ import annotations

import asyncio
from typing import Any

from aiohttp import web

MAX_CONNECTIONS = 128
MAX_CONNECTION_S = 10.0


class _Limits:
    def __init__(self, most: int, lifetime_s: float) -> None:
        self.most, self.lifetime_s = most, lifetime_s
        self.open = 0
        self.turned_away = 0


class _Guarded(asyncio.Protocol):
    def __init__(self, inner: Any, limits: _Limits) -> None:
        self._inner = inner
        self._limits = limits
        self._admitted = False
        self._timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)  # a TCP connection
        if self._limits.open >= self._limits.most:
            self._limits.turned_away += 1
            transport.abort()
            return
        self._admitted = True
        self._limits.open += 1
        self._timer = asyncio.get_running_loop().call_later(self._limits.lifetime_s, transport.abort)
        self._inner.connection_made(transport)

    def data_received(self, data: bytes) -> None:
        if self._admitted:
            self._inner.data_received(data)

    def eof_received(self) -> bool | None:
        return bool(self._inner.eof_received()) if self._admitted else None

    def pause_writing(self) -> None:
        if self._admitted:
            self._inner.pause_writing()

    def resume_writing(self) -> None:
        if self._admitted:
            self._inner.resume_writing()

    def connection_lost(self, exc: Exception | None) -> None:
        if not self._admitted:
            return
        if self._timer is not None:
            self._timer.cancel()
        self._limits.open -= 1
        self._inner.connection_lost(exc)


class GuardedSite(web.TCPSite):
    def __init__(self, runner: web.AppRunner, host: str, port: int, most: int = MAX_CONNECTIONS,
                 lifetime_s: float = MAX_CONNECTION_S) -> None:
        super().__init__(runner, host, port)
        self.limits = _Limits(most, lifetime_s)

    async def start(self) -> None:
        await web.BaseSite.start(self)  # registers the site with the runner, as TCPSite.start does first
        server = self._runner.server
        assert server is not None
        self._server = await asyncio.get_running_loop().create_server(
            lambda: _Guarded(server(), self.limits), self._host, self._port)
