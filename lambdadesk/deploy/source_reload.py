"""Hot reload, as both front ends do it: each burst of saves in a function's source folder is packaged again and
only the function's code is updated; the report says how long from the save to the new code being Active,
and what is visibly broken in it (the deployed function is what the folder holds, broken or not)."""

from __future__ import annotations

import asyncio
import dataclasses
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from lambdadesk.core.errors import LambdadeskError
from lambdadesk.core.function_spec import Deployment, FunctionSpec
from lambdadesk.deploy.source_package import package_source
from lambdadesk.deploy.source_watcher import SourceWatcher


class CodeDeployer(Protocol):
    async def deploy_code(self, spec: FunctionSpec) -> Deployment: ...


@dataclass(frozen=True)
class Reload:
    function: str
    ok: bool  # the new code is deployed (it may still be broken: see problems)
    milliseconds: float  # from the newest save to the new code Active
    changed: tuple[str, ...]  # relative to the folder
    problems: tuple[str, ...] = ()
    error: str = ""  # why nothing was deployed

    def headline(self) -> str:
        changed = ", ".join(self.changed[:3]) + (f" and {len(self.changed) - 3} more" if len(self.changed) > 3 else "")
        if not self.ok:
            return f"{self.function} was not reloaded ({changed}); it still runs the code from before"
        return f"Reloaded {self.function} in {self.milliseconds:.0f} ms ({changed})"

    def text(self) -> str:
        if not self.ok:
            return f"{self.headline()}: {self.error}"
        return self.headline() + (". It is broken now: " + "; ".join(self.problems) if self.problems else "")


class SourceReloader:
    def __init__(self, deployer: CodeDeployer, folder: Path, spec: FunctionSpec,
                 on_reload: Callable[[Reload], None], on_lost: Callable[[str], None]) -> None:
        self._deployer = deployer
        self._folder = folder
        self._spec = spec
        self._on_reload = on_reload
        self.watcher = SourceWatcher(folder, spec.runtime, self._reload, on_lost)

    def start(self) -> None:
        self.watcher.start()

    async def stop(self) -> None:
        await self.watcher.stop()

    async def _reload(self, paths: list[Path]) -> None:
        saved_at = _newest_save(paths)
        kept = [path for path in paths if path.exists()] or paths  # an editor's temporary files are gone by now
        changed = tuple(_relative(path, self._folder) for path in kept)
        try:
            package = await asyncio.to_thread(package_source, self._folder, self._spec.runtime, self._spec.handler)
            await self._deployer.deploy_code(dataclasses.replace(self._spec, code=package.code))
        except LambdadeskError as exc:
            self._on_reload(Reload(self._spec.name, False, _since(saved_at), changed, error=str(exc)))
            return
        self._on_reload(Reload(self._spec.name, True, _since(saved_at), changed, tuple(package.problems)))


def _newest_save(paths: list[Path]) -> float:
    """The wall-clock time of the newest save among `paths` (now, when every one of them was deleted)."""
    times = []
    for path in paths:
        try:
            times.append(path.stat().st_mtime)
        except OSError:
            continue
    now = time.time()
    return min(max(times), now) if times else now


def _since(wall_time: float) -> float:
    return max(0.0, (time.time() - wall_time) * 1000)


def _relative(path: Path, folder: Path) -> str:
    try:
        return path.resolve().relative_to(folder.resolve()).as_posix()
    except ValueError:
        return path.name
