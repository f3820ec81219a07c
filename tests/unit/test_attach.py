"""Attach settings as a profile carries them (core/attach.py), the addresses they give, the capture endpoint's
address, and what an attached environment refuses to do (environment/attached.py)."""

from __future__ import annotations

import socket

import pytest

from lambdadesk.capture.capture_address import capture_host
from lambdadesk.core.attach import AttachedError
from lambdadesk.core.errors import LambdadeskError, ProfileError
from lambdadesk.core.events import ServiceState, StateChanged
from lambdadesk.core.profile import Profile
from lambdadesk.core.topology import addresses, lambda_environment, shell_environment
from lambdadesk.environment.attached import AttachedEnvironment
from tests.local_redis import local_redis

__all__ = ["local_redis"]


def attached(**settings: str) -> Profile:
    return Profile.from_dict({"name": "att", "attach": {"emulator_url": "http://127.0.0.1:4999", **settings}})


def test_an_attached_profile_is_reached_where_it_says_from_here_and_from_its_lambdas() -> None:
    profile = attached(redis_url="redis://127.0.0.1:7001")
    view = addresses(profile)
    assert (view.host.emulator_url, view.host.redis_host, view.host.redis_port) == ("http://127.0.0.1:4999",
                                                                                     "127.0.0.1", 7001)
    assert view.lambda_ == view.host  # unless the profile says where its Lambdas see them
    assert shell_environment(profile)["AWS_ENDPOINT_URL"] == "http://127.0.0.1:4999"
    assert shell_environment(profile)["REDIS_URL"] == "redis://127.0.0.1:7001"


def test_an_emulator_in_a_container_of_its_own_gives_its_lambdas_other_addresses() -> None:
    profile = attached(redis_url="redis://127.0.0.1:7001", lambda_emulator_url="http://localstack:4566",
                       lambda_redis_url="redis://redis", capture_host="::1")
    assert lambda_environment(profile)["AWS_ENDPOINT_URL"] == "http://localstack:4566"
    assert lambda_environment(profile)["REDIS_SERVER_ADDRESS"] == "redis:6379"
    assert addresses(profile).host.redis_port == 7001
    assert capture_host(profile, None) == "::1"
    assert capture_host(attached(), None) == "127.0.0.1"
    assert capture_host(attached(capture_host="runner"), None) == "runner"  # a compose service's name


@pytest.mark.parametrize(("settings", "said"), [
    ({"emulator_url": "localhost:4566"}, "not an emulator's address"),
    ({"emulator_url": "http://127.0.0.1:4566/path"}, "not an emulator's address"),
    ({"emulator_url": "http://127.0.0.1:0"}, "not a TCP port"),
    ({"emulator_url": "http://127.0.0.1:99999"}, "not a TCP port"),
    ({"redis_url": "redis://127.0.0.1:6379"}, "attach needs emulator_url"),
    ({"emulator_url": "http://127.0.0.1:4566", "redis_url": "redis://:secret@127.0.0.1"}, "no password"),
    ({"emulator_url": "http://127.0.0.1:4566", "redis_url": "http://127.0.0.1:6379"}, "not a Redis address"),
    ({"emulator_url": "http://127.0.0.1:4566", "capture_host": "my laptop"}, "not an address"),
    ({"emulator_url": "http://127.0.0.1:4566", "capture_host": "http://runner"}, "not an address"),
    ({"emulator_url": "http://127.0.0.1:4566", "emulator": "x"}, "Unknown attach settings: emulator"),
])
def test_a_wrong_attach_setting_is_named_when_the_profile_loads(settings: dict[str, str], said: str) -> None:
    with pytest.raises(ProfileError, match=said) as raised:
        Profile.from_dict({"name": "att", "attach": settings})
    assert raised.value.next_step


def test_a_profile_without_attach_is_not_attached_and_round_trips() -> None:
    assert Profile().attached is None
    profile = attached(redis_url="redis://127.0.0.1:7001")
    assert Profile.from_dict(profile.to_dict()) == profile
    assert profile.attached is not None and profile.attached.where() == "http://127.0.0.1:4999 and " \
                                                                        "redis://127.0.0.1:7001"


async def test_an_attached_environment_refuses_to_stop_reset_or_restart_and_touches_nothing() -> None:
    environment = AttachedEnvironment(attached())
    for refused, doing in ((environment.down(), "stop"), (environment.reset(), "reset"),
                           (environment.set_debug(True), "restart")):
        with pytest.raises(AttachedError, match=f"it does not {doing}") as raised:
            await refused
        assert "a profile without 'attach'" in raised.value.next_step


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_connecting_says_which_attached_service_does_not_answer(local_redis: int) -> None:
    """Redis answers (a real redis-server), the emulator's port has nothing behind it: up says so, by address."""
    seen: list[object] = []
    url = f"http://127.0.0.1:{_free_port()}"
    environment = AttachedEnvironment(Profile.from_dict({"name": "att", "start_timeout_s": 1.0, "attach": {
        "emulator_url": url, "redis_url": f"redis://127.0.0.1:{local_redis}"}}), seen.append)
    with pytest.raises(LambdadeskError, match=f"does not answer: emulator at {url}") as raised:
        await environment.up()
    assert "redis" not in str(raised.value).split("answer:")[1]  # the one that answers is not blamed
    assert StateChanged("redis", ServiceState.READY, "") in seen
    waited = [e for e in seen if isinstance(e, StateChanged) and e.service == "emulator"]
    assert waited[0].state is ServiceState.STARTING and waited[-1].state is ServiceState.ABSENT  # asked again first
    assert [row.state for row in await environment.status()] == [ServiceState.ABSENT, ServiceState.READY]
