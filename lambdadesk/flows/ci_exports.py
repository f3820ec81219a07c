"""A flow file as a CI configuration whose emulator and Redis are services of the CI system's own: a
docker-compose file, a Drone pipeline (seed 000's Docker pipeline) and a Kubernetes Pod (seed 000's pod with dind,
everything on localhost). In each, a runner installs lambdadesk and runs the flow attached to those services
(`--emulator-url`, `--redis-url`, `--capture-host`), with the Lambda networking set as the seed learned it
(LAMBDA_DOCKER_NETWORK). The images and settings are the profile's."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import yaml

from lambdadesk.core.emulator_image import LOCALSTACK_COMMUNITY, choose_emulator_image
from lambdadesk.core.errors import AuthTokenMissingError
from lambdadesk.core.profile import EmulatorKind, Profile, Topology
from lambdadesk.core.topology import INNER_REDIS_PORT, emulator_inner_port
from lambdadesk.flows.flow_export import INSTALL

RUNNER_IMAGE = "python:3.12-slim"
DOCKER_SOCKET = "/var/run/docker.sock"
# the engine's socket on the machine that runs compose: the default one, or (rootless Docker, Podman) another
COMPOSE_SOCKET = "${LAMBDADESK_DOCKER_SOCKET:-/var/run/docker.sock}"
JUNIT, REPORT = "flow-junit.xml", "flow-report.json"


@dataclass(frozen=True)
class Wiring:
    """Where the runner finds the services, and the network the emulator's Lambda containers join."""

    emulator_host: str
    redis_host: str
    runner_host: str  # where the emulator reaches the runner's SNS capture endpoint
    lambda_network: str


def run_command(profile: Profile, flow_path: str, wiring: Wiring,
                ports: tuple[int, int] | None = None) -> str:
    """The runner's command line: the flow run attached to the CI's services, at `ports` (emulator, Redis) or
    the ports they listen on inside their own containers."""
    emulator_port, redis_port = ports or (emulator_inner_port(profile), INNER_REDIS_PORT)
    return (f"lambdadesk --emulator-url http://{wiring.emulator_host}:{emulator_port} "
            f"--redis-url redis://{wiring.redis_host}:{redis_port} --capture-host {wiring.runner_host} "
            f"flow run {json.dumps(flow_path)} --junit {JUNIT} --report {REPORT}")


def emulator_image(profile: Profile) -> str:
    try:
        return choose_emulator_image(profile, has_token=False).image
    except AuthTokenMissingError:  # a token-only image: the CI gives LOCALSTACK_AUTH_TOKEN (see the environment)
        return profile.emulator_image or LOCALSTACK_COMMUNITY


def emulator_environment(profile: Profile, wiring: Wiring) -> dict[str, str]:
    """The emulator's settings: LocalStack's services, the network its Lambda containers join and the name they
    reach it by (else it pings 172.17.0.1 and 172.18.0.1 on start to guess: 4 s in a pod where neither answers);
    the profile's own emulator_env on top. No emulator looks for credentials at the cloud's instance metadata
    address (on an EC2 runner it would find the runner's own). MiniStack runs its Lambdas as processes of its
    own: no network to name."""
    env: dict[str, str] = {"AWS_EC2_METADATA_DISABLED": "true"}
    if profile.emulator is EmulatorKind.LOCALSTACK:
        env |= {"SERVICES": ",".join(profile.aws_services), "DEBUG": "1" if profile.debug else "0",
                "LAMBDA_DOCKER_NETWORK": wiring.lambda_network, "DOCKER_BRIDGE_IP": wiring.emulator_host}
    return {**env, **profile.emulator_env}


def needs_token_setting(profile: Profile) -> bool:
    """LocalStack: the auth token is passed on from the CI's secrets (empty is fine for the community image)."""
    return profile.emulator is EmulatorKind.LOCALSTACK


def runs_lambda_containers(profile: Profile) -> bool:
    return profile.emulator is not EmulatorKind.MINISTACK


def as_yaml(header: str, document: dict[str, Any]) -> str:
    return header + yaml.safe_dump(document, sort_keys=False, width=120)


def compose_file(profile: Profile, flow_name: str, flow_path: str) -> str:
    """docker-compose: the emulator, Redis and a runner on a network of a fixed name, which the emulator's Lambda
    containers join (a host-topology profile: all of them on the host's network, see compose_host_network.py).
    `docker compose up --abort-on-container-exit --exit-code-from runner`."""
    if profile.topology is Topology.HOST:
        from lambdadesk.flows.compose_host_network import host_network_compose

        return as_yaml(compose_header(flow_name, "on the host's network (Linux)"),
                       host_network_compose(profile, flow_path))
    network = "lambdadesk-flow"
    wiring = Wiring("emulator", "redis", "runner", network)
    env: dict[str, Any] = emulator_environment(profile, wiring)
    if needs_token_setting(profile):
        env["LOCALSTACK_AUTH_TOKEN"] = "${LOCALSTACK_AUTH_TOKEN:-}"  # from the shell that runs compose
    emulator: dict[str, Any] = {"image": emulator_image(profile), "environment": env, "networks": [network]}
    if runs_lambda_containers(profile):
        emulator["volumes"] = [f"{COMPOSE_SOCKET}:{DOCKER_SOCKET}"]
    document = {
        "services": {
            "emulator": emulator,
            "redis": {"image": profile.redis_image, "networks": [network]},
            "runner": {"image": RUNNER_IMAGE, "working_dir": "/work", "volumes": [".:/work"],
                       "depends_on": ["emulator", "redis"], "networks": [network],
                       "command": ["sh", "-c", f"{INSTALL} && {run_command(profile, flow_path, wiring)}"]},
        },
        "networks": {network: {"name": network}},
    }
    return as_yaml(compose_header(flow_name, "on a network of its own"), document)


