"""The compose export of a host-topology profile: the emulator and Redis made from the very container specs
lambdadesk starts for that profile (environment/container_specs.py), every service on the host's network and
listening on the host's loopback at the profile's ports, and the runner reaching them there. For Linux CI
machines whose engine has no bridge network, or where the ports should be the profile's."""

from __future__ import annotations

import dataclasses
from typing import Any

from lambdadesk.core.engine import SOCKET_IN_CONTAINER, EngineReach
from lambdadesk.core.profile import Profile
from lambdadesk.core.topology import LOOPBACK
from lambdadesk.environment.container_spec import ContainerSpec
from lambdadesk.environment.container_specs import build_specs
from lambdadesk.flows.ci_exports import (
    COMPOSE_SOCKET,
    RUNNER_IMAGE,
    Wiring,
    emulator_image,
    needs_token_setting,
    run_command,
)
from lambdadesk.flows.flow_export import INSTALL


def host_network_compose(profile: Profile, flow_path: str) -> dict[str, Any]:
    """The compose document: the profile's emulator and Redis as lambdadesk would start them (without dind: the
    emulator starts its Lambdas with the engine that runs compose), and the runner."""
    specs = build_specs(dataclasses.replace(profile, dind=False), emulator_image(profile),
                        EngineReach(socket=SOCKET_IN_CONTAINER))
    services = {spec.service: _service(spec) for spec in specs}
    if needs_token_setting(profile):  # from the shell that runs compose (empty is fine for the community image)
        services["emulator"]["environment"]["LOCALSTACK_AUTH_TOKEN"] = "${LOCALSTACK_AUTH_TOKEN:-}"
    wiring = Wiring(LOOPBACK, LOOPBACK, LOOPBACK, "host")
    command = run_command(profile, flow_path, wiring, ports=(profile.emulator_port, profile.redis_port))
    services["runner"] = {"image": RUNNER_IMAGE, "network_mode": "host", "working_dir": "/work",
                          "volumes": [".:/work"], "depends_on": [spec.service for spec in specs],
                          "command": ["sh", "-c", f"{INSTALL} && {command}"]}
    return {"services": services}


def _service(spec: ContainerSpec) -> dict[str, Any]:
    """One container spec as a compose service (its secrets are not in a spec made without them)."""
    service: dict[str, Any] = {"image": spec.image, "container_name": spec.name, "network_mode": "host"}
    if spec.environment:
        service["environment"] = {key: _literal(value) for key, value in spec.environment.items()}
    if spec.entrypoint:
        service["entrypoint"] = [_literal(part) for part in spec.entrypoint]
    if spec.command:
        service["command"] = [_literal(part) for part in spec.command]
    if spec.binds:
        service["volumes"] = [f"{COMPOSE_SOCKET if source == SOCKET_IN_CONTAINER else source}:{target}"
                              for source, target in spec.binds.items()]
    if spec.extra_hosts:
        service["extra_hosts"] = [f"{name}:{address}" for name, address in spec.extra_hosts.items()]
    if spec.init:
        service["init"] = True
    service["stop_grace_period"] = f"{spec.stop_timeout_s}s"
    return service


def _literal(value: str) -> str:
    """A value compose must not read as a variable."""
    return value.replace("$", "$$")
