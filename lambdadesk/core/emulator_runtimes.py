"""What an emulator does with a function's runtime where that differs from AWS: MiniStack runs every Python
function on its own interpreter, and answers java, dotnet and ruby functions with a made-up success without
running them (it has no executor for them unless its Lambdas run in Docker)."""

from __future__ import annotations

from lambdadesk.core.errors import LambdadeskError
from lambdadesk.core.profile import EmulatorKind

PRETENDED = ("java", "dotnet", "ruby")


class UnsupportedRuntimeError(LambdadeskError):
    """The profile's emulator would not run a function of this runtime, only pretend to."""


def runtime_notice(emulator: EmulatorKind, function: str, runtime: str, emulator_python: str | None) -> str:
    """'' when the emulator runs `runtime` as AWS would; what differs when it runs it another way (MiniStack:
    Python `emulator_python`, e.g. "3.12", whatever the runtime says). Raises UnsupportedRuntimeError for a
    runtime it only pretends to run."""
    if emulator is not EmulatorKind.MINISTACK:
        return ""
    if runtime.startswith(PRETENDED):
        raise UnsupportedRuntimeError(
            f"MiniStack cannot run {function} ({runtime}): it answers every invocation of a java, dotnet or ruby "
            "function with a made-up success, without running its code.",
            "Choose LocalStack as the profile's emulator for this function, or a python, nodejs or provided "
            "runtime.")
    if runtime.startswith("python") and emulator_python and runtime != f"python{emulator_python}":
        return (f"MiniStack runs {function} on its own Python {emulator_python}, not on {runtime}: code that "
                f"depends on {runtime} may behave differently here than on AWS.")
    return ""
