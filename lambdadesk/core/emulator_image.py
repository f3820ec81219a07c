"""Which emulator image a profile runs, and whether it needs a LocalStack auth token."""

from __future__ import annotations

import re
from dataclasses import dataclass

from lambdadesk.core.errors import AuthTokenMissingError
from lambdadesk.core.profile import EmulatorKind, Profile

LOCALSTACK_LATEST = "localstack/localstack:latest"
# Since 2026-03-23 localstack/localstack:latest needs LOCALSTACK_AUTH_TOKEN; 4.14 is the last community line.
LOCALSTACK_COMMUNITY = "localstack/localstack:4.14"
FLOCI_DEFAULT = "floci/floci:latest"
MOTO_DEFAULT = "motoserver/moto:latest"
MINISTACK_DEFAULT = "ministackorg/ministack:latest"
_LAST_FREE = (4, 14)


@dataclass(frozen=True)
class ImageChoice:
    image: str
    notice: str = ""  # said to the user when the choice is not the obvious one


def _repository_and_tag(image: str) -> tuple[str, str]:
    """`[docker.io/]name[:tag][@digest]` split; a registry's port (`host:5000/name`) is not a tag."""
    image = image.split("@", 1)[0]
    repository, tag = image.rsplit(":", 1) if ":" in image.rsplit("/", 1)[-1] else (image, "latest")
    return repository.removeprefix("docker.io/"), tag


def is_localstack_image(image: str) -> bool:
    """LocalStack's own images: the only ones the auth token is given to."""
    return _repository_and_tag(image)[0] in ("localstack/localstack", "localstack/localstack-pro")


def needs_auth_token(image: str) -> bool:
    """True for LocalStack images that refuse to start without LOCALSTACK_AUTH_TOKEN."""
    repository, tag = _repository_and_tag(image)
    if repository == "localstack/localstack-pro":
        return True
    if repository != "localstack/localstack":
        return False
    match = re.match(r"^v?(\d+)\.(\d+)", tag)
    if match is None:
        return True  # latest, stable and other moving tags follow the newest (token-only) release
    return (int(match.group(1)), int(match.group(2))) > _LAST_FREE


def choose_emulator_image(profile: Profile, has_token: bool) -> ImageChoice:
    """The image to run; raises AuthTokenMissingError when the user chose a token-only image without a token."""
    if profile.emulator_image:
        if not has_token and needs_auth_token(profile.emulator_image):
            raise AuthTokenMissingError(
                f"{profile.emulator_image} needs a LocalStack auth token and none is set.",
                "Set LOCALSTACK_AUTH_TOKEN or store a token (lambdadesk token set), or use "
                f"{LOCALSTACK_COMMUNITY}, MiniStack, Floci or moto, which need none.",
            )
        if has_token and profile.emulator is EmulatorKind.LOCALSTACK and not is_localstack_image(
                profile.emulator_image):
            return ImageChoice(profile.emulator_image, f"The LocalStack auth token is not given to "
                               f"{profile.emulator_image}: lambdadesk gives it only to localstack/localstack images. "
                               "If you trust this image with it, put LOCALSTACK_AUTH_TOKEN in the profile's "
                               "emulator_env yourself.")
        return ImageChoice(profile.emulator_image)
    if profile.emulator is EmulatorKind.FLOCI:
        return ImageChoice(FLOCI_DEFAULT)
    if profile.emulator is EmulatorKind.MOTO:
        return ImageChoice(MOTO_DEFAULT)
    if profile.emulator is EmulatorKind.MINISTACK:
        return ImageChoice(MINISTACK_DEFAULT)
    if has_token:
        return ImageChoice(LOCALSTACK_LATEST)
    return ImageChoice(
        LOCALSTACK_COMMUNITY,
        f"No LocalStack auth token: using {LOCALSTACK_COMMUNITY}, the last community release that runs without "
        "one. Set LOCALSTACK_AUTH_TOKEN (or lambdadesk token set) to run the latest LocalStack.",
    )
