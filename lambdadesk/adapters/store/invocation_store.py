"""The invocations kept for one profile: a JSON file each, written atomically, in a folder per function, the
newest KEPT per function. A file that cannot be read is set aside and said (core/user_files)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from lambdadesk.core.atomic_file import write_atomic
from lambdadesk.core.errors import LambdadeskError
from lambdadesk.core.invocation import Invocation
from lambdadesk.core.user_files import read_json_object

KEPT = 1000
_SAFE = re.compile(r"^[A-Za-z0-9_.:-]{1,128}$")


class InvocationStore:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.problems: list[str] = []  # files found unreadable and set aside, in words

    def add(self, invocation: Invocation) -> Path:
        """Kept under its function, replacing one with the same id (a call's record is richer than what the log
        alone said); the oldest beyond KEPT there are removed."""
        folder = self.folder / _checked(invocation.function)
        path = folder / f"{invocation.started_at:017.6f}-{_checked(invocation.id)}.json"
        for same in folder.glob(f"*-{invocation.id}.json"):
            if same != path:
                same.unlink(missing_ok=True)
        write_atomic(path, (json.dumps(invocation.to_dict(), indent=1, ensure_ascii=False) + "\n").encode())
        for old in sorted(folder.glob("*.json"))[:-KEPT]:
            old.unlink(missing_ok=True)
        return path

    def has(self, function: str, invocation_id: str) -> bool:
        return any((self.folder / _checked(function)).glob(f"*-{_checked(invocation_id)}.json"))

    def history(self, function: str | None = None, limit: int = KEPT) -> list[Invocation]:
        """Newest first, of one function or of all."""
        pattern = f"{_checked(function)}/*.json" if function else "*/*.json"
        paths = sorted(self.folder.glob(pattern), key=lambda p: p.name, reverse=True)[:limit]
        return [invocation for path in paths if (invocation := self._read(path)) is not None]

    def find(self, invocation_id: str) -> Invocation:
        """The invocation with this id, or the only one whose id starts with it."""
        matches = sorted(self.folder.glob(f"*/*-{_checked(invocation_id)}*.json"))
        found = [invocation for path in matches if (invocation := self._read(path)) is not None]
        if len(found) == 1:
            return found[0]
        if not found:
            raise LambdadeskError(f"No invocation {invocation_id!r} is kept for this profile.",
                                  "See the kept ones with lambdadesk invocations.")
        raise LambdadeskError(f"{len(found)} invocations start with {invocation_id!r}.", "Give more of the id.")

    def _read(self, path: Path) -> Invocation | None:
        try:
            data: dict[str, Any] = read_json_object(path)
            return Invocation.from_dict(data)
        except LambdadeskError as exc:
            self.problems.append(exc.message)
        except (OSError, TypeError, KeyError, ValueError) as exc:
            self.problems.append(f"{path} is not an invocation lambdadesk can read ({exc}); it was left as it is.")
        return None


def _checked(name: str) -> str:
    if not _SAFE.match(name):
        raise LambdadeskError(f"{name!r} is not a function name or an invocation id.",
                              "Use the name or id as lambdadesk invocations prints it.")
    return name
