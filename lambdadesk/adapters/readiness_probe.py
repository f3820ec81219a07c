"""One readiness probe per kind of service: real checks (health endpoints, PING, the Docker API), never sleeps."""

from __future__ import annotations

import asyncio
import json
import urllib.error
import urllib.parse
import urllib.request

import docker
from docker.errors import DockerException

from lambdadesk.adapters.aws.aws_clients import emulator_client
from lambdadesk.adapters.docker.dind_client import dind_client
from lambdadesk.core.errors import LambdadeskError
from lambdadesk.core.readiness import Readiness, ReadinessKind

_AVAILABLE = ("available", "running")
# a cheap call per AWS service that answers once that service is up (the seed's readiness loop, done properly)
_AWS_PROBES = {
    "lambda": ("lambda", "list_functions"),
    "apigateway": ("apigateway", "get_rest_apis"),
    "sns": ("sns", "list_topics"),
    "sqs": ("sqs", "list_queues"),
    "s3": ("s3", "list_buckets"),
    "iam": ("iam", "list_roles"),
    "logs": ("logs", "describe_log_groups"),
}


async def probe(readiness: Readiness) -> tuple[bool, str]:
    """(ready, what is still missing). Never raises for an unreachable service: that is 'not ready yet'. Raises
    ServiceBrokenError when the emulator says a needed service failed to load (waiting would not mend it)."""
    kind = readiness.kind
    if kind is ReadinessKind.REDIS:
        return await _probe_redis(readiness)
    if kind is ReadinessKind.LOCALSTACK:
        return await asyncio.to_thread(_probe_localstack, readiness)
    if kind is ReadinessKind.MOTO:
        return await asyncio.to_thread(_probe_http, f"http://{readiness.host}:{readiness.port}/moto-api/")
    if kind is ReadinessKind.MINISTACK:
        return await asyncio.to_thread(_probe_http, f"http://{readiness.host}:{readiness.port}/_ministack/health")
    if kind is ReadinessKind.AWS_API:
        return await asyncio.to_thread(_probe_aws_api, readiness)
    return await asyncio.to_thread(_probe_docker, readiness)


def _get_json(url: str) -> object:
    with urllib.request.urlopen(url, timeout=2) as response:
        return json.loads(response.read() or b"null")


def _probe_http(url: str) -> tuple[bool, str]:
    try:
        with urllib.request.urlopen(url, timeout=2):
            return True, ""
    except (OSError, urllib.error.URLError):
        return False, f"not answering yet on {urllib.parse.urlsplit(url).netloc}"


class ServiceBrokenError(LambdadeskError):
    """The emulator runs but one of the services lambdadesk needs failed to load; waiting will not mend it."""


def localstack_service_states(endpoint: str) -> dict[str, str]:
    """Blocking. Each service's state as LocalStack's health gives it ("available": not loaded yet, "running",
    "error"…); raises OSError or ValueError when the emulator does not answer with it."""
    health = _get_json(f"{endpoint}/_localstack/health")
    services = health.get("services", {}) if isinstance(health, dict) else {}
    return {str(name): str(state) for name, state in services.items()} if isinstance(services, dict) else {}


def _probe_localstack(readiness: Readiness) -> tuple[bool, str]:
    endpoint = f"http://{readiness.host}:{readiness.port}"
    try:
        services = localstack_service_states(endpoint)
        broken = [s for s in readiness.aws_services if services.get(s) == "error"]
        if broken:
            raise ServiceBrokenError(
                f"LocalStack could not load {', '.join(broken)} (its health says error); it stays so until the "
                "emulator's container is recreated.",
                "Stop, then Start (lambdadesk down, then up): what was deployed is deployed again. Or Reset with Full "
                "(lambdadesk reset --full) for a clean one.")
        waiting = [s for s in readiness.aws_services if services.get(s) not in _AVAILABLE]
        if waiting:
            return False, "services not available yet: " + ", ".join(waiting)
        init = _get_json(f"{endpoint}/_localstack/init/ready")
        if not (isinstance(init, dict) and init.get("completed")):
            return False, "init scripts have not completed"
        return True, ""
    except (OSError, ValueError):
        return False, f"not answering yet on {readiness.host}:{readiness.port}"


def _probe_aws_api(readiness: Readiness) -> tuple[bool, str]:
    endpoint = f"http://{readiness.host}:{readiness.port}"
    for service in readiness.aws_services:
        if service not in _AWS_PROBES:
            continue
        client_name, operation = _AWS_PROBES[service]
        client = emulator_client(client_name, endpoint, "us-east-1", read_timeout_s=5, attempts=1)
        try:
            getattr(client, operation)()
        except Exception as exc:  # any failure of the probe call means this service is not ready yet
            return False, f"{service} does not answer yet ({type(exc).__name__})"
    return True, ""


async def _probe_redis(readiness: Readiness) -> tuple[bool, str]:
    import redis.asyncio as aioredis  # loaded by the first probe, not with every command

    client = aioredis.Redis(host=readiness.host, port=readiness.port, socket_connect_timeout=2, socket_timeout=2)
    try:
        await client.ping()
        return True, ""
    except (OSError, aioredis.RedisError):
        return False, f"not answering PING yet on {readiness.host}:{readiness.port}"
    finally:
        await client.aclose()


def _probe_docker(readiness: Readiness) -> tuple[bool, str]:
    url = f"tcp://{readiness.host}:{readiness.port}"
    try:
        if readiness.tls_dir is None:
            client = docker.DockerClient(base_url=url, timeout=3)
        else:
            client = dind_client(url, readiness.tls_dir, timeout_s=3)
    except DockerException:
        return False, f"the Docker daemon in dind is not answering yet on {readiness.host}:{readiness.port}"
    try:
        client.ping()
        return True, ""
    except DockerException:
        return False, f"the Docker daemon in dind is not answering yet on {readiness.host}:{readiness.port}"
    finally:
        client.close()
