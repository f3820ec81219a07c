"""What Debug deploys, and what it refuses, before anything reaches the emulator (the engine test attaches a real
debugger)."""

from __future__ import annotations

import ast
import io
import subprocess
import sys
import zipfile
from importlib import resources
from typing import Any

import pytest

from lambdadesk.core.errors import LambdadeskError
from lambdadesk.core.function_spec import Deployment, FunctionSpec
from lambdadesk.core.profile import EmulatorKind, Profile, Topology
from lambdadesk.deploy.debug_package import DEBUG_TIMEOUT_S, ENTRY_HANDLER, MARK, debug_spec
from lambdadesk.deploy.function_debugger import FunctionDebugger
from lambdadesk.deploy.zip_writer import zip_members

USER_ZIP = zip_members({"lambda_function.py": (b"def lambda_handler(e, c):\n    return 1\n", 0o644),
                        "debugpy/__init__.py": (b"# the user's own, odd as it is\n", 0o644)})


def test_the_debug_deploy_waits_in_an_entry_that_calls_the_users_handler() -> None:
    spec = FunctionSpec("fn", "python3.12", "lambda_function.lambda_handler", USER_ZIP, timeout_s=30,
                        environment={"MINE": "1"})
    debugged = debug_spec(spec, 25678, 12.5)
    assert (debugged.handler, debugged.timeout_s) == (ENTRY_HANDLER, DEBUG_TIMEOUT_S)
    assert debugged.environment == {"MINE": "1", "LAMBDADESK_DEBUG_HANDLER": "lambda_function.lambda_handler",
                                    "LAMBDADESK_DEBUG_PORT": "25678", "LAMBDADESK_DEBUG_WAIT_S": "12.5",
                                    "LAMBDADESK_DEBUG_HOST": "127.0.0.1", "LAMBDADESK_DEBUG_SHOWN": "127.0.0.1:25678",
                                    "PYDEVD_USE_CYTHON": "NO", "PYDEVD_USE_FRAME_EVAL": "NO"}
    # on the bridge topology it listens on the container's private network; the editor still attaches to 127.0.0.1
    on_network = debug_spec(spec, 25678, 12.5, on_network=True).environment
    assert (on_network["LAMBDADESK_DEBUG_HOST"], on_network["LAMBDADESK_DEBUG_SHOWN"]) == ("0.0.0.0", "127.0.0.1:25678")
    with zipfile.ZipFile(io.BytesIO(debugged.code)) as archive:
        names = set(archive.namelist())
        assert {"lambda_function.py", "_lambdadesk_debug.py", "debugpy/server/api.py"} <= names
        assert archive.read("debugpy/__init__.py") == b"# the user's own, odd as it is\n"  # the user's file wins
        assert not any(name.endswith((".so", ".pyc")) or "attach_to_process" in name for name in names)


def test_the_entry_prints_the_mark_lambdadesk_looks_for_and_lambdadesk_never_imports_it() -> None:
    source = resources.files("lambdadesk.deploy").joinpath("debug_entry.py").read_text()
    marks = [node.value.value for node in ast.parse(source).body if isinstance(node, ast.Assign)
             and getattr(node.targets[0], "id", "") == "MARK" and isinstance(node.value, ast.Constant)]
    assert marks == [MARK]
    loaded = subprocess.run([sys.executable, "-c", "import sys, lambdadesk.cli.main, lambdadesk.session; "
                             "print('lambdadesk.deploy.debug_entry' in sys.modules, 'debugpy' in sys.modules)"],
                            capture_output=True, text=True, check=True)
    assert loaded.stdout.split() == ["False", "False"]  # importing it would listen for a debugger


class NoDeployer:
    def __init__(self, profile: Profile) -> None:
        self.profile = profile

    async def deploy(self, spec: FunctionSpec, wire: bool = False) -> tuple[Deployment, Any]:
        raise AssertionError("nothing is deployed")

    async def deploy_unrecorded(self, spec: FunctionSpec) -> Deployment:
        raise AssertionError("nothing is deployed")

    async def function_log(self, name: str, since_ms: int) -> str:
        return ""


@pytest.mark.parametrize(("profile", "runtime", "words"), [
    (Profile(topology=Topology.HOST), "nodejs20.x", "Debug works for Python functions; fn runs nodejs20.x."),
    (Profile(dind=True), "python3.12", r"Debug cannot reach fn's Lambda container inside the dind daemon of profile "
     r"'default' \(bridge topology\)"),
    (Profile.from_dict({"attach": {"emulator_url": "http://127.0.0.1:4566"}}), "python3.12",
     "profile 'default' is attached to an emulator started outside lambdadesk"),
    (Profile(topology=Topology.HOST, emulator=EmulatorKind.MINISTACK), "python3.12",
     r"Debug needs an emulator that runs fn in a Lambda container of its own; MiniStack runs it as a process of its "
     r"own, from a temporary folder where breakpoints set in /var/task would not bind\."),
])
async def test_what_cannot_be_debugged_is_refused_before_anything_is_deployed(profile: Profile, runtime: str,
                                                                             words: str) -> None:
    debugger = FunctionDebugger(NoDeployer(profile), FunctionSpec("fn", runtime, "app.handler", USER_ZIP), None,
                                lambda _text: None)
    with pytest.raises(LambdadeskError, match=words):
        await debugger.start()
