"""A container lambdadesk runs, as plain data: what to create, how to tell it is ready, and its identity hash."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from typing import Any

from docker.constants import MINIMUM_DOCKER_API_VERSION
from docker.types import EndpointConfig

from lambdadesk.core import labels
from lambdadesk.core.readiness import Readiness, ReadinessKind

__all__ = ["ContainerSpec", "Readiness", "ReadinessKind"]


@dataclass(frozen=True)
class ContainerSpec:
    service: str
    name: str
    image: str
    profile: str
    readiness: Readiness
    environment: dict[str, str] = field(default_factory=dict)
    # never shown, logged or stored in labels
    secret_environment: dict[str, str] = field(default_factory=dict, repr=False)
    secret_files: dict[str, str] = field(default_factory=dict, repr=False)  # container path -> content, mode 0600
    command: tuple[str, ...] | None = None
    entrypoint: tuple[str, ...] | None = None
    network_mode: str | None = None  # "host" or "container:<name>"; None joins `network`
    network: str | None = None
    aliases: tuple[str, ...] = ()
    ports: dict[int, int] = field(default_factory=dict)  # container port -> host port, published on 127.0.0.1
    extra_hosts: dict[str, str] = field(default_factory=dict)  # name -> address, in the container's /etc/hosts
    binds: dict[str, str] = field(default_factory=dict)  # host path -> container path
    volumes: dict[str, str] = field(default_factory=dict)  # named volume -> container path
    privileged: bool = False
    cap_add: tuple[str, ...] = ()
    cap_drop: tuple[str, ...] = ()
    security_opt: tuple[str, ...] = ()
    unmask_system_paths: bool = False  # `--security-opt systempaths=unconfined`: /proc and /sys without masks
    depends_on: tuple[str, ...] = ()
    stop_timeout_s: int = 20
    # Docker's init as PID 1 forwards SIGTERM; a bare PID 1 ignores it until it installs a handler, so a stop
    # during start-up would wait for the kill timeout
    init: bool = True

    def spec_hash(self) -> str:
        """Changes whenever the container must be recreated; secrets enter only as a digest."""
        data = asdict(self)
        data["secret_environment"] = {
            key: hashlib.sha256(value.encode()).hexdigest() for key, value in self.secret_environment.items()
        }
        data["secret_files"] = {
            path: hashlib.sha256(content.encode()).hexdigest() for path, content in self.secret_files.items()
        }
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]

    def labels(self) -> dict[str, str]:
        return {**labels.owned_labels(self.profile, self.service), labels.SPEC_HASH: self.spec_hash()}

    def host_ports(self) -> list[int]:
        """Ports this container will take on the host (published or, on the host network, listened on)."""
        if self.network_mode == "host":
            return [self.readiness.port]
        return sorted(self.ports.values())

    def create_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for docker-py's `containers.create` (network attachment is done separately)."""
        kwargs: dict[str, Any] = {
            "image": self.image,
            "name": self.name,
            "labels": self.labels(),
            "environment": {**self.environment, **self.secret_environment},
            "detach": True,
            "stop_signal": "SIGTERM",
            "init": self.init,
        }
        if self.command is not None:
            kwargs["command"] = list(self.command)
        if self.entrypoint is not None:
            kwargs["entrypoint"] = list(self.entrypoint)
        if self.network_mode is not None:
            kwargs["network_mode"] = self.network_mode
        else:
            kwargs["network"] = self.network
            if self.aliases:
                endpoint = EndpointConfig(MINIMUM_DOCKER_API_VERSION, aliases=list(self.aliases))
                kwargs["networking_config"] = {self.network: endpoint}
        if self.extra_hosts:
            kwargs["extra_hosts"] = dict(self.extra_hosts)
        if self.ports:
            kwargs["ports"] = {f"{inner}/tcp": ("127.0.0.1", outer) for inner, outer in self.ports.items()}
        volumes = {src: {"bind": dst, "mode": "rw"} for src, dst in {**self.binds, **self.volumes}.items()}
        if volumes:
            kwargs["volumes"] = volumes
        if self.privileged:
            kwargs["privileged"] = True
        if self.cap_add:
            kwargs["cap_add"] = list(self.cap_add)
        if self.cap_drop:
            kwargs["cap_drop"] = list(self.cap_drop)
        if self.security_opt:
            kwargs["security_opt"] = list(self.security_opt)
        return kwargs
