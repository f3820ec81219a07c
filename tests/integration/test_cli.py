import csv
import io
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from lambdadesk.adapters.docker.docker_connection import DockerConnection
from tests.engine import engine_product
from tests.integration.cli_run import lambdadesk


@pytest.mark.proves("environment up")
@pytest.mark.every_engine
def test_up_status_and_down_from_a_shell_with_reliable_exit_codes(cli_profile: str,
                                                                   docker_connection: DockerConnection) -> None:
    up = lambdadesk("--profile", cli_profile, "up")
    assert up.returncode == 0, up.stderr
    assert "emulator: ready" in up.stderr and "127.0.0.1:24566" in up.stdout

    said = lambdadesk("--profile", cli_profile, "status")
    version = docker_connection.client.version()["Version"]
    engine = f"Engine: {engine_product()} {version} at {os.environ['DOCKER_HOST']} (DOCKER_HOST)"
    assert said.stdout.splitlines()[0] == engine  # which engine, where, and why that one

    status = lambdadesk("--profile", cli_profile, "--json", "status")
    assert status.returncode == 0, status.stderr
    rows = json.loads(status.stdout)
    assert {(row["service"], row["state"]) for row in rows} == {("emulator", "ready"), ("redis", "ready")}

    logs = lambdadesk("--profile", cli_profile, "logs", "emulator", "--tail", "5")
    assert logs.returncode == 0 and "lambdadesk-itestcli-emulator" in logs.stdout

    reset = lambdadesk("--profile", cli_profile, "reset")
    assert reset.returncode == 0 and "fast path" in reset.stdout and "Redis: FLUSHALL" in reset.stdout

    down = lambdadesk("--profile", cli_profile, "down")
    assert down.returncode == 0, down.stderr
    assert down.stdout.splitlines()[:2] == ["Environment 'itestcli' is down.",
                                            "  removed 2 containers (lambdadesk-itestcli-emulator, "
                                            "lambdadesk-itestcli-redis)"]  # what it removed, said
    assert "the data in lambdadesk-itestcli-redis: /data" in down.stdout
    after = lambdadesk("--profile", cli_profile, "status")
    assert after.returncode == 4 and "absent" in after.stdout


def test_two_ups_at_once_on_one_profile_both_succeed_one_waiting_for_the_other(cli_profile: str) -> None:
    command = [sys.executable, "-m", "lambdadesk", "--profile", cli_profile, "up"]
    both = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [process.communicate(timeout=300) for process in both]
    for process, (_out, err) in zip(both, outputs, strict=True):
        assert process.returncode == 0, err
        assert "Conflict" not in err and "already in use" not in err
    waited = [err for _out, err in outputs if "waiting for lambdadesk pid" in err]
    assert len(waited) == 1, outputs  # the second said for whom it waited: "… which is starting 'itestcli'"
    assert "which is starting 'itestcli'" in waited[0]
    status = lambdadesk("--profile", cli_profile, "--json", "status")
    assert {(row["service"], row["state"]) for row in json.loads(status.stdout)} == {("emulator", "ready"),
                                                                                  ("redis", "ready")}


def test_docker_not_reachable_exits_3_with_a_next_step(tmp_path: Path) -> None:
    result = lambdadesk("status", env={"DOCKER_HOST": f"unix://{tmp_path}/nothing.sock"})
    assert result.returncode == 3
    assert "no Docker socket" in result.stderr and "DOCKER_HOST" in result.stderr


def test_a_token_only_image_without_a_token_exits_1_before_starting_anything(tmp_path: Path) -> None:
    profile = tmp_path / "latest.json"
    profile.write_text(json.dumps({"name": "latest", "emulator_image": "localstack/localstack:latest"}))
    result = lambdadesk("--profile", str(profile), "up")
    assert result.returncode == 1 and "needs a LocalStack auth token" in result.stderr
    # an environment whose token is gone can still be looked at and stopped
    status = lambdadesk("--profile", str(profile), "status")
    assert status.returncode == 4 and "absent" in status.stdout, status.stderr
    down = lambdadesk("--profile", str(profile), "down")
    assert down.returncode == 0, down.stderr


def test_a_broken_profile_file_exits_1_naming_the_file(tmp_path: Path) -> None:
    profile = tmp_path / "broken.json"
    profile.write_text('{"name": "x", "redis_port": "high"}')
    result = lambdadesk("--profile", str(profile), "status")
    assert result.returncode == 1 and str(profile) in result.stderr and "redis_port" in result.stderr


