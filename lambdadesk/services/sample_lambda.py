"""Builds the seed sample's deployment zip from the source lambdadesk ships, with its one dependency (redis-py)
copied from lambdadesk's own installation, so building needs no network."""

from __future__ import annotations

import io
import zipfile
from importlib import resources
from pathlib import Path

import redis

SEED_HANDLER = "lambda_function.lambda_handler"


def seed_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        source = resources.files("lambdadesk.samples.seed_python").joinpath("lambda_function.py")
        archive.writestr("lambda_function.py", source.read_bytes())
        package = Path(redis.__file__).parent
        for path in sorted(package.rglob("*.py")):
            archive.write(path, f"redis/{path.relative_to(package).as_posix()}")
    return buffer.getvalue()
