import json
from pathlib import Path

import pytest

from lambdadesk.adapters.store import profile_store
from lambdadesk.core.errors import ProfileError
from lambdadesk.core.profile import DindSecurity, EmulatorKind, Profile, Topology
from lambdadesk.environment.profile_trust import outside_notice


def test_a_profile_survives_a_round_trip_through_json() -> None:
    profile = Profile(name="work", emulator=EmulatorKind.MOTO, topology=Topology.HOST, dind=True,
                      dind_security=DindSecurity.CAPABILITIES, preload_images=("a:1", "b:2"),
                      emulator_env={"X": "1"}, start_timeout_s=30)
    assert Profile.from_dict(json.loads(json.dumps(profile.to_dict()))) == profile


@pytest.mark.parametrize(("data", "says"), [
    ({"name": "Bad Name"}, "Profile name"),
    ({"emulator_port": 70000}, "emulator_port is 70000"),
    ({"redis_port": 0}, "redis_port is 0"),
    ({"dind_port": -1}, "dind_port is -1"),
    ({"colour": "blue"}, "Unknown profile settings: 'colour'"),
    ({"emulator": "aws"}, "'emulator' has a wrong value"),
    ({"redis_port": "6379"}, "'redis_port' has a wrong value"),
    ({"dind": 1}, "'dind' has a wrong value"),
    ({"preload_images": "a:1"}, "'preload_images' has a wrong value"),
])
def test_bad_settings_are_named_in_the_error(data: dict[str, object], says: str) -> None:
    with pytest.raises(ProfileError, match=says):
        Profile.from_dict(data)


def test_saved_profiles_load_back_and_leave_no_temporary_files() -> None:
    path = profile_store.save_profile(Profile(name="mine", redis_port=7000))
    assert profile_store.load_profile("mine").redis_port == 7000
    assert [p.name for p in path.parent.iterdir()] == ["mine.json"]
    assert profile_store.list_profiles() == ["default", "mine"]


def test_a_corrupt_profile_file_is_reported_with_its_path_and_set_aside() -> None:
    path = profile_store.save_profile(Profile(name="broken"))
    path.write_text("{not json")
    with pytest.raises(ProfileError, match=str(path)) as raised:
        profile_store.load_profile("broken")
    kept = list(path.parent.glob("broken.json.corrupt-*"))
    assert not path.exists() and [p.read_text() for p in kept] == ["{not json"]
    assert kept[0].name in str(raised.value)
    profile_store.save_profile(Profile(name="broken"))  # a new profile of that name never replaces the old text
    assert kept[0].read_text() == "{not json"


@pytest.mark.parametrize("content", ["{not json", '["a list"]', "\udcff"])
def test_a_file_the_user_named_is_reported_and_never_moved(tmp_path: Path, content: str) -> None:
    named = tmp_path / "tsconfig.json"
    named.write_bytes(content.encode("utf-8", errors="surrogateescape"))
    with pytest.raises(ProfileError, match="left as it is") as raised:
        profile_store.load_profile(str(named))
    assert str(named) in str(raised.value)
    assert [p.name for p in tmp_path.iterdir()] == ["tsconfig.json"]  # not renamed, nothing beside it
    assert named.read_bytes() == content.encode("utf-8", errors="surrogateescape")


def test_the_default_profile_exists_before_it_is_saved_but_others_do_not() -> None:
    assert profile_store.load_profile("default") == Profile()
    with pytest.raises(ProfileError, match="no profile 'other'"):
        profile_store.load_profile("other")


def test_a_profile_from_outside_the_config_folder_says_what_it_will_run(tmp_path: Path) -> None:
    config = tmp_path / "config" / "profiles"
    config.mkdir(parents=True)
    profile = Profile(name="x", emulator_image="someone/emulator:1", emulator_env={"DEBUG": "1"})
    assert outside_notice(profile, config / "x.json", config) == ""
    said = outside_notice(profile, tmp_path / "repo" / "x.json", config)
    assert "outside lambdadesk's config folder" in said and "someone/emulator:1, redis:7-alpine" in said
    assert "Docker socket" in said and "emulator_env sets DEBUG" in said
    assert "a dind daemon of its own" in outside_notice(profile.replace(dind=True), tmp_path / "x.json", config)
    ministack = outside_notice(profile.replace(emulator=EmulatorKind.MINISTACK, emulator_image=""), tmp_path / "x.json",
                               config)
    assert "the default ministack image, redis:7-alpine, and the emulator gets no Docker engine (MiniStack runs its " \
           "Lambdas as processes of its own)" in ministack and "socket" not in ministack
