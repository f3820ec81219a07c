"""Which files of a source folder belong in its deployment zip: everything but version control, caches,
virtualenvs, build output and links that lead out of the folder. The packager and the folder watcher ask the
same question here."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

IGNORED_FOLDERS = frozenset({
    ".git", ".hg", ".svn", "__pycache__", ".mypy_cache", ".pytest_cache", ".ruff_cache", ".tox", ".nox",
    ".idea", ".vscode", ".aws-sam", ".venv", "venv", "env", "build", "dist", ".hypothesis",
})
IGNORED_SUFFIXES = (".pyc", ".pyo", ".zip", ".swp", "~")
IGNORED_NAMES = frozenset({".DS_Store", "Thumbs.db"})
PYTHON_ONLY_IGNORED = frozenset({"node_modules"})  # a Node function needs its node_modules; Python never does


def is_ignored(relative: Path, runtime: str) -> bool:
    """True for a path (relative to the source folder) that is never part of the function's code."""
    folders = relative.parts[:-1]
    ignored_folders = IGNORED_FOLDERS | (PYTHON_ONLY_IGNORED if runtime.startswith("python") else frozenset())
    if any(part in ignored_folders or part.endswith(".egg-info") for part in folders):
        return True
    name = relative.name
    return name in IGNORED_NAMES or name.endswith(IGNORED_SUFFIXES) or name in ignored_folders


def source_files(folder: Path, runtime: str) -> Iterator[Path]:
    """The folder's files that go into the zip, in a stable order, relative to the folder. A virtualenv under
    any name (a folder holding pyvenv.cfg) is left out whole."""
    for root, folders, files in os.walk(folder):
        here = Path(root)
        folders[:] = sorted(f for f in folders
                            if not is_ignored(here.relative_to(folder) / f / "x", runtime)
                            and not (here / f / "pyvenv.cfg").exists())
        for name in sorted(files):
            relative = (here / name).relative_to(folder)
            if not is_ignored(relative, runtime) and _stays_inside(here / name, folder):
                yield relative


def _stays_inside(path: Path, folder: Path) -> bool:
    """A link out of the folder (to ~/.aws/credentials, say) is never packaged."""
    return not path.is_symlink() or path.resolve().is_relative_to(folder.resolve())
