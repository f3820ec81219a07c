"""The write commands the managed Redis runs, with Redis's own timestamps, through MONITOR in a thread of its own.

MONITOR rather than keyspace notifications: it gives the command with its arguments (the value written, not
only the key's name), a microsecond timestamp from Redis itself and the client's address, needs no change to
the server's configuration, and sees every database. It slows Redis down, which a local test Redis can afford;
lambdadesk runs it only while it records invocations."""

from __future__ import annotations

import threading
import time
from collections import deque
from dataclasses import dataclass

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

KEPT = 20_000
COMMAND_CHARS = 400
WRITES = frozenset({
    "APPEND", "BLMOVE", "BLPOP", "BRPOP", "BZPOPMAX", "BZPOPMIN", "COPY", "DECR", "DECRBY", "DEL", "EVAL", "EVALSHA",
    "EXPIRE", "EXPIREAT", "FLUSHALL", "FLUSHDB", "GEOADD", "GETDEL", "GETEX", "GETSET", "HDEL", "HINCRBY",
    "HINCRBYFLOAT", "HMSET", "HSET", "HSETNX", "INCR", "INCRBY", "INCRBYFLOAT", "LINSERT", "LMOVE", "LMPOP", "LPOP",
    "LPUSH", "LPUSHX", "LREM", "LSET", "LTRIM", "MOVE", "MSET", "MSETNX", "PERSIST", "PEXPIRE", "PEXPIREAT",
    "PFADD", "PSETEX", "PUBLISH", "RENAME", "RENAMENX", "RPOP", "RPOPLPUSH", "RPUSH", "RPUSHX", "SADD", "SDIFFSTORE",
    "SET", "SETEX", "SETNX", "SETRANGE", "SINTERSTORE", "SMOVE", "SPOP", "SREM", "SUNIONSTORE", "UNLINK", "XADD",
    "XDEL", "XTRIM", "ZADD", "ZINCRBY", "ZPOPMAX", "ZPOPMIN", "ZREM", "ZREMRANGEBYRANK", "ZREMRANGEBYSCORE",
})


@dataclass(frozen=True)
class MonitoredWrite:
    at: float  # epoch seconds, Redis's clock
    command: str
    client: str  # address:port


class RedisMonitor:
    def __init__(self, host: str, port: int) -> None:
        self._host, self._port = host, port
        self._writes: deque[MonitoredWrite] = deque(maxlen=KEPT)
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._monitor: redis.client.Monitor | None = None
        self._client: redis.Redis | None = None
        self._stopping = False
        self._since: float | None = None  # watching without a gap since then
        self._lost_at = float("inf")
        self.problem = ""  # why it is not watching, in words ("" while it is)

    @property
    def watching(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> bool:
        """Blocking. Watch (again, after Redis went away) if not watching; False, with `problem`, when it cannot."""
        if self.watching:
            return True
        try:
            client = redis.Redis(self._host, self._port, socket_connect_timeout=2, retry=Retry(NoBackoff(), 0))
            monitor = client.monitor()  # type: ignore[no-untyped-call]
            monitor.__enter__()  # sends MONITOR and waits for its OK
        except redis.RedisError as exc:
            self.problem = f"Redis at {self._host}:{self._port} could not be watched ({exc})"
            return False
        self._client = client  # its connection pool would close the monitor's connection when collected
        self._monitor, self._stopping, self.problem = monitor, False, ""
        self._since, self._lost_at = time.time(), float("inf")
        self._thread = threading.Thread(target=self._follow, args=(monitor,), name="redis-monitor", daemon=True)
        self._thread.start()
        return True

    def covers(self, start: float, end: float) -> bool:
        """Whether every write between `start` and `end` was seen (watching throughout)."""
        return self._since is not None and self._since <= start and end <= self._lost_at

    def writes_between(self, start: float, end: float) -> list[MonitoredWrite]:
        with self._lock:
            return [write for write in self._writes if start <= write.at <= end]

    def close(self) -> None:
        self._stopping = True
        monitor, self._monitor = self._monitor, None
        if monitor is not None:
            monitor.connection.disconnect()  # unblocks the thread's read
        if self._client is not None:
            self._client.close()
        if self._thread is not None:
            self._thread.join(timeout=2)

    def _follow(self, monitor: redis.client.Monitor) -> None:
        try:
            while True:
                command = monitor.next_command()  # type: ignore[no-untyped-call]
                name = str(command["command"]).split(" ", 1)[0].upper()
                if name in WRITES:
                    write = MonitoredWrite(float(command["time"]), str(command["command"])[:COMMAND_CHARS],
                                           f"{command['client_address']}:{command['client_port']}")
                    with self._lock:
                        self._writes.append(write)
        except (redis.RedisError, OSError, ValueError, AttributeError) as exc:
            self._lost_at = time.time()
            if not self._stopping:
                self.problem = f"lambdadesk stopped seeing Redis's writes ({exc or type(exc).__name__})"
