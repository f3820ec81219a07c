"""Exports of a flow file: the GitHub workflow passes the real validator (check-jsonschema's vendored schema,
offline) and runs the flow file by its path in the repository; the pytest module points at the flow file."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from lambdadesk.core.errors import LambdadeskError
from lambdadesk.flows.flow_export import TARGETS, _identifier, export_flow
from lambdadesk.flows.flow_parser import read_flow
from lambdadesk.flows.sample_flows import sample_files


def _flow_in_repository(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "flows").mkdir()
    file = tmp_path / "flows" / "seed.flow.yaml"
    shutil.copy(sample_files()[0], file)
    return file


def test_the_github_workflow_is_valid_and_runs_the_flow_by_its_repository_path(tmp_path: Path) -> None:
    file = _flow_in_repository(tmp_path)
    workflow = tmp_path / ".github" / "workflows" / "flow.yml"
    workflow.parent.mkdir(parents=True)
    workflow.write_text(export_flow(read_flow(file, environ={}), "github", workflow))
    checked = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema",
                              "vendor.github-workflows", str(workflow)], capture_output=True, text=True, check=False)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    steps = yaml.safe_load(workflow.read_text())["jobs"]["flow"]["steps"]
    runs = [step["run"] for step in steps if "run" in step]
    assert any(run.startswith('lambdadesk flow run "flows/seed.flow.yaml" --junit') for run in runs), runs


def test_a_broken_workflow_is_caught_by_the_same_validator(tmp_path: Path) -> None:
    file = _flow_in_repository(tmp_path)
    broken = tmp_path / "broken.yml"
    broken.write_text(export_flow(read_flow(file, environ={}), "github", broken).replace("runs-on:", "runs_on:"))
    checked = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema",
                              "vendor.github-workflows", str(broken)], capture_output=True, text=True, check=False)
    assert checked.returncode == 1  # the check above can fail


def test_the_pytest_module_refers_to_the_flow_file_relative_to_itself(tmp_path: Path) -> None:
    file = _flow_in_repository(tmp_path)
    module = tmp_path / "tests" / "test_seed_flow.py"
    text = export_flow(read_flow(file, environ={}), "pytest", module)
    compile(text, str(module), "exec")
    assert 'FLOW = Path(__file__).parent / "../flows/seed.flow.yaml"' in text
    assert "def test_seed_flow_python(lambdadesk_flow: RunFlow)" in text


def test_compose_runs_the_file_from_where_it_is_written_drone_and_the_pod_from_the_repository(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    flow = read_flow(_flow_in_repository(tmp_path), environ={})
    compose = export_flow(flow, "compose", tmp_path / "ci" / "compose.yaml")
    assert "../flows/seed.flow.yaml" in compose and flow.name in compose
    for target in ("drone", "kubernetes"):
        text = export_flow(flow, target, tmp_path / "ci" / f"{target}.yaml")
        assert "flows/seed.flow.yaml" in text and "../flows/seed.flow.yaml" not in text, target
    monkeypatch.chdir(tmp_path / "flows")  # printed, not written: relative to the current folder
    assert "seed.flow.yaml" in export_flow(flow, "compose", None) and "../" not in export_flow(flow, "compose", None)


def test_an_unknown_target_is_refused_with_the_targets_there_are(tmp_path: Path) -> None:
    flow = read_flow(_flow_in_repository(tmp_path), environ={})
    with pytest.raises(LambdadeskError) as refused:
        export_flow(flow, "jenkins", None)
    assert refused.value.message == "'jenkins' is not an export target."
    assert refused.value.next_step == "Use one of " + ", ".join(TARGETS) + "."


def test_a_flow_name_with_no_letters_still_makes_a_test_name() -> None:
    assert _identifier("--!!--") == "flow" and _identifier("Seed flow (Go)") == "seed_flow_go"


@pytest.mark.parametrize("target", ["github", "compose", "drone", "kubernetes"])
def test_every_ci_export_installs_the_release_that_wrote_it(tmp_path: Path, target: str) -> None:
    from importlib.metadata import version

    from lambdadesk import __version__

    text = export_flow(read_flow(_flow_in_repository(tmp_path), environ={}), target, tmp_path / f"{target}.yaml")
    assert __version__ == version("lambdadesk")  # the package's own metadata says the same release
    assert f"pip install lambdadesk=={__version__}" in text and "pip install lambdadesk " not in text
