"""A function's name becomes a file name in the desired state: it is checked before AWS is called or a file is
written (moto accepted '../../../../tmp/x', and a zip was written outside the state folder)."""

from pathlib import Path

import pytest

from lambdadesk.adapters.store.desired_state_store import DesiredStateStore
from lambdadesk.core.function_spec import FunctionNameError, FunctionSpec, check_function_name
from lambdadesk.deploy.lambda_deployer import LambdaDeployer

BAD = ["../../../../tmp/x", "a/b", "", "x" * 65, "with space", "dot.ted", "/abs"]


@pytest.mark.parametrize("name", BAD)
def test_names_aws_would_refuse_or_that_reach_outside_are_refused_in_words(name: str) -> None:
    with pytest.raises(FunctionNameError, match="cannot name a Lambda function") as raised:
        check_function_name(name)
    assert "1 to 64 letters, digits, '-' or '_'" in raised.value.next_step


@pytest.mark.parametrize("name", ["seed", "lambdadesk-seed-python312", "A_b-9", "x" * 64])
def test_good_names_pass(name: str) -> None:
    assert check_function_name(name) == name


def test_the_store_writes_nothing_for_a_bad_name(tmp_path: Path) -> None:
    with pytest.raises(FunctionNameError):
        DesiredStateStore("p").record_function(FunctionSpec("../../../../outside", "python3.12", "app.handle", b"zip"))
    assert not list(tmp_path.rglob("*.zip"))
    assert not (tmp_path / "data" / "state" / "p" / "desired-state.json").exists()


def test_a_deploy_with_a_bad_name_stops_before_calling_aws() -> None:
    deployer = LambdaDeployer("http://127.0.0.1:1", "us-east-1", {})  # nothing listens there: a call would fail else
    with pytest.raises(FunctionNameError):
        deployer.deploy(FunctionSpec("../x", "python3.12", "app.handle", b"not even a zip"))
