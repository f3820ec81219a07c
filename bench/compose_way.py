"""The seed's way, for comparison: a docker-compose file (Debian's docker-compose 1.29) with the same images,
settings and host networking as lambdadesk's environment, and the seed's readiness loop: Redis PING,
GetRestApis, ListFunctions and ListTopics every 250 ms until all answer."""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path
from typing import Any

import redis

from lambdadesk.adapters.aws.aws_clients import emulator_client
from lambdadesk.core.topology import addresses
from lambdadesk.environment.container_spec import ContainerSpec
from lambdadesk.environment.service import EnvironmentService

PROJECT = "benchcompose"


def write_compose_file(orchestrator: EnvironmentService, folder: Path) -> Path:
    """The same containers as `orchestrator` would create, as a compose file (JSON is YAML)."""
    services: dict[str, Any] = {}
    for spec in orchestrator.specs():
        services[spec.service] = _service(spec)
    path = folder / "docker-compose.yml"
    path.write_text(json.dumps({"version": "2.4", "services": services}, indent=2))
    return path


def _service(spec: ContainerSpec) -> dict[str, Any]:
    service: dict[str, Any] = {"image": spec.image, "environment": {**spec.environment, **spec.secret_environment},
                               "init": spec.init, "network_mode": spec.network_mode or "host"}
    if spec.command is not None:
        service["command"] = list(spec.command)
    if spec.entrypoint is not None:
        service["entrypoint"] = list(spec.entrypoint)
    if spec.binds:
        service["volumes"] = [f"{src}:{dst}" for src, dst in spec.binds.items()]
    return service


def compose(path: Path, *args: str) -> None:
    subprocess.run(["docker-compose", "-p", PROJECT, "-f", str(path), *args], check=True, capture_output=True)


def seed_readiness_loop(orchestrator: EnvironmentService, timeout_s: float = 180) -> None:
    """The seed's loop: every 250 ms until Redis answers PING and the emulator answers all three listings."""
    view = addresses(orchestrator.profile).host
    region = orchestrator.profile.region
    clients = [emulator_client(name, view.emulator_url, region) for name in ("apigateway", "lambda", "sns")]
    deadline = time.monotonic() + timeout_s
    store = redis.Redis(host=view.redis_host, port=view.redis_port, socket_connect_timeout=1)
    try:
        while True:
            try:
                store.ping()
                clients[0].get_rest_apis()
                clients[1].list_functions()
                clients[2].list_topics()
                return
            except Exception:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.25)
    finally:
        store.close()


def compose_up(path: Path, orchestrator: EnvironmentService) -> None:
    compose(path, "up", "-d")
    seed_readiness_loop(orchestrator)


def compose_down(path: Path) -> None:
    compose(path, "down", "-v", "--remove-orphans")
