"""An attached profile's settings: every address form accepted or refused, each refusal in full."""

from __future__ import annotations

import pytest

from lambdadesk.core.attach import AttachedError, HostPort, parse_attach
from lambdadesk.core.errors import ProfileError

HTTP_NEXT = "Write it as http://HOST:PORT, e.g. http://127.0.0.1:4566."
REDIS_NEXT = "Write it as redis://HOST:PORT (database 0, no password), e.g. redis://127.0.0.1:6379."


@pytest.mark.parametrize("url", ["http://127.0.0.1:4566", "https://emu.local:4566/", "http://[::1]:4566"])
def test_emulator_addresses_that_work(url: str) -> None:
    target = parse_attach({"emulator_url": url})
    assert target is not None and target.emulator_url == url.rstrip("/") and target.lambda_emulator_url == \
        target.emulator_url and target.redis is None and target.capture_host == "127.0.0.1"


@pytest.mark.parametrize("url", ["ftp://127.0.0.1:4566", "http://:4566", "http://127.0.0.1:4566/api",
                                 "http://127.0.0.1:4566/?x=1", "http://me@127.0.0.1:4566", "127.0.0.1:4566"])
def test_emulator_addresses_refused_in_full(url: str) -> None:
    with pytest.raises(ProfileError) as refused:
        parse_attach({"emulator_url": url})
    assert (refused.value.message, refused.value.next_step) == (
        f"attach emulator_url is {url!r}, not an emulator's address.", HTTP_NEXT)


@pytest.mark.parametrize(("url", "where"), [("redis://127.0.0.1:6379", HostPort("127.0.0.1", 6379)),
                                            ("redis://cache", HostPort("cache", 6379)),
                                            ("redis://cache:7000/0", HostPort("cache", 7000)),
                                            ("redis://cache:7000/", HostPort("cache", 7000))])
def test_redis_addresses_that_work(url: str, where: HostPort) -> None:
    target = parse_attach({"emulator_url": "http://127.0.0.1:4566", "redis_url": url})
    assert target is not None and target.redis == where and target.lambda_redis == where
    assert target.where() == f"http://127.0.0.1:4566 and redis://{where.host}:{where.port}"


@pytest.mark.parametrize("url", ["http://127.0.0.1:6379", "redis://:6379", "redis://cache:6379/1",
                                 "redis://user@cache:6379", "redis://:secret@cache:6379"])
def test_redis_addresses_refused_in_full(url: str) -> None:
    with pytest.raises(ProfileError) as refused:
        parse_attach({"emulator_url": "http://127.0.0.1:4566", "lambda_redis_url": url})
    assert (refused.value.message, refused.value.next_step) == (
        f"attach lambda_redis_url is {url!r}, not a Redis address lambdadesk can use.", REDIS_NEXT)


@pytest.mark.parametrize(("key", "url"), [("emulator_url", "http://127.0.0.1:0"), ("redis_url", "redis://c:99999"),
                                          ("lambda_emulator_url", "http://127.0.0.1:port")])
def test_a_port_that_is_not_a_tcp_port_is_named(key: str, url: str) -> None:
    with pytest.raises(ProfileError) as refused:
        parse_attach({"emulator_url": "http://127.0.0.1:4566", key: url})
    assert (refused.value.message, refused.value.next_step) == (
        f"attach {key} is {url!r}: its port is not a TCP port.", "Choose a port from 1 to 65535.")


def test_what_lambdadesk_does_not_do_to_an_attached_environment_is_said_in_full() -> None:
    target = parse_attach({"emulator_url": "http://127.0.0.1:4566"})
    assert target is not None and target.where() == "http://127.0.0.1:4566"
    refused = AttachedError("reset", target)
    assert refused.message == ("This profile is attached to http://127.0.0.1:4566, which lambdadesk did not start: "
                               "it does not reset it.")
    assert refused.next_step == ("Do that where you started it; to have lambdadesk reset an environment of its "
                                 "own, use a profile without 'attach'.")
