"""A source folder's requirements.txt installed once for Lambda's platform into a cache keyed by the file's hash
and the runtime, as AWS documents it for zips: pip --target with manylinux wheels for the runtime's Python."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from lambdadesk.adapters.store.paths import cache_dir
from lambdadesk.core.errors import LambdadeskError

PLATFORM = "manylinux2014_x86_64"


class DependencyError(LambdadeskError):
    """pip could not install the folder's requirements for Lambda."""


def dependencies_folder(requirements: Path, runtime: str) -> Path:
    """Blocking. The folder holding the installed requirements (installed now if this content and runtime were
    never installed before). Relative paths in the file are read from the file's own folder."""
    text = requirements.read_bytes()
    key = hashlib.sha256(text + b"\0" + runtime.encode() + b"\0" + PLATFORM.encode()).hexdigest()[:32]
    target = cache_dir() / "python-dependencies" / key
    if target.is_dir():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="installing-", dir=target.parent) as scratch:
        installed = Path(scratch) / "site"
        _pip_install(requirements, runtime, installed)
        try:
            installed.rename(target)  # whole or not at all: a half install is never taken from the cache
        except OSError:
            if not target.is_dir():  # not another process that finished the same install first
                raise
    return target


def _pip_install(requirements: Path, runtime: str, into: Path) -> None:
    version = runtime.removeprefix("python")
    command = [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-input",
               "--target", str(into), "--platform", PLATFORM, "--implementation", "cp", "--python-version", version,
               "--only-binary=:all:", "--requirement", requirements.name]
    done = subprocess.run(command, cwd=requirements.parent, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        shutil.rmtree(into, ignore_errors=True)
        said = "\n".join((done.stderr or done.stdout).strip().splitlines()[-6:])
        raise DependencyError(f"Installing {requirements} for {runtime} failed:\n{said}",
                              f"Check the file; every dependency needs a wheel for {PLATFORM} and Python {version} "
                              "(pip's --only-binary, as Lambda zips require).")
