"""Only the diff is deployed and kept: what differs from the function the emulator has (code by its hash, the
configuration field by field), and each zip stored once by its content, removed when no record names it."""

from pathlib import Path

from lambdadesk.adapters.store.desired_state_store import DesiredStateStore
from lambdadesk.core.function_spec import Deployment, FunctionSpec, code_sha256, what_changed

WANTED = {"Runtime": "python3.12", "Handler": "app.handle", "MemorySize": 256, "Timeout": 30,
          "Environment": {"Variables": {"REDIS_HOST": "127.0.0.1"}}}


def _current(code: bytes, **config: object) -> dict[str, object]:
    return {**WANTED, "CodeSha256": code_sha256(code), "FunctionArn": "arn:f", "State": "Active", **config}


def test_the_code_hash_is_aws_s() -> None:
    assert code_sha256(b"") == "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="  # AWS's CodeSha256 of an empty file


def test_what_changed_compares_the_code_hash_and_each_setting() -> None:
    assert what_changed(_current(b"zip"), b"zip", WANTED) == (False, False)
    assert what_changed(_current(b"zip"), b"zip2", WANTED) == (True, False)
    assert what_changed(_current(b"zip", Timeout=3), b"zip", WANTED) == (False, True)
    assert what_changed(_current(b"zip", Environment={"Variables": {}}), b"zip", WANTED) == (False, True)
    no_variables = {**WANTED, "Environment": {"Variables": {}}}
    assert what_changed(_current(b"zip", Environment=None), b"zip", no_variables) == (False, False)
    assert what_changed({}, b"zip", WANTED) == (True, True)  # an emulator that says nothing: everything sent


def test_a_deployment_says_what_it_changed() -> None:
    assert Deployment("f", "arn:f", "Active", True, 0.1).said() == "Created arn:f"
    assert Deployment("f", "arn:f", "Active", False, 0.1, "nothing").said() == "arn:f is unchanged: nothing deployed"
    assert Deployment("f", "arn:f", "Active", False, 0.1, "configuration").said() == \
        "Updated the configuration of arn:f"


def test_each_zip_is_kept_once_and_removed_when_no_record_names_it(tmp_path: Path) -> None:
    store = DesiredStateStore("p")
    store.record_function(FunctionSpec("a", "python3.12", "app.handle", b"one"))
    store.record_function(FunctionSpec("b", "python3.12", "app.handle", b"one"))  # the same zip: kept once
    code = store.folder / "code"
    assert len(list(code.glob("*.zip"))) == 1
    first = store.path.stat().st_mtime_ns
    store.record_function(FunctionSpec("a", "python3.12", "app.handle", b"one"))  # recorded as it is
    assert store.path.stat().st_mtime_ns == first  # nothing written

    store.record_function(FunctionSpec("a", "python3.12", "app.handle", b"two"))
    store.record_function(FunctionSpec("b", "python3.12", "app.handle", b"two"))
    zips = list(code.glob("*.zip"))
    assert [z.read_bytes() for z in zips] == [b"two"]  # "one" is named by no record now: gone
    state = store.load()
    assert {Path(r.code_file) for r in state.functions.values()} == set(zips)
