"""A source folder made into a deployment zip for its runtime: Python with its requirements.txt installed
(cached), Go built into `bootstrap`, any other runtime zipped as it is. What can be seen to be broken before
it runs (syntax, an import nothing provides) comes back as problems; the zip is still made, so the deployed
function is what the folder holds, broken or not."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from lambdadesk.core.errors import LambdadeskError
from lambdadesk.core.lambda_zip import read_lambda_zip
from lambdadesk.deploy.go_build import GO_HANDLER, go_build
from lambdadesk.deploy.python_checks import missing_imports, syntax_problems
from lambdadesk.deploy.python_dependencies import dependencies_folder
from lambdadesk.deploy.source_files import source_files
from lambdadesk.deploy.zip_writer import zip_members

REQUIREMENTS = "requirements.txt"


@dataclass(frozen=True)
class SourcePackage:
    code: bytes
    files: int  # of the folder's own
    dependency_files: int
    seconds: float
    problems: list[str] = field(default_factory=list)


def code_from(path: Path, runtime: str, handler: str) -> SourcePackage:
    """Blocking. What Deploy was pointed at, a zip or a source folder, as the zip to deploy."""
    if path.is_dir():
        return package_source(path, runtime, handler)
    return SourcePackage(read_lambda_zip(path), 1, 0, 0.0)


def package_source(folder: Path, runtime: str, handler: str) -> SourcePackage:
    """Blocking. Raises LambdadeskError when the folder cannot be read, its requirements cannot be installed or
    its Go code does not build."""
    started = time.monotonic()
    if not folder.is_dir():
        raise LambdadeskError(f"{folder} is not a folder.", "Pick the folder that holds the function's code.")
    if runtime.startswith("provided"):
        bootstrap = {GO_HANDLER: (go_build(folder), 0o755)}
        return SourcePackage(zip_members(bootstrap), 1, 0, time.monotonic() - started)
    own = _read(folder, runtime)
    if not own:
        raise LambdadeskError(f"{folder} holds no file to deploy.", "Put the function's code in it and save.")
    members: dict[str, tuple[bytes, int]] = {}
    if runtime.startswith("python") and (folder / REQUIREMENTS).is_file():
        dependencies = dependencies_folder(folder / REQUIREMENTS, runtime)
        members.update(_read_installed(dependencies))
    dependency_count = len(members)
    members.update(own)  # the folder's own file wins over a dependency's of the same name
    problems = []
    if runtime.startswith("python"):
        sources = {name: data for name, (data, _mode) in own.items()}
        problems = syntax_problems(sources.items(), runtime)
        problems += missing_imports(handler, sources, _top_level_names(members))
    return SourcePackage(zip_members(members), len(own), dependency_count, time.monotonic() - started, problems)


def _read(folder: Path, runtime: str) -> dict[str, tuple[bytes, int]]:
    members = {}
    for relative in source_files(folder, runtime):
        path = folder / relative
        try:
            members[relative.as_posix()] = (path.read_bytes(), path.stat().st_mode)
        except OSError as exc:
            raise LambdadeskError(f"Cannot read {path}: {exc.strerror}.",
                                  "Check that the file is yours, or leave it out of the folder.") from exc
    return members


def _read_installed(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Everything pip installed (a package may well hold a folder named build or env), bytecode aside."""
    return {path.relative_to(folder).as_posix(): (path.read_bytes(), path.stat().st_mode)
            for path in sorted(folder.rglob("*"))
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"}


def _top_level_names(members: dict[str, tuple[bytes, int]]) -> set[str]:
    """What `import NAME` finds at the zip's top level: packages, modules and extension modules."""
    names = set()
    for member in members:
        first = member.split("/", 1)[0]
        names.add(first.split(".", 1)[0] if "/" not in member else first)
    return names
