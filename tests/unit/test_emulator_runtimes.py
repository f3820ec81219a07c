import pytest

from lambdadesk.core.emulator_runtimes import UnsupportedRuntimeError, runtime_notice
from lambdadesk.core.profile import EmulatorKind


@pytest.mark.parametrize("runtime", ["java21", "dotnet8", "ruby3.3", "java8.al2"])
def test_ministack_refuses_the_runtimes_it_only_pretends_to_run(runtime: str) -> None:
    with pytest.raises(UnsupportedRuntimeError) as raised:
        runtime_notice(EmulatorKind.MINISTACK, "orders", runtime, "3.12")
    assert (raised.value.message, raised.value.next_step) == (
        f"MiniStack cannot run orders ({runtime}): it answers every invocation of a java, dotnet or ruby function "
        "with a made-up success, without running its code.",
        "Choose LocalStack as the profile's emulator for this function, or a python, nodejs or provided runtime.")
    assert runtime_notice(EmulatorKind.LOCALSTACK, "orders", runtime, None) == ""  # LocalStack runs them


def test_ministack_says_when_a_python_function_runs_on_another_python() -> None:
    assert runtime_notice(EmulatorKind.MINISTACK, "seed", "python3.11", "3.12") == (
        "MiniStack runs seed on its own Python 3.12, not on python3.11: code that depends on python3.11 may behave "
        "differently here than on AWS.")
    assert runtime_notice(EmulatorKind.MINISTACK, "seed", "python3.12", "3.12") == ""
    assert runtime_notice(EmulatorKind.MINISTACK, "seed", "python3.1", "3.12") != ""  # not a prefix match
    assert runtime_notice(EmulatorKind.MINISTACK, "seed", "python3.11", None) == ""  # unknown: nothing claimed
    for runtime in ("nodejs20.x", "provided.al2023"):
        assert runtime_notice(EmulatorKind.MINISTACK, "seed", runtime, "3.12") == ""
    assert runtime_notice(EmulatorKind.MOTO, "seed", "python3.11", "3.12") == ""
