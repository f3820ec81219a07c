"""Profiles as readable JSON files in the user's config folder, one per profile, written atomically."""

from __future__ import annotations

import json
import os
from pathlib import Path

from lambdadesk.adapters.store.paths import profiles_dir
from lambdadesk.core.atomic_file import write_atomic
from lambdadesk.core.errors import ProfileError
from lambdadesk.core.profile import Profile
from lambdadesk.core.user_files import CorruptFileError, UnreadableFileError, read_json_object

_LOADED_FROM: dict[str, Path] = {}  # profile name -> the file it was loaded from, where that is not profile_path


def profile_path(name: str) -> Path:
    return profiles_dir() / f"{name}.json"


def load_profile(name_or_path: str) -> Profile:
    """A profile by name (the built-in default when `default` was never saved) or from a .json file path."""
    named_by_user = name_or_path.endswith(".json") or "/" in name_or_path or os.sep in name_or_path  # a path
    path = Path(name_or_path) if named_by_user else profile_path(name_or_path)  # the user's file: never set aside
    if path.is_dir():
        raise ProfileError(f"{path} is a folder, not a profile.",
                           "Name a profile file (--profile work.json) or a saved profile (--profile work).")
    if not path.exists():
        if name_or_path == "default":
            return Profile()
        raise ProfileError(f"There is no profile {name_or_path!r} (looked for {path}).",
                           "List profiles with lambdadesk profile list, or make one with lambdadesk profile save "
                           f"{path.stem} (the defaults, to edit).")
    try:
        data = read_json_object(path, own_file=not named_by_user)
    except UnreadableFileError as exc:
        raise ProfileError(f"The profile {exc.message}", exc.next_step) from exc
    except CorruptFileError as exc:
        raise ProfileError(f"The profile {exc.message}",
                           f"Run again to start from the defaults, or fix {exc.moved_to.name} and move it back."
                           if name_or_path == "default" else exc.next_step) from exc
    except OSError as exc:
        raise ProfileError(f"The profile file {path} cannot be read: {exc.strerror}.",
                           "Check that the file is yours and readable.") from exc
    if "name" not in data:  # a file without a name is its own profile, never a second 'default'
        data = {**data, "name": path.stem}
    try:
        profile = Profile.from_dict(data)
    except ProfileError as exc:
        raise ProfileError(f"{path}: {exc.message}", exc.next_step) from exc
    if path != profile_path(profile.name):
        _LOADED_FROM[profile.name] = path
    return profile


def save_profile(profile: Profile, path: Path | None = None) -> Path:
    """Write `profile` to `path`; by default to the file it was loaded from (`--profile work.json`), else to its
    file in the config folder."""
    path = path or _LOADED_FROM.get(profile.name) or profile_path(profile.name)
    write_atomic(path, (json.dumps(profile.to_dict(), indent=2, sort_keys=True) + "\n").encode())
    return path


def save_new_profile(profile: Profile) -> Path:
    """Write `profile` to its own file in the config folder; a profile of that name already there is never
    replaced."""
    path = profile_path(profile.name)
    if path.exists():
        raise ProfileError(f"There is already a profile {profile.name!r} ({path}).",
                           "Choose another name, or edit that file.")
    return save_profile(profile, path)


def list_profiles() -> list[str]:
    names = {p.stem for p in profiles_dir().glob("*.json")}
    return sorted(names | {"default"})