@pytest.mark.proves("resource browser from a shell: ls (text, CSV, JSON), describe, delete asks")
def test_demo_runs_the_seed_flow_from_a_shell_and_ls_shows_what_it_made(cli_profile: str) -> None:
    result = lambdadesk("--profile", cli_profile, "demo", "--runtime", "python3.11")
    assert result.returncode == 0, result.stderr
    assert "seed flow on python3.11: PASS" in result.stdout
    assert "ok " in result.stderr and "read Redis at the notified key" in result.stderr

    listed = lambdadesk("--profile", cli_profile, "ls", "--csv")
    assert listed.returncode == 0, listed.stderr
    rows = {(row["kind"], row["name"]): row for row in csv.DictReader(io.StringIO(listed.stdout))}
    assert "python3.11" in rows[("function", "lambdadesk-seed")]["summary"]
    assert ("rest-api", "seed") in rows and ("topic", "lambdadesk-seed") in rows
    assert [row for row in rows.values() if row["problem"]] == []  # the demo left no subscription behind
    assert "note: sqs not listed: the emulator runs without sqs" in listed.stderr  # the profile leaves it out
    as_json = lambdadesk("--profile", cli_profile, "ls", "lambda", "--json")
    assert [r["name"] for r in json.loads(as_json.stdout)[0]["resources"]] == ["lambdadesk-seed"]
    described = lambdadesk("--profile", cli_profile, "describe", rows[("function", "lambdadesk-seed")]["arn"])
    assert described.returncode == 0 and '"Handler": "lambda_function.lambda_handler"' in described.stdout

    shared = lambdadesk("--profile", cli_profile, "delete", "lambdadesk-seed", "--yes")  # the function and topic
    assert shared.returncode == 1 and "--kind function, topic" in shared.stderr
    _one_requests_cloudwatch_lines(cli_profile)
    refused = lambdadesk("--profile", cli_profile, "delete", "lambdadesk-seed", "--kind", "function")  # no terminal
    assert refused.returncode == 1 and "Add --yes" in refused.stderr
    deleted = lambdadesk("--profile", cli_profile, "delete", "lambdadesk-seed", "--kind", "function", "--yes")
    assert deleted.returncode == 0 and "Deleted the function lambdadesk-seed." in deleted.stdout, deleted.stderr
    left = lambdadesk("--profile", cli_profile, "ls", "lambda").stdout
    assert "lambdadesk-seed" not in left


def _one_requests_cloudwatch_lines(cli_profile: str) -> None:
    """Two invokes; `logs --function --request-id` prints the first one's lines, START to REPORT, and none of the
    second's (the emulator hands its log over shortly after the call: asked again until then)."""
    ids = []
    for _ in range(2):
        invoked = lambdadesk("--profile", cli_profile, "--json", "invoke", "lambdadesk-seed", "--template",
                             "apigateway-v1")
        assert invoked.returncode == 0, invoked.stderr
        ids.append(re.findall(r"REPORT RequestId: (\S+)", json.loads(invoked.stdout)["log_tail"])[-1])
    deadline = time.monotonic() + 30
    while True:
        shown = lambdadesk("--profile", cli_profile, "logs", "--function", "lambdadesk-seed", "--request-id", ids[0])
        if (shown.returncode == 0 and f"REPORT RequestId: {ids[0]}" in shown.stdout) or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.splitlines()
    assert f"START RequestId: {ids[0]}" in lines[0] and f"REPORT RequestId: {ids[0]}" in lines[-1]
    assert "stored the body under" in shown.stdout and ids[1] not in shown.stdout


def test_a_failing_demo_exits_1_and_names_the_failed_step(cli_profile: str) -> None:
    # a runtime the zip check refuses: the deploy step fails before anything reaches the emulator
    result = lambdadesk("--profile", cli_profile, "demo", "--runtime", "python2.7")
    assert result.returncode == 1
    assert "FAIL" in result.stderr and "deploy lambdadesk-seed (python2.7)" in result.stderr
    assert "not a Lambda runtime" in result.stderr and "seed flow on python2.7: FAIL" in result.stdout


def test_a_command_that_needs_the_emulator_says_so_when_it_is_down(cli_profile: str) -> None:
    for command in (["ls"], ["invoke", "seed"], ["describe", "seed"]):
        result = lambdadesk("--profile", cli_profile, *command)
        assert result.returncode == 1, (command, result.stderr)
        assert f"Could not run lambdadesk {command[0]}: the emulator does not answer." in result.stderr
        assert "Next step: Start the environment" in result.stderr and "Traceback" not in result.stderr
