"""Attach: a profile that points at an emulator (and optionally a Redis) lambdadesk did not start. Plain data,
validated on load; lambdadesk then browses, deploys, sends and captures there, and never starts, stops or resets
anything of it (environment/attached.py).

In a profile: `"attach": {"emulator_url": "http://127.0.0.1:4566", "redis_url": "redis://127.0.0.1:6379"}`, and,
when the emulator runs its Lambdas where these addresses mean something else (a container of its own), the
addresses its Lambdas use (`lambda_emulator_url`, `lambda_redis_url`) and the address of this machine the
emulator reaches the SNS capture endpoint at (`capture_host`: an IP address or a host name such as a compose
service's; 127.0.0.1 when not given)."""

from __future__ import annotations

import ipaddress
import re
import urllib.parse
from dataclasses import dataclass

from lambdadesk.core.errors import LambdadeskError, ProfileError

KEYS = ("emulator_url", "redis_url", "lambda_emulator_url", "lambda_redis_url", "capture_host")
LOOPBACK = "127.0.0.1"
# a host name, or a container's network alias (Drone reaches a step by its name: underscores allowed)
_HOST_NAME = re.compile(r"^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9_-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9_-]{0,61}"
                        r"[A-Za-z0-9])?)*$")


@dataclass(frozen=True)
class HostPort:
    host: str
    port: int


@dataclass(frozen=True)
class AttachTarget:
    """What an attached profile reaches, from this machine and from the emulator's Lambdas."""

    emulator_url: str
    redis: HostPort | None
    lambda_emulator_url: str
    lambda_redis: HostPort | None
    capture_host: str

    def where(self) -> str:
        """The attached services in words: "http://127.0.0.1:4566 and redis://127.0.0.1:6379"."""
        redis = f" and redis://{self.redis.host}:{self.redis.port}" if self.redis else ""
        return self.emulator_url + redis


class AttachedError(LambdadeskError):
    """What lambdadesk does not do to an environment it did not start."""

    def __init__(self, doing: str, target: AttachTarget) -> None:
        super().__init__(f"This profile is attached to {target.where()}, which lambdadesk did not start: it does not "
                         f"{doing} it.", f"Do that where you started it; to have lambdadesk {doing} an environment "
                         "of its own, use a profile without 'attach'.")


def parse_attach(settings: dict[str, str]) -> AttachTarget | None:
    """The profile's `attach` settings checked (None when empty); a wrong one is named with what to write."""
    if not settings:
        return None
    unknown = sorted(set(settings) - set(KEYS))
    if unknown:
        raise ProfileError(f"Unknown attach settings: {', '.join(unknown)}.", "The attach settings are: "
                           + ", ".join(KEYS) + ".")
    if "emulator_url" not in settings:
        raise ProfileError("attach needs emulator_url: the address of the emulator to attach to.",
                           'Add "emulator_url": "http://127.0.0.1:4566" (its address) to attach.')
    emulator_url = _http_url("emulator_url", settings["emulator_url"])
    redis = _redis_address("redis_url", settings["redis_url"]) if settings.get("redis_url") else None
    lambda_url = _http_url("lambda_emulator_url", settings.get("lambda_emulator_url") or emulator_url)
    lambda_redis = _redis_address("lambda_redis_url", settings["lambda_redis_url"]) \
        if settings.get("lambda_redis_url") else redis
    capture_host = settings.get("capture_host") or LOOPBACK
    if not _is_address(capture_host):
        raise ProfileError(f"attach capture_host is {capture_host!r}, not an address.",
                           "Give the address of this machine the emulator reaches (the capture endpoint listens "
                           "there), e.g. 127.0.0.1, 172.17.0.1, or a compose service's name.")
    return AttachTarget(emulator_url, redis, lambda_url, lambda_redis, capture_host)


def _is_address(host: str) -> bool:
    """An IP address, or a host name (a compose service's, a pod's)."""
    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        return bool(_HOST_NAME.match(host))


def _http_url(key: str, value: str) -> str:
    parts = urllib.parse.urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.path not in ("", "/") \
            or parts.query or parts.username:
        raise ProfileError(f"attach {key} is {value!r}, not an emulator's address.",
                           "Write it as http://HOST:PORT, e.g. http://127.0.0.1:4566.")
    _port(key, value, parts)
    return f"{parts.scheme}://{parts.netloc}"


def _redis_address(key: str, value: str) -> HostPort:
    parts = urllib.parse.urlsplit(value)
    if parts.scheme != "redis" or not parts.hostname or parts.path not in ("", "/", "/0") or parts.username \
            or parts.password:
        raise ProfileError(f"attach {key} is {value!r}, not a Redis address lambdadesk can use.",
                           "Write it as redis://HOST:PORT (database 0, no password), e.g. redis://127.0.0.1:6379.")
    return HostPort(parts.hostname, _port(key, value, parts) or 6379)


def _port(key: str, value: str, parts: urllib.parse.SplitResult) -> int | None:
    try:
        port = parts.port
    except ValueError:
        port = 0
    if port == 0:
        raise ProfileError(f"attach {key} is {value!r}: its port is not a TCP port.", "Choose a port from 1 to 65535.")
    return port
