"""Writes user files so that a crash at any moment leaves either the old or the new content, never a mix."""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

STALE_TEMP_S = 60.0  # a temporary file of this kind older than this was left by a killed process


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, fsync it, rename it over `path`, then fsync the folder. A symbolic
    link is written through: its target gets the content, the link stays (a dotfiles repository keeps working)."""
    if path.is_symlink():
        path = path.resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as tmp:
            tmp.write(data)
            tmp.flush()
            os.fsync(tmp.fileno())
        Path(tmp_name).replace(path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    remove_stale_temporaries(path)
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def remove_stale_temporaries(path: Path) -> int:
    """Remove temporary files that killed writes of `path` left beside it; returns how many were removed."""
    removed = 0
    cutoff = time.time() - STALE_TEMP_S
    for temp in path.parent.glob(f".{path.name}.*.tmp"):
        try:
            if temp.stat().st_mtime < cutoff:
                temp.unlink()
                removed += 1
        except FileNotFoundError:
            continue
    return removed
