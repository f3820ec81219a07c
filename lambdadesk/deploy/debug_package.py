"""The code Debug deploys: the user's zip, plus debugpy (from lambdadesk's own installation, its Python sources
only: pure Python runs on every Lambda Python) and the entry module that waits for the debugger."""

from __future__ import annotations

import dataclasses
import functools
import io
import zipfile
from importlib import resources
from pathlib import Path

from lambdadesk.core.function_spec import FunctionSpec
from lambdadesk.deploy.zip_writer import zip_members

MARK = "LAMBDADESK-DEBUG"  # what debug_entry.py prints before each line lambdadesk looks for in the log
ENTRY_MODULE = "_lambdadesk_debug"
ENTRY_HANDLER = f"{ENTRY_MODULE}.handler"
CODE_ROOT = "/var/task"  # where Lambda unpacks the zip: the remote side of the debugger's path mappings
DEBUG_TIMEOUT_S = 900  # Lambda's most: a function stopped at a breakpoint is not killed
_LEFT_OUT = ("pydevd_attach_to_process",)  # native attach helpers: a debugger attaches over TCP here


def debug_spec(spec: FunctionSpec, port: int, wait_s: float, on_network: bool = False) -> FunctionSpec:
    """`spec` as Debug deploys it: the entry module as handler (the user's handler in a variable), debugpy in
    the zip, Lambda's longest timeout, and the compiled speedups (built for lambdadesk's Python) off. `on_network`
    (bridge topology): debugpy listens on the container's private network, where lambdadesk's forwarder reaches
    it; otherwise on the loopback the container shares with this machine (host topology)."""
    environment = {**spec.environment, "LAMBDADESK_DEBUG_HANDLER": spec.handler, "LAMBDADESK_DEBUG_PORT": str(port),
                   "LAMBDADESK_DEBUG_HOST": "0.0.0.0" if on_network else "127.0.0.1",
                   "LAMBDADESK_DEBUG_SHOWN": f"127.0.0.1:{port}",
                   "LAMBDADESK_DEBUG_WAIT_S": str(wait_s), "PYDEVD_USE_CYTHON": "NO", "PYDEVD_USE_FRAME_EVAL": "NO"}
    return dataclasses.replace(spec, handler=ENTRY_HANDLER, code=_with_debugger(spec.code),
                               timeout_s=DEBUG_TIMEOUT_S, environment=environment)


def _with_debugger(code: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(code)) as archive:
        members = {info.filename: (archive.read(info), (info.external_attr >> 16) or 0o644)
                   for info in archive.infolist() if not info.is_dir()}
    return zip_members({**_debugger_members(), **members})  # the user's files win


@functools.lru_cache(maxsize=1)
def _debugger_members() -> dict[str, tuple[bytes, int]]:
    import debugpy  # read once per process, when Debug is first used

    root = Path(debugpy.__file__).parent
    found = {f"debugpy/{path.relative_to(root).as_posix()}": (path.read_bytes(), 0o644)
             for path in sorted(root.rglob("*"))
             if path.is_file() and "__pycache__" not in path.parts and path.suffix not in (".so", ".pyd", ".pyc",
                                                                                            ".dll", ".dylib", ".exe")
             and not any(part in _LEFT_OUT for part in path.parts)}
    entry = resources.files("lambdadesk.deploy").joinpath("debug_entry.py").read_bytes()
    return {**found, f"{ENTRY_MODULE}.py": (entry, 0o644)}
