import pytest

from lambdadesk.core.emulator_image import (
    LOCALSTACK_COMMUNITY,
    LOCALSTACK_LATEST,
    choose_emulator_image,
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
