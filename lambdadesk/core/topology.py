"""Names and addresses for a profile's topology: where each service is seen from the host and from a Lambda.

BRIDGE: a private network `lambdadesk-<profile>`; ports published on 127.0.0.1; Lambdas join the network and
reach the others by alias. BRIDGE + dind: like a Kubernetes pod, the emulator and Redis share the dind
container's network namespace, so Lambdas started by the inner daemon with its host network reach them on
127.0.0.1 (the seed's pod-IP workaround, done for the user). HOST: everything on the host's loopback.
MiniStack runs each Lambda as a process inside its own container: a Lambda sees what the emulator sees.
"""

from __future__ import annotations

from dataclasses import dataclass

from lambdadesk.core.attach import HostPort
from lambdadesk.core.profile import EmulatorKind, Profile, Topology

EMULATOR = "emulator"
REDIS = "redis"
DIND = "dind"
LOOPBACK = "127.0.0.1"


def container_name(profile: Profile, service: str) -> str:
    return f"lambdadesk-{profile.name}-{service}"


def network_name(profile: Profile) -> str:
    return f"lambdadesk-{profile.name}"


def dind_volume_name(profile: Profile) -> str:
    return f"lambdadesk-{profile.name}-dind-storage"


def emulator_inner_port(profile: Profile) -> int:
    """The port the emulator listens on inside its own network namespace (bridge topology)."""
    return 5000 if profile.emulator is EmulatorKind.MOTO else 4566


INNER_REDIS_PORT = 6379
INNER_DIND_PORT = 2375


@dataclass(frozen=True)
class Endpoints:
    emulator_url: str
    redis_host: str
    redis_port: int
    dind_url: str | None = None


@dataclass(frozen=True)
class Addresses:
    """`host`: from lambdadesk and the user's shell. `lambda_`: from inside a Lambda container."""

    host: Endpoints
    lambda_: Endpoints


def addresses(profile: Profile) -> Addresses:
    attached = profile.attached
    if attached is not None:  # no Redis given: the default port of this machine, where nothing may answer
        redis = attached.redis or HostPort(LOOPBACK, INNER_REDIS_PORT)
        lambda_redis = attached.lambda_redis or redis
        return Addresses(Endpoints(attached.emulator_url, redis.host, redis.port),
                         Endpoints(attached.lambda_emulator_url, lambda_redis.host, lambda_redis.port))
    dind_url = f"tcp://{LOOPBACK}:{profile.dind_port}" if profile.dind else None
    host = Endpoints(f"http://{LOOPBACK}:{profile.emulator_port}", LOOPBACK, profile.redis_port, dind_url)
    if profile.topology is Topology.HOST:
        return Addresses(host, host)
    if profile.dind:
        inner = Endpoints(f"http://{LOOPBACK}:{emulator_inner_port(profile)}", LOOPBACK, INNER_REDIS_PORT)
        return Addresses(host, inner)
    emulator_host = LOOPBACK if profile.emulator is EmulatorKind.MINISTACK else profile.emulator.value
    on_network = Endpoints(f"http://{emulator_host}:{emulator_inner_port(profile)}", REDIS, INNER_REDIS_PORT)
    return Addresses(host, on_network)


def lambda_environment(profile: Profile) -> dict[str, str]:
    """Variables injected into deployed functions so they find the emulator and Redis in this topology."""
    inner = addresses(profile).lambda_
    return {
        "AWS_ENDPOINT_URL": inner.emulator_url,
        "AWS_ENDPOINT": inner.emulator_url,
        "AWS_REGION": profile.region,
        "REDIS_HOST": inner.redis_host,
        "REDIS_PORT": str(inner.redis_port),
        "REDIS_SERVER_ADDRESS": f"{inner.redis_host}:{inner.redis_port}",
    }


def shell_environment(profile: Profile) -> dict[str, str]:
    """Variables for the user's own shell and tools (aws, SDKs, redis-cli) to use this environment."""
    host = addresses(profile).host
    return {
        "AWS_ENDPOINT_URL": host.emulator_url,
        "AWS_DEFAULT_REGION": profile.region,
        "AWS_REGION": profile.region,
        "AWS_ACCESS_KEY_ID": "test",
        "AWS_SECRET_ACCESS_KEY": "test",
        "REDIS_URL": f"redis://{host.redis_host}:{host.redis_port}",
    }
