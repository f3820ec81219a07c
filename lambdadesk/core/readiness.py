"""How to tell a service is ready, as plain data; adapters/readiness_probe.py asks it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ReadinessKind(StrEnum):
    LOCALSTACK = "localstack"  # /_localstack/health lists the services available, then /_localstack/init/ready
    AWS_API = "aws-api"  # a cheap list call per AWS service answers
    MOTO = "moto"  # GET /moto-api/ answers
    MINISTACK = "ministack"  # GET /_ministack/health answers (MiniStack serves every service once it listens)
    REDIS = "redis"  # PING
    DOCKER = "docker"  # the Docker API answers /_ping (over TLS with the client files in `tls_dir`)


@dataclass(frozen=True)
class Readiness:
    kind: ReadinessKind
    host: str
    port: int
    aws_services: tuple[str, ...] = ()
    tls_dir: str | None = None
