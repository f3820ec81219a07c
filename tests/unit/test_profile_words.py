"""A profile's settings checked on load: the limits exactly, and every refusal in full (what is wrong, what to do)."""

from __future__ import annotations

from typing import Any

import pytest

from lambdadesk.core.errors import ProfileError
from lambdadesk.core.profile import Profile


def refusal(data: Any) -> tuple[str, str]:
    with pytest.raises(ProfileError) as refused:
        Profile.from_dict(data)
    return refused.value.message, refused.value.next_step


@pytest.mark.parametrize("port", [1, 65535])
def test_the_lowest_and_highest_tcp_ports_are_allowed(port: int) -> None:
    assert Profile.from_dict({"emulator_port": port, "redis_port": port, "dind_port": port}).redis_port == port


@pytest.mark.parametrize(("field", "port"), [("emulator_port", 0), ("redis_port", 65536), ("dind_port", -1)])
def test_a_port_outside_them_is_refused(field: str, port: int) -> None:
    assert refusal({field: port}) == (f"{field} is {port}, not a TCP port.", "Choose a port from 1 to 65535.")


def test_each_refusal_in_full() -> None:
    assert refusal([1]) == ("A profile must be a JSON object.", "Fix the file or delete it to start afresh.")
    assert refusal({"start_timeout_s": 0}) == ("start_timeout_s must be positive.",
                                               "Set it to the seconds a start may take.")
    assert refusal({"name": "Bad Name"}) == (
        "Profile name 'Bad Name' is not allowed.",
        "Use 1-40 lower-case letters, digits, '-', '_' or '.', starting with a letter or digit.")
    assert refusal({"engine_socket": "run/docker.sock"}) == (
        "engine_socket is 'run/docker.sock', not an absolute path.",
        "Give the engine's socket as its host has it, e.g. /var/run/docker.sock, or leave it empty.")
    assert refusal({"emulator_env": {"DOCKER_HOST": "x", "DOCKER_CERT_PATH": "y"}}) == (
        "emulator_env cannot set DOCKER_CERT_PATH, DOCKER_HOST: lambdadesk decides which Docker daemon the emulator "
        "may use.", "Remove DOCKER_CERT_PATH, DOCKER_HOST from emulator_env.")
    message, next_step = refusal({"emulater": "moto", "zzz": 1})
    assert message == "Unknown profile settings: 'emulater' (did you mean 'emulator'?), 'zzz'."
    assert next_step.startswith("Remove or rename them; the settings are: name, emulator, ") and next_step.endswith(
        ", attach.")


@pytest.mark.parametrize(("data", "use"), [
    ({"preload_images": "x"}, "Use a list of strings."),
    ({"preload_images": ["x", 1]}, "Use a list of strings."),
    ({"emulator_env": {"A": 1}}, "Use an object of string values."),
    ({"emulator_env": ["A"]}, "Use an object of string values."),
    ({"emulator_port": True}, "Use a int."),
    ({"emulator_port": 1.5}, "Use a int."),
    ({"start_timeout_s": False}, "Use a float."),
    ({"debug": 1}, "Use a bool."),
    ({"topology": "mesh"}, "Use one of: bridge, host."),
])
def test_a_value_of_the_wrong_kind_says_which_kind_to_use(data: dict[str, Any], use: str) -> None:
    [(key, value)] = data.items()
    assert refusal(data) == (f"Profile setting {key!r} has a wrong value {value!r}.", use)


def test_whole_seconds_are_read_as_seconds() -> None:
    timeout = Profile.from_dict({"start_timeout_s": 90}).start_timeout_s
    assert timeout == 90.0 and isinstance(timeout, float)
    assert Profile.from_dict({"emulator_port": 4567}).emulator_port == 4567
