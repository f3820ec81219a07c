import pytest

from lambdadesk.core.emulator_image import (
    FLOCI_DEFAULT,
    LOCALSTACK_COMMUNITY,
    LOCALSTACK_LATEST,
    MINISTACK_DEFAULT,
    MOTO_DEFAULT,
    ImageChoice,
    _repository_and_tag,
    choose_emulator_image,
    is_localstack_image,
    needs_auth_token,
)
from lambdadesk.core.errors import AuthTokenMissingError
from lambdadesk.core.profile import EmulatorKind, Profile


@pytest.mark.parametrize(("image", "needs"), [
    ("localstack/localstack:latest", True),
    ("localstack/localstack", True),
    ("docker.io/localstack/localstack:stable", True),
    ("localstack/localstack:4.15", True),
    ("localstack/localstack:2026.3.0", True),
    ("localstack/localstack-pro:4.0", True),
    ("localstack/localstack:4.14", False),
    ("localstack/localstack:4.14.0", False),
    ("localstack/localstack:3.8", False),
    ("floci/floci:latest", False),
    ("lambdadesk-test/localstack:4.14", False),
    ("registry.local:5000/localstack/localstack:latest", False),
])
def test_which_images_need_a_token(image: str, needs: bool) -> None:
    assert needs_auth_token(image) is needs


def test_without_a_token_localstack_falls_back_to_the_last_free_release_and_says_so() -> None:
    choice = choose_emulator_image(Profile(), has_token=False)
    assert choice.image == LOCALSTACK_COMMUNITY
    assert "auth token" in choice.notice


def test_with_a_token_localstack_runs_latest() -> None:
    assert choose_emulator_image(Profile(), has_token=True).image == LOCALSTACK_LATEST


def test_an_explicit_token_only_image_without_a_token_is_refused_before_anything_starts() -> None:
    with pytest.raises(AuthTokenMissingError, match="LOCALSTACK_AUTH_TOKEN"):
        choose_emulator_image(Profile(emulator_image="localstack/localstack:latest"), has_token=False)


def test_other_emulators_need_no_token() -> None:
    assert choose_emulator_image(Profile(emulator=EmulatorKind.FLOCI), False).image.startswith("floci/")
    assert choose_emulator_image(Profile(emulator=EmulatorKind.MOTO), False).image.startswith("motoserver/")


@pytest.mark.parametrize(("image", "needs"), [
    ("localstack/localstack:4.14@sha256:" + "a" * 64, False),  # a digest does not hide the tag
    ("localstack/localstack@sha256:" + "a" * 64, True),  # a digest alone: the tag is not known, latest is assumed
    ("localstack/localstack:v4.14", False),
    ("localstack/localstack:V4.15", True),  # not a version tag as LocalStack writes them: treated as moving
    ("localhost:5000/localstack/localstack", False),  # another registry: not LocalStack's own image
    ("localstack/localstack:14.4", True),
])
def test_tags_digests_and_registry_ports_are_read_apart(image: str, needs: bool) -> None:
    assert needs_auth_token(image) is needs


@pytest.mark.parametrize(("image", "theirs"), [
    ("localstack/localstack:4.14", True), ("docker.io/localstack/localstack-pro:latest", True),
    ("localstack/localstack@sha256:" + "b" * 64, True), ("localhost:5000/localstack/localstack:4.14", False),
    ("mirror/localstack/localstack:4.14", False), ("localstack/localstack-extra:1", False),
])
def test_only_localstacks_own_images_are_localstack_images(image: str, theirs: bool) -> None:
    assert is_localstack_image(image) is theirs


def test_what_each_choice_says() -> None:
    assert choose_emulator_image(Profile(), has_token=False).notice == (
        "No LocalStack auth token: using localstack/localstack:4.14, the last community release that runs without "
        "one. Set LOCALSTACK_AUTH_TOKEN (or lambdadesk token set) to run the latest LocalStack.")
    assert choose_emulator_image(Profile(), has_token=True) == ImageChoice(LOCALSTACK_LATEST)
    with pytest.raises(AuthTokenMissingError) as raised:
        choose_emulator_image(Profile(emulator_image="localstack/localstack-pro:4.0"), has_token=False)
    assert (raised.value.message, raised.value.next_step) == (
        "localstack/localstack-pro:4.0 needs a LocalStack auth token and none is set.",
        "Set LOCALSTACK_AUTH_TOKEN or store a token (lambdadesk token set), or use localstack/localstack:4.14, "
        "MiniStack, Floci or moto, which need none.")
    # a chosen image that needs no token runs as chosen, token or not, and says nothing
    assert choose_emulator_image(Profile(emulator_image="localstack/localstack:4.14"), False) == ImageChoice(
        "localstack/localstack:4.14")
    assert choose_emulator_image(Profile(emulator_image="localstack/localstack:latest"), True) == ImageChoice(
        "localstack/localstack:latest")
    assert choose_emulator_image(Profile(emulator=EmulatorKind.FLOCI, emulator_image="my/floci:1"), True) == \
        ImageChoice("my/floci:1")  # not LocalStack: no token is withheld, nothing to say
    stranger = choose_emulator_image(Profile(emulator_image="mirror/localstack:4.14"), has_token=True)
    assert stranger == ImageChoice("mirror/localstack:4.14", (
        "The LocalStack auth token is not given to mirror/localstack:4.14: lambdadesk gives it only to "
        "localstack/localstack images. If you trust this image with it, put LOCALSTACK_AUTH_TOKEN in the profile's "
        "emulator_env yourself."))
    assert choose_emulator_image(Profile(emulator=EmulatorKind.FLOCI), True) == ImageChoice(FLOCI_DEFAULT)
    assert choose_emulator_image(Profile(emulator=EmulatorKind.MOTO), True) == ImageChoice(MOTO_DEFAULT)
    assert choose_emulator_image(Profile(emulator=EmulatorKind.MINISTACK), False) == ImageChoice(
        "ministackorg/ministack:latest") == ImageChoice(MINISTACK_DEFAULT)


@pytest.mark.parametrize(("image", "parts"), [
    ("localstack/localstack", ("localstack/localstack", "latest")),
    ("docker.io/localstack/localstack:4.14", ("localstack/localstack", "4.14")),
    ("localhost:5000/team/emu", ("localhost:5000/team/emu", "latest")),  # a registry's port is not a tag
    ("localhost:5000/team/emu:1.2", ("localhost:5000/team/emu", "1.2")),
    ("emu:1@sha256:" + "c" * 64, ("emu", "1")),
    ("emu@sha256:" + "c" * 64, ("emu", "latest")),
])
def test_an_image_name_is_split_into_repository_and_tag(image: str, parts: tuple[str, str]) -> None:
    assert _repository_and_tag(image) == parts
