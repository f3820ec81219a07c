"""The write commands the managed Redis runs, with Redis's own timestamps, through MONITOR in a thread of its own.

MONITOR rather than keyspace notifications: it gives the command with its arguments (the value written, not
only the key's name), a microsecond timestamp from Redis itself and the client's address, needs no change to
the server's configuration, and sees every database. It slows Redis down, which a local test Redis can afford;
lambdadesk runs it only while it records invocations."""

from __future__ import annotations

import re
import threading
import time
from collections import deque
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # redis-py loads when Redis is first watched or read, not with every session
    import redis

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


VALUE_CHARS = 2000
_LINE = re.compile(r"^(\d+\.\d+) \[(\d+) (.*?)\] (.*)$", re.DOTALL)
_ARGUMENT = re.compile(r'"((?:[^"\\]|\\.)*)"')


KEYLESS = frozenset({"EVAL", "EVALSHA", "FLUSHALL", "FLUSHDB", "LMPOP", "PUBLISH"})


@dataclass(frozen=True)
class MonitoredWrite:
    at: float  # epoch seconds, Redis's clock
    command: str  # the arguments joined by spaces, bounded
    client: str  # address:port
    key: str = ""  # the first argument: the key, for the commands that write one


def parse_monitor_line(line: str) -> tuple[float, str, list[str]] | None:
    """`1796185281.782951 [0 127.0.0.1:44616] "SET" "k" "v"` -> (time, client, arguments); None if not one."""
    matched = _LINE.match(line)
    if matched is None:
        return None
    arguments = [piece.replace('\\"', '"') for piece in _ARGUMENT.findall(matched.group(4))]
    return float(matched.group(1)), matched.group(3), arguments


class RedisMonitor:
    def __init__(self, host: str, port: int) -> None:
        self._host, self._port = host, port
        self._writes: deque[MonitoredWrite] = deque(maxlen=KEPT)
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._monitor: redis.client.Monitor | None = None
        self._client: redis.Redis | None = None
        self._reader: redis.Redis | None = None  # values after a call, on a connection of its own
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
        import redis
        from redis.backoff import NoBackoff
        from redis.retry import Retry

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
        for client in (self._client, self._reader):
            if client is not None:
                client.close()
        if self._thread is not None:
            self._thread.join(timeout=2)

    def value_of(self, key: str) -> str:
        """Blocking. The key's value now, bounded: a string's text, else its type and size; "(no such key)"."""
        import redis
        from redis.backoff import NoBackoff
        from redis.retry import Retry

        if self._reader is None:
            self._reader = redis.Redis(self._host, self._port, socket_timeout=2, retry=Retry(NoBackoff(), 0))
        client = self._reader
        try:
            kind = _text(client.type(key))
            if kind == "none":
                return "(no such key)"
            if kind == "string":
                return _text(client.getrange(key, 0, VALUE_CHARS - 1))
            size = {"hash": client.hlen, "list": client.llen, "set": client.scard, "zset": client.zcard,
                    "stream": client.xlen}.get(kind)
            return f"({kind}, {size(key)} items)" if size else f"({kind})"
        except redis.RedisError as exc:
            return f"(could not be read: {exc})"

    def _follow(self, monitor: redis.client.Monitor) -> None:
        import redis

        try:
            while True:
                response = monitor.connection.read_response()
                line = response.decode("utf-8", errors="replace") if isinstance(response, bytes) else str(response)
                parsed = parse_monitor_line(line)
                if parsed is None or not parsed[2] or parsed[2][0].upper() not in WRITES:
                    continue
                at, client, arguments = parsed
                key = arguments[1] if len(arguments) > 1 and arguments[0].upper() not in KEYLESS else ""
                write = MonitoredWrite(at, " ".join(arguments)[:COMMAND_CHARS], client, key)
                with self._lock:
                    self._writes.append(write)
        except (redis.RedisError, OSError, ValueError, AttributeError) as exc:
            self._lost_at = time.time()
            if not self._stopping:
                self.problem = f"lambdadesk stopped seeing Redis's writes ({exc or type(exc).__name__})"


def _text(value: object) -> str:
    return value.decode("utf-8", errors="replace") if isinstance(value, bytes) else str(value)
