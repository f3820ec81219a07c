"""A pool of environments on disk: which profiles are its members (pool.json, atomic) and which member a CI job
holds (a lease file per member, created only if absent, so two jobs racing for one never both get it)."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

from lambdadesk.adapters.store.paths import data_dir
from lambdadesk.core.atomic_file import write_atomic
from lambdadesk.core.user_files import UnreadableFileError, read_json_object


class PoolStore:
    def __init__(self, base: str) -> None:
        self.base = base  # the profile the members were made from
        self.folder = data_dir() / "pools" / base
        self._record = self.folder / "pool.json"

    def members(self) -> list[str]:
        if not self._record.exists():
            return []
        return [str(name) for name in read_json_object(self._record).get("members", [])]

    def save_members(self, members: list[str]) -> None:
        write_atomic(self._record, (json.dumps({"base": self.base, "members": members}, indent=2) + "\n").encode())

    def take(self, member: str, holder: str) -> bool:
        """Lease `member` to `holder`; False when someone holds it already (the check and the taking are one
        step: the lease file is created only if it does not exist)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        try:
            descriptor = os.open(self._lease(member), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return False
        with os.fdopen(descriptor, "w", encoding="utf-8") as lease:
            json.dump({"holder": holder, "since": time.time()}, lease)
        return True

    def lease(self, member: str) -> dict[str, object] | None:
        """Who holds `member` and since when (epoch seconds); None when it is free."""
        path = self._lease(member)
        try:
            return read_json_object(path, own_file=False)  # never set aside: that would free it
        except FileNotFoundError:
            return None
        except UnreadableFileError:  # a lease being written this instant, or damaged: held all the same
            return {"holder": "unknown", "since": path.stat().st_mtime}

    def give_back(self, member: str) -> bool:
        """False when `member` was not held."""
        try:
            self._lease(member).unlink()
        except FileNotFoundError:
            return False
        return True

    def remove(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    def _lease(self, member: str) -> Path:
        return self.folder / f"{member}.lease"