def compose_header(flow_name: str, where: str) -> str:
    return (f"# The flow {flow_name!r}, exported by `lambdadesk flow export --to compose`, {where}. Run it from "
            "this folder:\n#   docker compose up --abort-on-container-exit --exit-code-from runner\n")


def drone_pipeline(profile: Profile, flow_name: str, flow_path: str) -> str:
    """Drone on Docker (seed 000): the emulator and Redis as services, the Lambdas on the pipeline's network
    ($DRONE_DOCKER_NETWORK_ID), a step that runs the flow and is reached by its name."""
    wiring = Wiring("emulator", "redis", "flow", "${DRONE_DOCKER_NETWORK_ID}")
    env: dict[str, Any] = emulator_environment(profile, wiring)
    if needs_token_setting(profile):
        env["LOCALSTACK_AUTH_TOKEN"] = {"from_secret": "localstack_auth_token"}
    emulator: dict[str, Any] = {"name": "emulator", "image": emulator_image(profile), "environment": env}
    volumes: list[dict[str, Any]] = []
    if runs_lambda_containers(profile):
        emulator["volumes"] = [{"name": "dockersock", "path": DOCKER_SOCKET}]
        volumes = [{"name": "dockersock", "host": {"path": DOCKER_SOCKET}}]
    document: dict[str, Any] = {
        "kind": "pipeline", "type": "docker", "name": f"flow {flow_name}",
        "services": [emulator, {"name": "redis", "image": profile.redis_image}],
        "steps": [{"name": "flow", "image": RUNNER_IMAGE,
                   "commands": [INSTALL, run_command(profile, flow_path, wiring)]}],
    }
    if volumes:
        document["volumes"] = volumes
    return as_yaml(f"# The flow {flow_name!r}, exported by `lambdadesk flow export --to drone` (.drone.yml).\n",
                   document)


def kubernetes_pod(profile: Profile, flow_name: str, flow_path: str) -> str:
    """Drone on Kubernetes (seed 000): one Pod whose containers (emulator, Redis, dind, runner) share its network,
    so everything is on localhost; the emulator starts its Lambdas in dind on the pod's network."""
    wiring = Wiring("localhost", "localhost", "127.0.0.1", "host")
    env = {**emulator_environment(profile, wiring),
           **({"DOCKER_HOST": "tcp://localhost:2375"} if runs_lambda_containers(profile) else {})}
    settings: list[dict[str, Any]] = [{"name": key, "value": value} for key, value in env.items()]
    if needs_token_setting(profile):  # from a Secret named localstack-auth-token, when there is one
        settings.append({"name": "LOCALSTACK_AUTH_TOKEN", "valueFrom": {"secretKeyRef": {
            "name": "localstack-auth-token", "key": "token", "optional": True}}})
    containers: list[dict[str, Any]] = [
        {"name": "emulator", "image": emulator_image(profile), "env": settings},
        {"name": "redis", "image": profile.redis_image},
        {"name": "runner", "image": RUNNER_IMAGE, "workingDir": "/work",
         "command": ["sh", "-c", f"{INSTALL} && {run_command(profile, flow_path, wiring)}"],
         "volumeMounts": [{"name": "work", "mountPath": "/work"}]},
    ]
    if runs_lambda_containers(profile):
        containers.append({"name": "dind", "image": profile.dind_image, "securityContext": {"privileged": True},
                           "env": [{"name": "DOCKER_TLS_CERTDIR", "value": ""}],  # plain TCP, inside the pod only
                           "args": ["--host=tcp://127.0.0.1:2375"]})
    document = {
        "apiVersion": "v1", "kind": "Pod",
        "metadata": {"name": "lambdadesk-flow", "labels": {"app.kubernetes.io/name": "lambdadesk-flow"}},
        "spec": {"restartPolicy": "Never", "containers": containers,
                 "volumes": [{"name": "work", "emptyDir": {}}]},
    }
    return as_yaml(f"# The flow {flow_name!r}, exported by `lambdadesk flow export --to kubernetes`. Put the "
                   "repository into /work (an init container, or a\n# volume of your own instead of emptyDir), "
                   "then: kubectl apply -f THIS; kubectl logs -f lambdadesk-flow -c runner\n", document)
