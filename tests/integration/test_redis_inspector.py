import asyncio
import json

import pytest
import redis

from lambdadesk.capture.redis_inspector import MAX_DISPLAY, RedisInspector
from lambdadesk.core.errors import LambdadeskError
from lambdadesk.core.topology import addresses
from lambdadesk.environment.service import EnvironmentService


async def test_the_inspector_reads_every_type_binary_safely_with_ttl(orchestrator: EnvironmentService) -> None:
    await orchestrator.up()
    view = addresses(orchestrator.profile).host
    store = redis.Redis(host=view.redis_host, port=view.redis_port)
    store.set("json", json.dumps({"b": 1, "a": [1, 2]}), ex=300)
    store.set("binary", b"\x00\xffok")
    store.set("huge", b"x" * (MAX_DISPLAY + 10))
    store.hset("hash", mapping={"f": "v"})
    store.rpush("list", "a", "b")
    store.sadd("set", "y", "x")
    store.zadd("zset", {"m": 2.5})
    store.xadd("stream", {"k": "v"})
    inspector = RedisInspector(view.redis_host, view.redis_port)
    try:
        value = await inspector.read("json")
        assert value is not None and value.type == "string" and 0 < value.ttl_s <= 300
        assert json.loads(value.text) == {"b": 1, "a": [1, 2]} and "\n" in value.text  # pretty-printed
        binary = await inspector.read("binary")
        assert binary is not None and binary.text == "(binary, hex) 00 ff 6f 6b" and binary.ttl_s == -1
        huge = await inspector.read("huge")
        assert huge is not None and huge.truncated and len(huge.text) == MAX_DISPLAY and huge.size == MAX_DISPLAY + 10
        assert json.loads((await inspector.read("hash")).text) == {"f": "v"}  # type: ignore[union-attr]
        assert json.loads((await inspector.read("list")).text) == ["a", "b"]  # type: ignore[union-attr]
        assert json.loads((await inspector.read("set")).text) == ["x", "y"]  # type: ignore[union-attr]
        assert json.loads((await inspector.read("zset")).text) == [["m", 2.5]]  # type: ignore[union-attr]
        stream = await inspector.read("stream")
        assert stream is not None and stream.type == "stream" and '"k": "v"' in stream.text
        assert await inspector.read("missing") is None

        keys: list[str] = []
        cursor = 0
        while True:  # SCAN pages until the cursor comes back to 0
            cursor, page = await inspector.scan("*", cursor, count=2)
            keys += page
            if cursor == 0:
                break
        assert sorted(set(keys)) == ["binary", "hash", "huge", "json", "list", "set", "stream", "zset"]

        store.set("req-7", "the body")
        found = await inspector.correlate(json.dumps({"key": "req-7"}))
        assert found is not None and found.key == "req-7" and found.text == "the body"
        store.set("req-8", "in an attribute")  # the key travels in a message attribute, the body says something else
        found = await inspector.correlate("order paid", {"trace": "nothing-here", "cacheKey": "req-8"})
        assert found is not None and found.key == "req-8"
        assert await inspector.correlate("order paid") is None
    finally:
        await inspector.close()


async def test_the_live_watch_reports_changed_keys_as_they_change(orchestrator: EnvironmentService) -> None:
    await orchestrator.up()
    view = addresses(orchestrator.profile).host
    inspector = RedisInspector(view.redis_host, view.redis_port)
    store = redis.Redis(host=view.redis_host, port=view.redis_port)
    seen: list[tuple[str, str]] = []

    async def collect() -> None:
        async for change in inspector.watch("seed:*"):
            seen.append(change)
            if len(seen) == 3:
                return

    watching = asyncio.create_task(collect())
    await asyncio.sleep(0.3)  # subscribed
    store.set("other", "ignored")
    store.set("seed:1", "a")
    store.expire("seed:1", 60)
    store.delete("seed:1")
    try:
        await asyncio.wait_for(watching, timeout=10)
    finally:
        await inspector.close()
    assert seen == [("seed:1", "set"), ("seed:1", "expire"), ("seed:1", "del")]


async def test_a_redis_without_notifications_is_explained(orchestrator: EnvironmentService) -> None:
    await orchestrator.up()
    view = addresses(orchestrator.profile).host
    redis.Redis(host=view.redis_host, port=view.redis_port).config_set("notify-keyspace-events", "")
    inspector = RedisInspector(view.redis_host, view.redis_port)
    try:
        with pytest.raises(LambdadeskError, match="does not publish keyspace notifications"):
            async for _ in inspector.watch():
                break
    finally:
        await inspector.close()
