"""Saved requests, saved invoke payloads and request history as readable JSON files, one per request or payload,
so they can be kept in git.
Written atomically; a file that cannot be read is reported and set aside (core/user_files)."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from lambdadesk.core.atomic_file import write_atomic
from lambdadesk.core.errors import LambdadeskError
from lambdadesk.core.http_request import HttpResponse, RequestSpec
from lambdadesk.core.user_files import read_json_object

HISTORY_KEPT = 200
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 _.-]{0,79}$")


class RequestStore:
    def __init__(self, folder: Path) -> None:
        self.saved_dir = folder / "saved"
        self.history_dir = folder / "history"
        self.payloads_dir = folder / "payloads"  # events for a direct invoke, saved by name
        self.problems: list[str] = []  # history files found unreadable and set aside, in words

    def save(self, name: str, spec: RequestSpec) -> Path:
        path = self._saved_path(name)
        _write(path, spec.to_dict())
        return path

    def load(self, name: str) -> RequestSpec:
        path = self._saved_path(name)  # a name is never a path: nothing outside the folder is read or set aside
        if not path.exists():
            raise LambdadeskError(f"There is no saved request {name!r}.", "See the saved requests with request list.")
        return RequestSpec.from_dict(_read(path))

    def _saved_path(self, name: str, folder: Path | None = None, what: str = "saved request") -> Path:
        if not _NAME.match(name):
            raise LambdadeskError(f"{name!r} cannot name a {what}.",
                                  "Use up to 80 letters, digits, spaces, '.', '_' or '-'.")
        return (folder or self.saved_dir) / f"{name}.json"

    def save_payload(self, name: str, payload: object) -> Path:
        """An invoke's event kept under `name` (written over when the name is taken: it is the user's own)."""
        path = self._saved_path(name, self.payloads_dir, "saved payload")
        _write(path, {"payload": payload})
        return path

    def load_payload(self, name: str) -> object:
        path = self._saved_path(name, self.payloads_dir, "saved payload")
        if not path.exists():
            raise LambdadeskError(f"There is no saved payload {name!r}.",
                                  "Save one first (invoke --save-payload NAME, or Save in the Deploy tab's Invoke).")
        return _read(path).get("payload")

    def payload_names(self) -> list[str]:
        return sorted(p.stem for p in self.payloads_dir.glob("*.json"))

    def saved_names(self) -> list[str]:
        return sorted(p.stem for p in self.saved_dir.glob("*.json"))

    def record(self, spec: RequestSpec, response: HttpResponse) -> Path:
        """One file per request sent; the oldest beyond HISTORY_KEPT are removed."""
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S.%fZ")
        path = self.history_dir / f"{stamp}-{spec.method}.json"
        _write(path, {"request": spec.to_dict(), "response": {
            "status": response.status, "headers": [list(h) for h in response.headers], "body": response.body,
            "seconds": round(response.seconds, 4)}})
        for old in sorted(self.history_dir.glob("*.json"))[:-HISTORY_KEPT]:
            old.unlink(missing_ok=True)
        return path

    def history(self) -> list[dict[str, Any]]:
        """Newest first; an unreadable entry is set aside and said in `problems`, the others are still listed."""
        entries = []
        for path in sorted(self.history_dir.glob("*.json"), reverse=True):
            try:
                entries.append(_read(path))
            except LambdadeskError as exc:
                self.problems.append(exc.message)
        return entries


def _write(path: Path, data: dict[str, Any]) -> None:
    write_atomic(path, (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode())


def _read(path: Path) -> dict[str, Any]:
    try:
        return read_json_object(path)
    except OSError as exc:
        raise LambdadeskError(f"{path} cannot be read: {exc.strerror}.", "Check that the file is yours.") from exc
