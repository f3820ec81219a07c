"""Turns a profile into the containers that make up its environment (pure logic, no Docker calls)."""

from __future__ import annotations

from dataclasses import replace

from lambdadesk.core import labels
from lambdadesk.core.dind_certificates import DindCertificates, client_environment, daemon_tls_flags
from lambdadesk.core.emulator_image import is_localstack_image
from lambdadesk.core.engine import SOCKET_IN_CONTAINER, EngineReach
from lambdadesk.core.profile import DindSecurity, EmulatorKind, Profile, Topology
from lambdadesk.core.topology import (
    DIND,
    EMULATOR,
    INNER_DIND_PORT,
    INNER_REDIS_PORT,
    LOOPBACK,
    REDIS,
    container_name,
    dind_volume_name,
    emulator_inner_port,
    network_name,
)
from lambdadesk.environment.container_spec import ContainerSpec, Readiness, ReadinessKind

# Where privileged containers are refused (CAP_SYS_RESOURCE missing from the bounding set), this is what works.
_CAPABILITY_PROFILE = {
    "cap_add": ("ALL",),
    "cap_drop": ("SYS_RESOURCE",),
    "security_opt": ("seccomp=unconfined", "apparmor=unconfined"),
    "unmask_system_paths": True,  # the inner runc must mount /proc for its containers
}


def build_specs(profile: Profile, emulator_image: str, engine: EngineReach,
                auth_token: str | None = None, dind_tls: DindCertificates | None = None) -> list[ContainerSpec]:
    """The environment's containers in start order. `engine` is how the emulator reaches the engine (it starts
    Lambda containers through it); unused with dind, whose daemon answers only over TLS to holders of
    `dind_tls`'s client certificate (required with dind)."""
    if profile.dind and dind_tls is None:
        raise ValueError("a dind environment needs its certificates: its Docker API is never left open")
    specs = []
    if profile.dind:
        assert dind_tls is not None
        specs.append(_dind_spec(profile, dind_tls))
    specs.append(_redis_spec(profile))
    emulator = _emulator_spec(profile, emulator_image, engine, auth_token, dind_tls)
    if _in_dind_network(profile):  # the emulator shares the dind container's network, and its hosts file
        specs[0] = replace(specs[0], extra_hosts=_emulator_hosts(profile, emulator.environment))
    specs.append(emulator)
    return specs


def _in_dind_network(profile: Profile) -> bool:
    """The emulator and Redis join the dind container's network namespace (the 'pod'): the bridge topology."""
    return profile.dind and profile.topology is not Topology.HOST


def _placement(profile: Profile, inner_ports: dict[int, int], aliases: tuple[str, ...]) -> dict[str, object]:
    """Network fields of a spec: the host network, the dind 'pod', or the private network with published ports."""
    if profile.topology is Topology.HOST:
        return {"network_mode": "host"}
    if _in_dind_network(profile):
        return {"network_mode": f"container:{container_name(profile, DIND)}"}
    return {"network": network_name(profile), "aliases": aliases, "ports": inner_ports}


def _dind_spec(profile: Profile, tls: DindCertificates) -> ContainerSpec:
    on_host = profile.topology is Topology.HOST
    listen = f"{LOOPBACK}:{profile.dind_port}" if on_host else f"0.0.0.0:{INNER_DIND_PORT}"
    command = ["dockerd", f"--host=tcp://{listen}", "--host=unix:///var/run/docker.sock", *daemon_tls_flags()]
    if on_host:  # a second bridge or iptables rules would clash with the host's own engine
        command += ["--bridge=none", "--iptables=false", "--ip-masq=false", "--ip-forward=false"]
    security: dict[str, object] = {"privileged": True}
    binds: dict[str, str] = {}
    if profile.dind_security is DindSecurity.CAPABILITIES:
        security = dict(_CAPABILITY_PROFILE)
        binds = {"/sys/fs/cgroup": "/sys/fs/cgroup"}
    extra: dict[str, object] = {"network_mode": "host"}
    if not on_host:  # the pod publishes every service's port, since the others share its network namespace
        extra = {
            "network": network_name(profile),
            "aliases": (DIND,),
            "ports": {
                INNER_DIND_PORT: profile.dind_port,
                emulator_inner_port(profile): profile.emulator_port,
                INNER_REDIS_PORT: profile.redis_port,
            },
        }
    return ContainerSpec(
        service=DIND, name=container_name(profile, DIND), image=profile.dind_image, profile=profile.name,
        readiness=Readiness(ReadinessKind.DOCKER, LOOPBACK, profile.dind_port, tls_dir=tls.client_dir),
        # the image's own entrypoint would make certificates of its own: lambdadesk brings the environment's
        environment={"DOCKER_TLS_CERTDIR": ""}, secret_files=tls.server_files(), command=tuple(command), init=False,
        volumes={dind_volume_name(profile): "/var/lib/docker"}, binds=binds, **extra, **security,  # type: ignore[arg-type]
    )


