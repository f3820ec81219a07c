"""What a profile file from outside lambdadesk's config folder will do, said before it does it: such a file may
come from anywhere (a repository, a download), and it chooses which images run with the Docker socket."""

from __future__ import annotations

from pathlib import Path

from lambdadesk.core.profile import EmulatorKind, Profile


def outside_notice(profile: Profile, path: Path, config_folder: Path) -> str:
    """"" for a file inside `config_folder`; else one line naming the images, the socket and the settings."""
    try:
        path.resolve().relative_to(config_folder.resolve())
        return ""
    except ValueError:
        pass
    images = [profile.emulator_image or f"the default {profile.emulator.value} image", profile.redis_image]
    if profile.dind:
        images.append(profile.dind_image)
    reach = ("a dind daemon of its own" if profile.dind else "this machine's Docker socket (it starts the Lambda "
                                                              "containers)")
    if profile.emulator is EmulatorKind.MINISTACK:
        reach = "no Docker engine (MiniStack runs its Lambdas as processes of its own)"
    settings = f"; its emulator_env sets {', '.join(sorted(profile.emulator_env))}" if profile.emulator_env else ""
    return (f"profile {path} is from outside lambdadesk's config folder: it runs {', '.join(images)}, and the "
            f"emulator gets {reach}{settings}. Use only profile files you trust.")
