"""Redis as users fill it: binary values, a 50 MB value, a million keys browsed by SCAN pages. The inspector must
answer quickly with bounded output, never read a whole huge value, and never use KEYS."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator

import pytest
import redis

from lambdadesk.capture.redis_inspector import MAX_DISPLAY, RedisInspector
from lambdadesk.core.profile import Profile
from lambdadesk.core.topology import addresses
from tests.reliability.conftest import Tried

MILLION = 1_000_000


@pytest.fixture
def store(running: Profile) -> redis.Redis:
    view = addresses(running).host
    client = redis.Redis(host=view.redis_host, port=view.redis_port)
    client.flushall()
    return client


@pytest.fixture
async def inspector(running: Profile, store: redis.Redis) -> AsyncIterator[RedisInspector]:
    view = addresses(running).host
    reader = RedisInspector(view.redis_host, view.redis_port)
    yield reader
    await reader.close()
    store.flushall()
    store.close()


async def test_binary_and_huge_values_are_shown_bounded(store: redis.Redis, inspector: RedisInspector,
                                                        tried: Tried) -> None:
    tried("bad input", "Redis binary values (NUL, invalid UTF-8): shown as hex, read back exactly")
    tried("bad input", "Redis 50 MB string, 200,000-field hash, 200,000-item list: shown bounded, sizes right")
    binary = bytes(range(256)) * 4
    store.set("bin", binary)
    value = await inspector.read("bin")
    assert value is not None and value.text.startswith("(binary, hex) 00 01 02 03")
    assert await inspector.raw("bin") == binary

    store.set("huge", b"\xab" * (50 * 2**20))
    started = time.monotonic()
    value = await inspector.read("huge")
    assert value is not None and value.size == 50 * 2**20 and value.truncated
    assert len(value.text) <= 3 * MAX_DISPLAY + 32  # the hex of the first MAX_DISPLAY bytes at most
    print(f"read of a 50 MB value: {time.monotonic() - started:.3f} s")

    for start in range(0, 200_000, 10_000):
        store.hset("big-hash", mapping={f"f{i}": i for i in range(start, start + 10_000)})
        store.rpush("big-list", *range(start, start + 10_000))
    for key in ("big-hash", "big-list"):
        value = await inspector.read(key)
        assert value is not None and value.size == 200_000 and value.truncated and len(value.text) <= MAX_DISPLAY


async def test_a_million_keys_are_browsed_page_by_page(store: redis.Redis, inspector: RedisInspector,
                                                       tried: Tried) -> None:
    tried("bad input", "Redis with 1,000,000 keys: browsed by SCAN pages, every key seen, pattern filter works")
    pipe = store.pipeline(transaction=False)
    for start in range(0, MILLION, 10_000):
        pipe.mset({f"k:{i}": i for i in range(start, start + 10_000)})
    pipe.execute()
    assert store.dbsize() == MILLION

    cursor, first_page = await inspector.scan("k:*", 0, 500)
    assert cursor != 0 and 0 < len(first_page) < 2_000  # one page, not the whole keyspace
    seen: set[str] = set(first_page)
    pages = 1
    while cursor:
        cursor, keys = await inspector.scan("k:*", cursor, 5_000)
        seen.update(keys)
        pages += 1
    assert len(seen) == MILLION
    cursor, keys = await inspector.scan("k:99999?", 0, 5_000)
    while cursor:
        cursor, more = await inspector.scan("k:99999?", cursor, 5_000)
        keys += more
    assert sorted(keys) == sorted(f"k:99999{d}" for d in range(10))
    print(f"{pages} pages for 1,000,000 keys")
