"""The compose export run for real: the seed flow's sample file exported to a docker-compose file and run with the
test bed's docker-compose on the test bed's engine (on the host's network, or on the bridge topology in the test
bed's network namespace); the runner's flow passes and its JUnit report says so, and a failing flow fails it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest
import yaml

from lambdadesk.adapters.docker.docker_connection import DockerConnection
from lambdadesk.core import labels
from lambdadesk.flows.flow_export import INSTALL
from lambdadesk.flows.sample_flows import sample_files
from tests.engine import shipped_profile_data
from tests.integration.cli_run import lambdadesk

pytestmark = pytest.mark.every_topology

# The test bed's stand-in for the runner (python:3.12-slim): no package index here has lambdadesk, so the runner
# runs this checkout's own .venv, mounted at its own path, where the export would `pip install lambdadesk`.
RUNNER_IMAGE = "lambdadesk-test/flow-runner:latest"
CHECKOUT = Path(__file__).resolve().parents[2]
VENV_LAMBDADESK = Path(sys.executable).parent / "lambdadesk"
PROJECT = "lambdadeskflow"


def _export(tmp_path: Path, flow_text: str) -> Path:
    (tmp_path / "seed-python.flow.yaml").write_text(flow_text)
    profile = tmp_path / "composeflow.json"
    profile.write_text(json.dumps(shipped_profile_data(name="composeflow", emulator_port=24766, redis_port=26579,
                                                       dind_port=22475)))
    compose_file = tmp_path / "docker-compose.yml"
    exported = lambdadesk("--profile", str(profile), "flow", "export", str(tmp_path / "seed-python.flow.yaml"),
                          "--to", "compose", "-o", str(compose_file))
    assert exported.returncode == 0, exported.stderr
    document = yaml.safe_load(compose_file.read_text())
    runner = document["services"]["runner"]
    assert runner["command"][-1].startswith(f"{INSTALL} && lambdadesk --emulator-url ")
    runner["image"] = RUNNER_IMAGE
    runner["volumes"].append(f"{CHECKOUT}:{CHECKOUT}:ro")
    runner["command"][-1] = runner["command"][-1].replace(f"{INSTALL} && lambdadesk", str(VENV_LAMBDADESK), 1)
    compose_file.write_text(yaml.safe_dump(document, sort_keys=False))
    return compose_file


def _compose(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    socket = os.environ.get("DOCKER_HOST", "unix:///var/run/docker.sock").removeprefix("unix://")
    command = shutil.which("docker-compose")
    assert command is not None, "docker-compose is not installed (testbed/install-host.sh installs it)"
    return subprocess.run([command, "-p", PROJECT, *args], cwd=folder, capture_output=True, text=True, timeout=600,
                          env={**os.environ, "LAMBDADESK_DOCKER_SOCKET": socket}, check=False)


@pytest.fixture
def folder(tmp_path: Path, docker_connection: DockerConnection) -> object:
    assert CHECKOUT in VENV_LAMBDADESK.parents, "the tests run from the checkout's .venv (testbed/prepare.sh)"
    yield tmp_path
    _compose(tmp_path, "down", "--volumes")
    owned = {"label": [f"{labels.PROFILE}=composeflow"]}
    for container in docker_connection.client.containers.list(all=True, filters=owned):  # the Lambdas it started
        container.remove(force=True)


def test_the_exported_compose_file_runs_the_seed_flow_and_fails_a_failing_one(folder: Path) -> None:
    flow_text = sample_files()[0].read_text()
    _export(folder, flow_text)
    passed = _compose(folder, "up", "--abort-on-container-exit", "--exit-code-from", "runner")
    assert passed.returncode == 0, passed.stdout[-3000:] + passed.stderr[-2000:]
    assert "seed flow (Python): PASS" in passed.stdout
    suite = ElementTree.parse(folder / "flow-junit.xml").getroot().find("testsuite")
    assert suite is not None and suite.get("failures") == "0"
    assert "read Redis at the notified key" in {case.get("name") for case in suite.findall("testcase")}
    assert json.loads((folder / "flow-report.json").read_text())["ok"] is True

    _compose(folder, "down", "--volumes")
    _export(folder, flow_text.replace("json: {hello: lambdadesk, order: 1001, paid: true}}}",
                                      "json: {hello: lambdadesk, order: 1002, paid: true}}}"))
    failed = _compose(folder, "up", "--abort-on-container-exit", "--exit-code-from", "runner")
    assert failed.returncode == 1, failed.stdout[-3000:]
    assert "seed flow (Python): FAIL" in failed.stdout and "1002" in failed.stdout
