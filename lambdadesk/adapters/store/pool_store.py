"""A pool of environments on disk: which profiles are its members (pool.json, atomic) and which member a CI job
holds (a lease file per member, created only if absent, so two jobs racing for one never both get it). A lease
taken for a while (`until`) is taken over once that has passed (a job that died holds nothing for ever); taking one
over and giving one back happen under the pool's lock, so neither frees a lease the other just wrote."""

from __future__ import annotations

import json
import os
import shutil
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from lambdadesk.adapters.store.paths import data_dir
from lambdadesk.core.atomic_file import write_atomic
from lambdadesk.core.user_files import UnreadableFileError, read_json_object

if TYPE_CHECKING:
    from filelock import FileLock

LEASE_VARIABLE = "LAMBDADESK_POOL_LEASE"  # a job's own lease, in the env file `pool acquire` writes


@dataclass(frozen=True)
class Taken:
    lease: str  # the lease's own id: giving back with it frees only this lease, not a later holder's
    took_over_from: dict[str, object] | None = None  # the run-out lease it replaced, else None


def until_of(lease: dict[str, object]) -> float | None:
    """When the lease runs out (epoch seconds); None: it lasts until given back."""
    until = lease.get("until")
    return float(until) if isinstance(until, int | float) else None


def has_run_out(until: float | None, now: float) -> bool:
    """Whether a lease that runs out at `until` (None: never) has run out at `now`."""
    return until is not None and until <= now


class LeaseTakenOverError(Exception):
    """The lease given back is not the member's lease any more: `current` is who holds it now."""

    def __init__(self, current: dict[str, object]) -> None:
        super().__init__(str(current.get("holder", "another job")))
        self.current = current


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

    def take(self, member: str, holder: str, hold_s: float | None = None) -> Taken | None:
        """Lease `member` to `holder` (for `hold_s` seconds, None: until given back); None when someone holds it.
        A lease whose time has run out is taken over. The check and the taking are one step: the lease file is
        created only if it does not exist."""
        self.folder.mkdir(parents=True, exist_ok=True)
        lease = self._create(member, holder, hold_s)
        if lease is not None:
            return Taken(lease)
        with self._locked():
            current = self.lease(member)
            if current is None:  # given back meanwhile: a plain take again (another may get in first)
                lease = self._create(member, holder, hold_s)
                return None if lease is None else Taken(lease)
            if not has_run_out(until_of(current), time.time()):
                return None
            # replaced in one step, never removed then made: a plain take must not get in between, unaware that
            # the member it would get is a dead job's (it would not be reset)
            record = self._record_of(holder, hold_s)
            write_atomic(self._lease(member), json.dumps(record).encode())
            return Taken(str(record["lease"]), current)

    def lease(self, member: str) -> dict[str, object] | None:
        """Who holds `member`, since when and until when (epoch seconds), and the lease's id; None when free."""
        path = self._lease(member)
        try:
            return read_json_object(path, own_file=False)  # never set aside: that would free it
        except FileNotFoundError:
            return None
        except UnreadableFileError:  # a lease being written this instant, or damaged: held all the same
            return {"holder": "unknown", "since": path.stat().st_mtime}

    def give_back(self, member: str, lease: str = "") -> bool:
        """False when `member` was not held. With `lease`, only that lease is given back: LeaseTakenOverError when
        another holder's is there now (the time of `lease` ran out and a job took the member over)."""
        with self._locked():
            if not self.still_held(member, lease):
                return False
            self._lease(member).unlink(missing_ok=True)
            return True

    def undo_takeover(self, member: str, taken: Taken) -> None:
        """The run-out lease `taken` replaced written back, if `taken` is still the member's lease: the next take
        takes it over again."""
        with self._locked():
            current = self.lease(member)
            if taken.took_over_from is not None and current is not None and current.get("lease") == taken.lease:
                write_atomic(self._lease(member), json.dumps(taken.took_over_from).encode())

    def still_held(self, member: str, lease: str = "") -> bool:
        """Whether someone holds `member`: with `lease`, that lease; LeaseTakenOverError when another lease is
        the member's now."""
        current = self.lease(member)
        if current is None:
            return False
        if lease and current.get("lease") != lease:
            raise LeaseTakenOverError(current)
        return True

    def _create(self, member: str, holder: str, hold_s: float | None) -> str | None:
        try:
            descriptor = os.open(self._lease(member), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return None
        record = self._record_of(holder, hold_s)
        with os.fdopen(descriptor, "w", encoding="utf-8") as written:
            json.dump(record, written)
        return str(record["lease"])

    @staticmethod
    def _record_of(holder: str, hold_s: float | None) -> dict[str, object]:
        now = time.time()
        record: dict[str, object] = {"holder": holder, "since": now, "lease": uuid.uuid4().hex}
        if hold_s is not None:
            record["until"] = now + hold_s
        return record

    def _locked(self) -> FileLock:
        from filelock import FileLock  # here: the CLI reads LEASE_VARIABLE at start, and needs no lock for that

        self.folder.mkdir(parents=True, exist_ok=True)
        return FileLock(str(self.folder / "leases.lock"))

    def remove(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    def _lease(self, member: str) -> Path:
        return self.folder / f"{member}.lease"
