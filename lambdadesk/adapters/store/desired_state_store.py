"""Keeps a profile's desired state on disk: atomic JSON plus the deployed zips, each kept once by its content's
hash (a zip no record names any more is removed). Every load-edit-save holds a file lock, so two processes
recording at once both keep what they recorded; recording what is already recorded writes nothing."""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable
from pathlib import Path

from filelock import FileLock

from lambdadesk.adapters.store.paths import data_dir
from lambdadesk.core.atomic_file import write_atomic
from lambdadesk.core.desired_state import ApiRecord, DesiredState, FunctionRecord
from lambdadesk.core.errors import LambdadeskError
from lambdadesk.core.function_spec import FunctionSpec, check_function_name
from lambdadesk.core.user_files import CorruptFileError, read_json_object

LOCK_WAIT_S = 30


class DesiredStateStore:
    def __init__(self, profile: str) -> None:
        self.folder = data_dir() / "state" / profile
        self.path = self.folder / "desired-state.json"
        self._lock_path = data_dir() / "state" / f"{profile}.lock"  # beside the folder: clear() removes the folder

    def load(self) -> DesiredState:
        if not self.path.exists():
            return DesiredState()
        try:
            return DesiredState.from_dict(read_json_object(self.path))
        except CorruptFileError as exc:
            raise LambdadeskError(f"The desired state: {exc.message}", exc.next_step) from exc
        except (OSError, ValueError, TypeError, KeyError) as exc:
            raise LambdadeskError(f"The desired state in {self.path} cannot be read: {exc}.",
                                  "Fix the file or move it away; lambdadesk state clear starts afresh.") from exc

    def save(self, state: DesiredState) -> None:
        write_atomic(self.path, (json.dumps(state.to_dict(), indent=2) + "\n").encode())

    def record_function(self, spec: FunctionSpec) -> None:
        check_function_name(spec.name)  # a name that could be a path never reaches the store
        code_file = self.folder / "code" / f"{hashlib.sha256(spec.code).hexdigest()}.zip"
        record = FunctionRecord(spec.name, spec.runtime, spec.handler, str(code_file), spec.memory_mb,
                                spec.timeout_s, dict(spec.environment))
        with self._locked():
            state = self.load()
            if state.functions.get(spec.name) == record and code_file.exists():
                return  # recorded as it is: nothing to write
            if not code_file.exists():
                write_atomic(code_file, spec.code)
            state = state.with_function(record)
            self.save(state)
            self._remove_unnamed_code(state)

    def record_api(self, name: str, function: str, stage: str) -> None:
        self._edit(lambda state: state.with_api(ApiRecord(name, function, stage)))

    def record_topic(self, name: str) -> None:
        self._edit(lambda state: state.with_topic(name))

    def forget(self, kind: str, name: str) -> DesiredState:
        """No longer re-applied (DesiredState.without); returns what was forgotten, empty when nothing was."""
        with self._locked():
            state = self.load()
            kept = state.without(kind, name)
            if kept != state:
                self.save(kept)
                self._remove_unnamed_code(kept)
        return DesiredState({k: v for k, v in state.functions.items() if k not in kept.functions},
                            {k: v for k, v in state.apis.items() if k not in kept.apis},
                            tuple(t for t in state.topics if t not in kept.topics))

    def clear(self) -> None:
        with self._locked():
            shutil.rmtree(self.folder, ignore_errors=True)

    def _remove_unnamed_code(self, state: DesiredState) -> None:
        """The zips no record names any more (a newer deploy of the function replaced them)."""
        named = {Path(record.code_file).name for record in state.functions.values()}
        for zip_file in (self.folder / "code").glob("*.zip"):
            if zip_file.name not in named:
                zip_file.unlink(missing_ok=True)

    def _edit(self, change: Callable[[DesiredState], DesiredState]) -> None:
        with self._locked():
            self.save(change(self.load()))

    def _locked(self) -> FileLock:
        self._lock_path.parent.mkdir(parents=True, exist_ok=True)
        return FileLock(self._lock_path, timeout=LOCK_WAIT_S, thread_local=False)
