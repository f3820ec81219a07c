"""Reads Redis for people: SCAN (never KEYS), type-aware values with TTL, binary-safe and size-limited display;
and writes the seed data a flow asks for."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from lambdadesk.core.correlation import candidate_keys
from lambdadesk.core.display import pretty_json
from lambdadesk.core.errors import LambdadeskError

MAX_DISPLAY = 64 * 1024  # bytes of a value shown; the rest is cut and said to be cut


@dataclass(frozen=True)
class RedisValue:
    key: str
    type: str
    ttl_s: int  # -1: no expiry
    text: str  # pretty JSON, UTF-8 text, or hex for binary data
    size: int  # bytes (string) or number of items
    truncated: bool = False


class RedisInspector:
    def __init__(self, host: str, port: int) -> None:
        self._address = (host, port)
        self._made: Any = None  # redis-py's stubs disagree with its runtime types for several replies: untyped

    @property
    def _client(self) -> Any:
        """The client, made on first use (redis-py loads then, not with every session)."""
        if self._made is None:
            import redis.asyncio as aioredis

            host, port = self._address
            self._made = aioredis.Redis(host=host, port=port, socket_timeout=10, socket_connect_timeout=5)
        return self._made

    async def close(self) -> None:
        if self._made is not None:
            await self._made.aclose()

    async def put(self, key: str, value: str | dict[str, str], ttl_s: float | None = None) -> None:
        """The key holds `value` (text, or a hash's fields) and nothing else, expiring after `ttl_s` if given; in one
        transaction, so no step sees it half written."""
        async with self._client.pipeline(transaction=True) as pipe:
            pipe.delete(key)
            if isinstance(value, dict):
                if value:
                    pipe.hset(key, mapping=value)
            else:
                pipe.set(key, value)
            if ttl_s:
                pipe.pexpire(key, int(ttl_s * 1000))
            await pipe.execute()

    async def scan(self, pattern: str = "*", cursor: int = 0, count: int = 500) -> tuple[int, list[str]]:
        """One SCAN page: (next cursor, keys); cursor 0 means done."""
        next_cursor, keys = await self._client.scan(cursor=cursor, match=pattern, count=count)
        return int(next_cursor), [_text(k)[0] for k in keys]

    async def read(self, key: str) -> RedisValue | None:
        kind = _text(await self._client.type(key))[0]
        if kind == "none":
            return None
        ttl = int(await self._client.ttl(key))
        if kind == "string":
            raw = await self._client.getrange(key, 0, MAX_DISPLAY - 1)
            size = int(await self._client.strlen(key))
            return RedisValue(key, kind, ttl, _display(raw), size, size > MAX_DISPLAY)
        items: object
        if kind == "hash":
            size = int(await self._client.hlen(key))
            _, fields = await self._client.hscan(key, cursor=0, count=1000)  # a page, never the whole hash
            items = {_text(k)[0]: _text(v)[0] for k, v in list(fields.items())[:1000]}
        elif kind == "list":
            size = int(await self._client.llen(key))
            items = [_text(v)[0] for v in await self._client.lrange(key, 0, 999)]
        elif kind == "set":
            size = int(await self._client.scard(key))
            items = sorted(_text(v)[0] for v in await self._client.srandmember(key, 1000))
        elif kind == "zset":
            size = int(await self._client.zcard(key))
            items = [[_text(m)[0], s] for m, s in await self._client.zrange(key, 0, 999, withscores=True)]
        elif kind == "stream":
            size = int(await self._client.xlen(key))
            items = [[_text(i)[0], {_text(k)[0]: _text(v)[0] for k, v in fields.items()}]
                     for i, fields in await self._client.xrange(key, count=1000)]
        else:
            return RedisValue(key, kind, ttl, f"({kind} values are not shown)", 0)
        text = json.dumps(items, indent=2, ensure_ascii=False)
        return RedisValue(key, kind, ttl, text[:MAX_DISPLAY], size, size > 1000 or len(text) > MAX_DISPLAY)

    async def watch(self, pattern: str = "*") -> AsyncIterator[tuple[str, str]]:
        """(key, event) for each change to a key matching `pattern`, through keyspace notifications."""
        settings = await self._client.config_get("notify-keyspace-events")
        flags = _text(settings.get("notify-keyspace-events", b"") if isinstance(settings, dict) else b"")[0]
        if not flags or ("K" not in flags) or not ({"A", "g", "$"} & set(flags)):
            raise LambdadeskError(
                f"This Redis does not publish keyspace notifications (notify-keyspace-events={flags!r}).",
                "Run CONFIG SET notify-keyspace-events KEA on it; lambdadesk's own Redis has them on.")
        prefix = "__keyspace@0__:"
        pubsub = self._client.pubsub()
        await pubsub.psubscribe(prefix + pattern)
        try:
            async for message in pubsub.listen():
                if message.get("type") == "pmessage":
                    yield _text(message["channel"])[0].removeprefix(prefix), _text(message["data"])[0]
        finally:
            await pubsub.aclose()

    async def raw(self, key: str) -> bytes | None:
        """A string value exactly as stored."""
        value: bytes | None = await self._client.get(key)
        return value

    async def hash_field(self, key: str, field: str) -> bytes | None:
        """One field of a hash exactly as stored."""
        value: bytes | None = await self._client.hget(key, field)
        return value

    async def correlate(self, message: str, attributes: dict[str, str] | None = None) -> RedisValue | None:
        """The value an SNS message (or one of its attributes) points to: the first candidate key that exists."""
        for key in candidate_keys(message, attributes):
            value = await self.read(key)
            if value is not None:
                return value
        return None


def _text(raw: bytes | str) -> tuple[str, bool]:
    """(text, was_binary): UTF-8 when it decodes, else hex."""
    if isinstance(raw, str):
        return raw, False
    try:
        return raw.decode("utf-8"), False
    except UnicodeDecodeError:
        return raw.hex(" "), True


def _display(raw: bytes) -> str:
    text, binary = _text(raw)
    if binary:
        return f"(binary, hex) {text}"
    return pretty_json(text)
