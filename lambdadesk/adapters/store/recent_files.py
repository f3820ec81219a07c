"""The flow files the user opened last, newest first, in one small JSON file (written atomically). A list that
cannot be read is an empty list: it is a convenience, and the files it named are never touched."""

from __future__ import annotations

import json
from pathlib import Path

from lambdadesk.core.atomic_file import write_atomic


class RecentFiles:
    def __init__(self, file: Path, limit: int = 10) -> None:
        self._file = file
        self._limit = limit

    def load(self) -> list[Path]:
        try:
            data = json.loads(self._file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            return []
        if not isinstance(data, list):
            return []
        return [Path(item) for item in data if isinstance(item, str) and item][: self._limit]

    def add(self, path: Path) -> list[Path]:
        """`path` first (once), the rest after it, at most `limit`; saved."""
        chosen = path.resolve()
        paths = [chosen, *(p for p in self.load() if p != chosen)][: self._limit]
        self._file.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(self._file, json.dumps([str(p) for p in paths], indent=2).encode())
        return paths
