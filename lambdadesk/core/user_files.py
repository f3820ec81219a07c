"""Reading the user's JSON files (profiles, saved requests, history, desired state). A file that cannot be read
is never overwritten behind the user's back: it is moved aside under a name that says so, and reported."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from lambdadesk.core.errors import LambdadeskError


class CorruptFileError(LambdadeskError):
    """A user file could not be read; it was moved to `moved_to`."""

    def __init__(self, path: Path, reason: str, moved_to: Path) -> None:
        super().__init__(f"{path} could not be read ({reason}); it was moved to {moved_to.name} beside it, "
                         "so nothing overwrites it.",
                         f"Look at {moved_to}; fix it and move it back if you need what it held.")
        self.path = path
        self.moved_to = moved_to


class UnreadableFileError(LambdadeskError):
    """A file the user named could not be read; it is left exactly where and as it is."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path} could not be read ({reason}); it was left as it is.",
                         "Check that it is the file you meant, and that it holds a JSON object.")
        self.path = path


def read_json_object(path: Path, own_file: bool = True) -> dict[str, Any]:
    """The JSON object in `path`. A file that is not one is reported; one of lambdadesk's own files is also set
    aside (CorruptFileError), a file the user named (`own_file=False`) never is (UnreadableFileError)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        reason = "" if isinstance(data, dict) else "it does not hold a JSON object"
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        reason = str(exc)
    if not reason:
        return data  # type: ignore[no-any-return]
    if not own_file:
        raise UnreadableFileError(path, reason)
    raise CorruptFileError(path, reason, set_aside(path))


def set_aside(path: Path) -> Path:
    """Rename `path` to `<name>.corrupt-<UTC time>` (never replacing an earlier one); returns the new path."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S.%fZ")
    target, number = path.with_name(f"{path.name}.corrupt-{stamp}"), 1
    while target.exists():  # rename would replace it: one set aside in the same microsecond, or a clock gone back
        target, number = path.with_name(f"{path.name}.corrupt-{stamp}-{number}"), number + 1
    path.rename(target)
    return target
