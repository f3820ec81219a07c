"""Builds the seed sample's deployment zips from the source lambdadesk ships: Python with its one dependency
(redis-py) copied from lambdadesk's own installation, and Go built with the local go tool; neither needs a network."""

from __future__ import annotations

import io
import tempfile
import zipfile
from importlib import resources
from pathlib import Path

from lambdadesk.adapters.store.paths import cache_dir
from lambdadesk.deploy.go_build import GO_HANDLER, go_build
from lambdadesk.deploy.zip_writer import zip_members

SEED_HANDLER = "lambda_function.lambda_handler"


def seed_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        source = resources.files("lambdadesk.samples.seed_python").joinpath("lambda_function.py")
        archive.writestr("lambda_function.py", source.read_bytes())
        import redis  # its source goes into the zip; loaded only when a zip is built

        package = Path(redis.__file__).parent
        for path in sorted(package.rglob("*.py")):
            archive.write(path, f"redis/{path.relative_to(package).as_posix()}")
    return buffer.getvalue()


def seed_go_zip() -> bytes:
    """The Go seed sample built as a static linux/amd64 `bootstrap` (standard library only, so no module
    download), zipped for provided.al2023. Needs Go 1.19 or newer."""
    source = resources.files("lambdadesk.samples.seed_go").joinpath("main.go").read_bytes()
    with tempfile.TemporaryDirectory(prefix="lambdadesk-go-") as folder:
        work = Path(folder)
        (work / "main.go").write_bytes(source)
        (work / "go.mod").write_text("module seed\n\ngo 1.19\n")
        bootstrap = go_build(work, {"GOFLAGS": "-mod=mod", "GOCACHE": str(cache_dir() / "go-build"),
                                    "GOPATH": str(work / "gopath"), "GOPROXY": "off"})
    return zip_members({GO_HANDLER: (bootstrap, 0o755)})
