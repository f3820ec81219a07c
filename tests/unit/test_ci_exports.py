"""The CI configurations a flow exports to, checked with the real validators: compose and Drone against
check-jsonschema's vendored schemas (offline), the Kubernetes Pod loaded into the official client's models; and
what each says: the runner attached to the CI's own services, the Lambdas on the network the emulator can reach."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from lambdadesk.core.engine import EngineReach
from lambdadesk.core.profile import EmulatorKind, Profile, Topology
from lambdadesk.environment.container_specs import build_specs
from lambdadesk.flows.flow_export import export_flow
from lambdadesk.flows.flow_parser import read_flow
from lambdadesk.flows.sample_flows import sample_files

PROFILE = Profile(emulator_image="localstack/localstack:4.14", redis_image="redis:7-alpine",
                  emulator_env={"LAMBDA_RUNTIME_IMAGE_MAPPING": "mirror/lambda:<runtime>"})


def _export(tmp_path: Path, target: str, name: str, profile: Profile = PROFILE) -> Path:
    (tmp_path / ".git").mkdir(exist_ok=True)
    (tmp_path / "flows").mkdir(exist_ok=True)
    file = tmp_path / "flows" / "seed.flow.yaml"
    shutil.copy(sample_files()[0], file)
    output = tmp_path / name
    output.write_text(export_flow(read_flow(file, environ={}), target, output, profile))
    return output


def _valid(schema: str, path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, str(path)],
                          capture_output=True, text=True, check=False)


def test_the_compose_file_is_valid_and_wires_the_runner_and_the_lambdas_to_one_network(tmp_path: Path) -> None:
    path = _export(tmp_path, "compose", "docker-compose.yml")
    checked = _valid("vendor.compose-spec", path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    document = yaml.safe_load(path.read_text())
    emulator, runner = document["services"]["emulator"], document["services"]["runner"]
    assert emulator["image"] == "localstack/localstack:4.14"
    assert emulator["environment"]["LAMBDA_DOCKER_NETWORK"] == document["networks"]["lambdadesk-flow"]["name"]
    assert emulator["environment"]["LAMBDA_RUNTIME_IMAGE_MAPPING"] == "mirror/lambda:<runtime>"  # the profile's own
    # where its Lambdas reach it (LocalStack pings to guess otherwise), and no look at instance metadata
    assert (emulator["environment"]["DOCKER_BRIDGE_IP"], emulator["environment"]["AWS_EC2_METADATA_DISABLED"]) == (
        "emulator", "true")
    # it starts the Lambda containers through the engine's socket: the default one unless the shell names another
    assert emulator["volumes"] == ["${LAMBDADESK_DOCKER_SOCKET:-/var/run/docker.sock}:/var/run/docker.sock"]
    command = runner["command"][-1]
    assert ("lambdadesk --emulator-url http://emulator:4566 --redis-url redis://redis:6379 --capture-host runner "
            'flow run "flows/seed.flow.yaml" --junit flow-junit.xml') in command
    assert document["services"]["redis"]["image"] == "redis:7-alpine"


def test_a_host_topology_profile_exports_the_containers_lambdadesk_starts_on_the_host_network(tmp_path: Path) -> None:
    profile = dataclasses.replace(PROFILE, name="ci", topology=Topology.HOST, emulator_port=14566, redis_port=16379,
                                  emulator_env={**PROFILE.emulator_env, "DOCKER_FLAGS": "--x=$HOME"})
    path = _export(tmp_path, "compose", "docker-compose.yml", profile)
    checked = _valid("vendor.compose-spec", path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    services = yaml.safe_load(path.read_text())["services"]
    assert {service["network_mode"] for service in services.values()} == {"host"}
    specs = {spec.service: spec for spec in build_specs(profile, "localstack/localstack:4.14",
                                                         EngineReach(socket="/var/run/docker.sock"))}
    emulator, redis = services["emulator"], services["redis"]
    assert emulator["container_name"] == specs["emulator"].name == emulator["environment"]["MAIN_CONTAINER_NAME"]
    assert emulator["environment"]["GATEWAY_LISTEN"] == "127.0.0.1:14566"
    assert emulator["environment"]["LAMBDA_DOCKER_NETWORK"] == "host"
    assert emulator["environment"]["DOCKER_FLAGS"] == "--x=$$HOME"  # compose reads no variable of the profile's
    assert {key: value for key, value in emulator["environment"].items() if key not in ("DOCKER_FLAGS",
            "LOCALSTACK_AUTH_TOKEN")} == {key: value for key, value in specs["emulator"].environment.items()
                                         if key != "DOCKER_FLAGS"}
    assert redis["command"] == list(specs["redis"].command) and "16379" in redis["command"]
    command = services["runner"]["command"][-1]
    assert ("lambdadesk --emulator-url http://127.0.0.1:14566 --redis-url redis://127.0.0.1:16379 "
            "--capture-host 127.0.0.1 flow run") in command
    assert services["runner"]["depends_on"] == ["redis", "emulator"]


def test_the_drone_pipeline_is_valid_and_is_seed_000s_docker_pipeline(tmp_path: Path) -> None:
    path = _export(tmp_path, "drone", ".drone.yml")
    checked = _valid("vendor.drone-ci", path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    document = yaml.safe_load(path.read_text())
    emulator = document["services"][0]
    assert emulator["environment"]["LAMBDA_DOCKER_NETWORK"] == "${DRONE_DOCKER_NETWORK_ID}"
    assert emulator["environment"]["LOCALSTACK_AUTH_TOKEN"] == {"from_secret": "localstack_auth_token"}
    step = document["steps"][0]
    assert step["name"] == "flow" and "--capture-host flow " in step["commands"][-1]  # a step is reached by name


def test_a_broken_drone_pipeline_is_caught_by_the_same_validator(tmp_path: Path) -> None:
    path = _export(tmp_path, "drone", ".drone.yml")
    path.write_text(path.read_text().replace("kind: pipeline", "kind: pipeline\nsteps: 3"))
    assert _valid("vendor.drone-ci", path).returncode == 1


def _pod(path: Path) -> Any:
    from kubernetes.client import ApiClient, V1Pod

    pod = ApiClient()._ApiClient__deserialize(yaml.safe_load(path.read_text()), "V1Pod")  # type: ignore[attr-defined]
    assert isinstance(pod, V1Pod)
    return pod


def test_the_kubernetes_pod_loads_into_the_clients_models_with_everything_on_localhost(tmp_path: Path) -> None:
    pod = _pod(_export(tmp_path, "kubernetes", "pod.yaml"))
    containers = {container.name: container for container in pod.spec.containers}
    assert sorted(containers) == ["dind", "emulator", "redis", "runner"]
    env = {item.name: item for item in containers["emulator"].env}
    assert (env["DOCKER_HOST"].value, env["LAMBDA_DOCKER_NETWORK"].value) == ("tcp://localhost:2375", "host")
    assert (env["DOCKER_BRIDGE_IP"].value, env["AWS_EC2_METADATA_DISABLED"].value) == ("localhost", "true")
    assert env["LOCALSTACK_AUTH_TOKEN"].value_from.secret_key_ref.optional is True
    assert containers["dind"].security_context.privileged is True
    assert containers["dind"].args == ["--host=tcp://127.0.0.1:2375"]  # inside the pod only
    assert ("--emulator-url http://localhost:4566 --redis-url redis://localhost:6379 --capture-host 127.0.0.1"
            in containers["runner"].command[-1])


def test_a_pod_missing_a_required_field_is_refused_by_the_models(tmp_path: Path) -> None:
    path = _export(tmp_path, "kubernetes", "pod.yaml")
    document = yaml.safe_load(path.read_text())
    del document["spec"]["containers"][0]["name"]
    path.write_text(yaml.safe_dump(document))
    with pytest.raises(ValueError, match="name"):
        _pod(path)


def test_ministack_needs_no_docker_socket_nor_dind(tmp_path: Path) -> None:
    ministack = Profile(emulator=EmulatorKind.MINISTACK)
    compose = yaml.safe_load(_export(tmp_path, "compose", "compose.yml", ministack).read_text())
    assert "volumes" not in compose["services"]["emulator"]
    assert compose["services"]["emulator"]["environment"] == {"AWS_EC2_METADATA_DISABLED": "true"}
    assert compose["services"]["emulator"]["image"].startswith("ministackorg/ministack")
    pod = _pod(_export(tmp_path, "kubernetes", "pod.yaml", ministack))
    assert sorted(c.name for c in pod.spec.containers) == ["emulator", "redis", "runner"]
