"""A flow's Redis seed data is written whole, in one transaction, with its expiry (a real redis-server)."""

import redis

from lambdadesk.capture.redis_inspector import RedisInspector
from tests.local_redis import local_redis

__all__ = ["local_redis"]


async def test_seed_data_replaces_the_key_whole_with_its_expiry(local_redis: int) -> None:
    client = redis.Redis(port=local_redis, decode_responses=True)
    client.hset("cart:1", mapping={"old": "field", "items": "9"})
    client.set("motto", "old", ex=5)
    inspector = RedisInspector("127.0.0.1", local_redis)
    try:
        await inspector.put("cart:1", {"items": "3", "owner": "ann"})
        await inspector.put("motto", "be kind")
        await inspector.put("token", "abc", ttl_s=60)
        await inspector.put("empty", {})
    finally:
        await inspector.close()
    assert client.hgetall("cart:1") == {"items": "3", "owner": "ann"}  # the old field is gone
    assert client.get("motto") == "be kind" and client.ttl("motto") == -1  # its old expiry too
    assert client.get("token") == "abc" and 55 <= client.ttl("token") <= 60
    assert client.exists("empty") == 0  # an empty hash is no key, as in Redis