def _redis_spec(profile: Profile) -> ContainerSpec:
    command = ["--notify-keyspace-events", "KEA"]  # the Redis inspector watches changed keys
    if profile.topology is Topology.HOST:
        command += ["--bind", LOOPBACK, "--port", str(profile.redis_port)]
    return ContainerSpec(
        service=REDIS, name=container_name(profile, REDIS), image=profile.redis_image, profile=profile.name,
        readiness=Readiness(ReadinessKind.REDIS, LOOPBACK, profile.redis_port), command=tuple(command),
        depends_on=(DIND,) if profile.dind else (), stop_timeout_s=5,
        **_placement(profile, {INNER_REDIS_PORT: profile.redis_port}, (REDIS,)),  # type: ignore[arg-type]
    )


def _emulator_spec(profile: Profile, image: str, engine: EngineReach,
                   auth_token: str | None, dind_tls: DindCertificates | None) -> ContainerSpec:
    name = container_name(profile, EMULATOR)
    inner_port = emulator_inner_port(profile)
    on_host = profile.topology is Topology.HOST
    files: dict[str, str] = {}
    binds: dict[str, str] = {}
    entrypoint = None
    if profile.emulator is EmulatorKind.MINISTACK:  # its Lambdas are its own processes: it needs no engine
        env = _ministack_environment(profile)
    else:
        env, binds, files = _engine_access(profile, engine, dind_tls, _container_lambda_environment(profile))
    if profile.emulator is EmulatorKind.MOTO:
        env |= {"MOTO_PORT": str(inner_port if not on_host else profile.emulator_port),
                "MOTO_DOCKER_NETWORK_MODE": "host" if on_host or profile.dind else "",
                "MOTO_DOCKER_NETWORK_NAME": "" if on_host or profile.dind else network_name(profile)}
        if on_host:
            entrypoint = ("moto_server", "-H", LOOPBACK, "-p", str(profile.emulator_port))
    # An emulator's own AWS SDK calls never look for credentials at the cloud's instance metadata address: off
    # EC2 each look waited for 169.254.169.254 to answer (packets sent off the machine), on EC2 it would find the
    # machine's real credentials.
    env["AWS_EC2_METADATA_DISABLED"] = "true"
    user_flags = profile.emulator_env.get("LAMBDA_DOCKER_FLAGS", "").strip()
    lambda_labels = env.get("LAMBDA_DOCKER_FLAGS", "")
    env |= profile.emulator_env  # the user's own settings win, except that the ownership labels stay
    if user_flags and lambda_labels:
        env["LAMBDA_DOCKER_FLAGS"] = f"{lambda_labels} {user_flags}"
    secrets = {}
    if auth_token and profile.emulator is EmulatorKind.LOCALSTACK and is_localstack_image(image):
        secrets["LOCALSTACK_AUTH_TOKEN"] = auth_token
    readiness_kind = {
        EmulatorKind.LOCALSTACK: ReadinessKind.LOCALSTACK,
        EmulatorKind.FLOCI: ReadinessKind.AWS_API,
        EmulatorKind.MOTO: ReadinessKind.MOTO,
        EmulatorKind.MINISTACK: ReadinessKind.MINISTACK,
    }[profile.emulator]
    return ContainerSpec(
        service=EMULATOR, name=name, image=image, profile=profile.name,
        readiness=Readiness(readiness_kind, LOOPBACK, profile.emulator_port, profile.aws_services),
        environment=env, secret_environment=secrets, secret_files=files, entrypoint=entrypoint, binds=binds,
        extra_hosts={} if _in_dind_network(profile) else _emulator_hosts(profile, env),
        depends_on=(DIND,) if profile.dind else (),
        stop_timeout_s=_emulator_stop_timeout_s(profile),
        **_placement(profile, {inner_port: profile.emulator_port}, (EMULATOR, profile.emulator.value)),  # type: ignore[arg-type]
    )


