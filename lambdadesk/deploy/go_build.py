"""`go build` of a main package into the `bootstrap` that provided.al2023 runs: static, linux/amd64."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from lambdadesk.core.errors import LambdadeskError

GO_HANDLER = "bootstrap"
_TARGET = {"CGO_ENABLED": "0", "GOOS": "linux", "GOARCH": "amd64"}


class GoBuildError(LambdadeskError):
    """The Go toolchain is missing or the code does not compile; nothing was deployed."""


def go_build(folder: Path, extra_environment: dict[str, str] | None = None) -> bytes:
    """Blocking. The bytes of `bootstrap` built from the Go module in `folder`; compiler messages (file:line:col)
    in the error when it does not build."""
    go = shutil.which("go")
    if go is None:
        raise GoBuildError("Building Go needs the Go toolchain, which is not installed.",
                           "Install Go 1.19 or newer (e.g. apt install golang-go), or deploy a zip.")
    with tempfile.TemporaryDirectory(prefix="lambdadesk-go-") as out:
        binary = Path(out) / GO_HANDLER
        environment = {**os.environ, **_TARGET, **(extra_environment or {})}
        built = subprocess.run([go, "build", "-trimpath", "-tags", "lambda.norpc", "-ldflags=-s -w", "-o",
                                str(binary), "."], cwd=folder, env=environment, capture_output=True, text=True,
                               check=False)
        if built.returncode != 0:
            raise GoBuildError(f"go build in {folder} failed:\n{built.stderr.strip()}",
                               "Fix the code at the place the compiler names and save again.")
        return binary.read_bytes()
