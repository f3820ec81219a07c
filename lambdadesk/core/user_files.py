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


def read_json_object(path: Path) -> dict[str, Any]:
    """The JSON object in `path`; a file that is not one is set aside and reported (CorruptFileError)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CorruptFileError(path, str(exc), set_aside(path)) from exc
    if not isinstance(data, dict):
        raise CorruptFileError(path, "it does not hold a JSON object", set_aside(path))
    return data


def set_aside(path: Path) -> Path:
    """Rename `path` to `<name>.corrupt-<UTC time>` (never replacing an earlier one); returns the new path."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S.%fZ")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    path.rename(target)
    return target