def _container_lambda_environment(profile: Profile) -> dict[str, str]:
    """What an emulator that runs each Lambda in a container of its own (LocalStack, moto, Floci) is told."""
    name = container_name(profile, EMULATOR)
    lambda_labels = " ".join(f"-l {k}={v}" for k, v in labels.owned_labels(profile.name, labels.LAMBDA_SERVICE).items())
    env = {
        "SERVICES": ",".join(profile.aws_services),
        "DEBUG": "1" if profile.debug else "0",
        "MAIN_CONTAINER_NAME": name,
        "LAMBDA_DOCKER_FLAGS": lambda_labels,  # Lambda containers carry lambdadesk's labels too
        "LOCALSTACK_HOST": f"{LOOPBACK}:{profile.emulator_port}",
        "AWS_DEFAULT_REGION": profile.region,
    }
    if profile.topology is Topology.HOST:
        env |= {"GATEWAY_LISTEN": f"{LOOPBACK}:{profile.emulator_port}", "LAMBDA_DOCKER_NETWORK": "host",
                "HOSTNAME_FROM_LAMBDA": LOOPBACK}
    elif profile.dind:
        env |= {"LAMBDA_DOCKER_NETWORK": "host", "HOSTNAME_FROM_LAMBDA": LOOPBACK}
    else:
        env |= {"LAMBDA_DOCKER_NETWORK": network_name(profile)}
    if profile.emulator is EmulatorKind.LOCALSTACK:
        # Told where a Lambda container finds the emulator when it cannot tell (its fallback), LocalStack does not
        # ping 172.17.0.1 and 172.18.0.1 on start to guess it: where neither answers (no docker0 on the host, as
        # with Podman, or the host network) that took 4 s of every start, and the pings left the machine.
        env["DOCKER_BRIDGE_IP"] = env.get("HOSTNAME_FROM_LAMBDA", EMULATOR)
    return env


def _engine_access(profile: Profile, engine: EngineReach, dind_tls: DindCertificates | None,
                   env: dict[str, str]) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """(environment, binds, files) that give the emulator the engine its Lambda containers run on: the dind
    daemon over TLS, the engine's socket mounted, or DOCKER_HOST with the client's TLS files."""
    if profile.dind and dind_tls is not None:
        dind_port = profile.dind_port if profile.topology is Topology.HOST else INNER_DIND_PORT
        return env | {"DOCKER_HOST": f"tcp://{LOOPBACK}:{dind_port}", **client_environment()}, {}, \
            dind_tls.client_files()
    if engine.socket:
        return env, {engine.socket: SOCKET_IN_CONTAINER}, {}
    return env | engine.environment(), {}, engine.files()


def _ministack_environment(profile: Profile) -> dict[str, str]:
    """MiniStack's settings: its port, on the host's loopback only with the host topology (it binds 0.0.0.0
    otherwise), its region, and DEBUG as its log level. Its Lambdas run as its own processes (LAMBDA_EXECUTOR
    local), so they see the emulator and Redis as the emulator's container does."""
    on_host = profile.topology is Topology.HOST
    env = {
        "GATEWAY_PORT": str(profile.emulator_port if on_host else emulator_inner_port(profile)),
        "MINISTACK_REGION": profile.region,
        "AWS_DEFAULT_REGION": profile.region,
        "LOG_LEVEL": "DEBUG" if profile.debug else "INFO",
        "LAMBDA_EXECUTOR": "local",
    }
    if on_host:
        env["BIND_HOST"] = LOOPBACK
    return env


def _emulator_hosts(profile: Profile, env: dict[str, str]) -> dict[str, str]:
    """LocalStack looks up its S3 host name (s3.<LOCALSTACK_HOST's host>) on every deploy; that name is LocalStack
    itself, and where the container's DNS has no upstream (offline, or a network with no way out) the lookup took
    10 s to fail, on every deploy on a bridge network, and elsewhere asked the machine's resolver (a query off the
    machine, once per start). In the container's hosts file it answers at once; with dind on the bridge topology,
    in the dind container's, whose network and hosts file the emulator shares."""
    if profile.emulator is not EmulatorKind.LOCALSTACK:
        return {}
    host = env.get("LOCALSTACK_HOST", LOOPBACK).rsplit(":", 1)[0]  # host[:port]
    return {f"s3.{host}": LOOPBACK}


def _emulator_stop_timeout_s(profile: Profile) -> int:
    """How long Stop lets the emulator shut down before Docker kills it. LocalStack saves its state on the way
    down only with PERSISTENCE on; else its shutdown (up to 14 s while it is still loading a service) keeps
    nothing, and the Lambda containers it would remove are removed by label right after it."""
    return 30 if profile.persists_state else 5
