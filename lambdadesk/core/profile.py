"""Environment profiles: which emulator, which images, which topology and ports. Plain data, validated on load."""

from __future__ import annotations

import dataclasses
import difflib
import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from lambdadesk.core.attach import AttachTarget, parse_attach
from lambdadesk.core.errors import ProfileError

DEFAULT_AWS_SERVICES = ("lambda", "apigateway", "sns", "iam", "sts", "logs", "s3")
_NAME = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,39}$")


class EmulatorKind(StrEnum):
    LOCALSTACK = "localstack"
    FLOCI = "floci"
    MOTO = "moto"
    MINISTACK = "ministack"  # runs each Lambda in its own process, not in a container


class Topology(StrEnum):
    """BRIDGE: a private Docker network, ports published on 127.0.0.1. HOST: the host's network namespace."""

    BRIDGE = "bridge"
    HOST = "host"


class DindSecurity(StrEnum):
    """PRIVILEGED for normal hosts; CAPABILITIES (all but CAP_SYS_RESOURCE, unconfined) where privileged is refused."""

    PRIVILEGED = "privileged"
    CAPABILITIES = "capabilities"


@dataclass(frozen=True)
class Profile:
    """Everything needed to bring one local environment up. Secrets are never stored here (see services.secrets)."""

    name: str = "default"
    emulator: EmulatorKind = EmulatorKind.LOCALSTACK
    emulator_image: str = ""  # empty: the emulator's default (for LocalStack it depends on the auth token)
    emulator_env: dict[str, str] = field(default_factory=dict)
    aws_services: tuple[str, ...] = DEFAULT_AWS_SERVICES
    debug: bool = False
    redis_image: str = "redis:7-alpine"
    dind: bool = False
    dind_image: str = "docker:dind"
    dind_security: DindSecurity = DindSecurity.PRIVILEGED
    preload_images: tuple[str, ...] = ()  # host images copied into the dind daemon before the emulator starts
    topology: Topology = Topology.BRIDGE
    emulator_port: int = 4566
    redis_port: int = 6379
    dind_port: int = 2375
    region: str = "us-east-1"
    start_timeout_s: float = 180.0
    engine_socket: str = ""  # an ssh engine's socket on its own host, for the emulator; empty: /var/run/docker.sock
    attach: dict[str, str] = field(default_factory=dict)  # an emulator lambdadesk did not start (core/attach.py)

    def __post_init__(self) -> None:
        if not _NAME.match(self.name):
            raise ProfileError(
                f"Profile name {self.name!r} is not allowed.",
                "Use 1-40 lower-case letters, digits, '-', '_' or '.', starting with a letter or digit.",
            )
        for port_field in ("emulator_port", "redis_port", "dind_port"):
            port = getattr(self, port_field)
            if not 1 <= port <= 65535:
                raise ProfileError(f"{port_field} is {port}, not a TCP port.", "Choose a port from 1 to 65535.")
        if self.start_timeout_s <= 0:
            raise ProfileError("start_timeout_s must be positive.", "Set it to the seconds a start may take.")
        if self.engine_socket and not self.engine_socket.startswith("/"):
            raise ProfileError(f"engine_socket is {self.engine_socket!r}, not an absolute path.",
                               "Give the engine's socket as its host has it, e.g. /var/run/docker.sock, or leave "
                               "it empty.")
        parse_attach(self.attach)  # a wrong attach setting is said when the profile loads, not when it is used
        owned = sorted(set(self.emulator_env) & EMULATOR_ENV_OWNED)
        if owned:
            raise ProfileError(f"emulator_env cannot set {', '.join(owned)}: lambdadesk decides which Docker "
                               "daemon the emulator may use.", f"Remove {', '.join(owned)} from emulator_env.")

    @property
    def attached(self) -> AttachTarget | None:
        """The emulator (and Redis) this profile attaches to, or None: lambdadesk runs the environment itself."""
        return parse_attach(self.attach)

    @property
    def persists_state(self) -> bool:
        """The emulator saves its state and restores it (LocalStack's PERSISTENCE, set in emulator_env)."""
        return self.emulator_env.get("PERSISTENCE", "").lower() in ("1", "true")

    def replace(self, **changes: Any) -> Profile:
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        for key, value in data.items():
            if isinstance(value, tuple):
                data[key] = list(value)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Profile:
        """Build a profile from parsed JSON; unknown keys and wrong types are reported by name."""
        if not isinstance(data, dict):
            raise ProfileError("A profile must be a JSON object.", "Fix the file or delete it to start afresh.")
        known = {f.name: f for f in dataclasses.fields(cls)}
        unknown = sorted(set(data) - set(known))
        if unknown:
            guesses = [f"{key!r} (did you mean {close[0]!r}?)" if (close := difflib.get_close_matches(key, known, 1))
                       else repr(key) for key in unknown]
            raise ProfileError(f"Unknown profile settings: {', '.join(guesses)}.",
                               "Remove or rename them; the settings are: " + ", ".join(known) + ".")
        values: dict[str, Any] = {}
        for key, value in data.items():
            values[key] = _coerce(key, known[key].type, value)
        return cls(**values)


EMULATOR_ENV_OWNED = frozenset({"DOCKER_HOST", "DOCKER_TLS_VERIFY", "DOCKER_CERT_PATH"})

_ENUMS: dict[str, type[StrEnum]] = {
    "EmulatorKind": EmulatorKind,
    "Topology": Topology,
    "DindSecurity": DindSecurity,
}


_SCALARS: dict[str, type | tuple[type, ...]] = {"str": str, "bool": bool, "int": int, "float": (int, float)}


def _coerce(key: str, annotation: Any, value: Any) -> Any:
    kind = str(annotation)
    try:
        if kind in _ENUMS:
            if not isinstance(value, str) or value not in {member.value for member in _ENUMS[kind]}:
                raise ValueError("one of: " + ", ".join(member.value for member in _ENUMS[kind]))
            return _ENUMS[kind](value)
        if kind.startswith("tuple"):
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise TypeError("a list of strings")
            return tuple(value)
        if kind.startswith("dict"):
            if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
                raise TypeError("an object of string values")
            return dict(value)
        expected = _SCALARS[kind]
        if not isinstance(value, expected) or (kind in ("int", "float") and isinstance(value, bool)):
            raise TypeError(f"a {kind}")
        return float(value) if isinstance(value, int | float) and kind == "float" else value
    except (TypeError, ValueError) as exc:
        raise ProfileError(f"Profile setting {key!r} has a wrong value {value!r}.", f"Use {exc}.") from exc
