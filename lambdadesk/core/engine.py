"""The container engine as the user should always see it: which one, where, and whether it answers."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from lambdadesk.core.errors import LambdadeskError
from lambdadesk.core.profile import Profile, Topology


@dataclass(frozen=True)
class EngineState:
    reachable: bool
    endpoint: str  # unix:///var/run/docker.sock, tcp://…, ssh://…
    source: str  # how it was chosen: "DOCKER_HOST", "docker context NAME", "the default socket"
    product: str = ""  # "Docker Engine 20.10.24", "Podman Engine 4.3.1" (when reachable)
    problem: str = ""  # why not (when not reachable)
    next_step: str = ""

    def text(self) -> str:
        if self.reachable:
            return f"{self.product} at {self.endpoint} ({self.source})"
        return f"{self.problem.rstrip('.')} ({self.source})."


SOCKET_IN_CONTAINER = "/var/run/docker.sock"
CERTS_IN_CONTAINER = "/etc/lambdadesk/engine-certs"
TLS_FILES = ("ca.pem", "cert.pem", "key.pem")


@dataclass(frozen=True)
class EngineReach:
    """How the emulator's container reaches the engine it runs on (it starts the Lambda containers through it):
    a socket on the engine's own host, mounted in; else a DOCKER_HOST to connect to, with the client's TLS files
    when the engine wants TLS."""

    socket: str | None = None
    docker_host: str | None = None
    tls_files: tuple[tuple[str, str], ...] = ()  # (ca.pem | cert.pem | key.pem, content)

    def environment(self) -> dict[str, str]:
        """The emulator's variables for a DOCKER_HOST engine (none for a mounted socket)."""
        if self.docker_host is None:
            return {}
        env = {"DOCKER_HOST": self.docker_host}
        if self.tls_files:
            env |= {"DOCKER_TLS_VERIFY": "1", "DOCKER_CERT_PATH": CERTS_IN_CONTAINER}
        return env

    def files(self) -> dict[str, str]:
        return {f"{CERTS_IN_CONTAINER}/{name}": content for name, content in self.tls_files}

    def on_loopback(self) -> bool:
        """A tcp engine on this machine's loopback, which a container on a bridge network cannot reach."""
        host = (self.docker_host or "").removeprefix("tcp://").rsplit(":", 1)[0].strip("[]")
        return host in ("127.0.0.1", "localhost", "::1") or host.startswith("127.")


def engine_reach(endpoint: str, platform: str, tls_files: tuple[tuple[str, str], ...] = ()) -> EngineReach:
    """For the engine lambdadesk talks to at `endpoint`: unix sockets are mounted; ssh engines (whose host is
    another machine, or this one) are reached at their host's default socket; tcp engines through DOCKER_HOST.
    Docker Desktop (macOS, Windows) runs its engine in a VM whose socket is always the default one."""
    if platform in ("darwin", "win32") and not endpoint.startswith("tcp://"):
        return EngineReach(socket=SOCKET_IN_CONTAINER)
    if endpoint.startswith("unix://"):
        return EngineReach(socket=endpoint.removeprefix("unix://"))
    if endpoint.startswith("ssh://"):
        return EngineReach(socket=SOCKET_IN_CONTAINER)
    if endpoint.startswith(("tcp://", "http://", "https://")):
        address = endpoint.split("://", 1)[1].rstrip("/")
        return EngineReach(docker_host=f"tcp://{address}", tls_files=tls_files)
    return EngineReach()


def profile_reach(reach: EngineReach, endpoint: str, profile: Profile) -> EngineReach:
    """An ssh engine's socket is where the profile's engine_socket says on that host (else the default one)."""
    if endpoint.startswith("ssh://") and profile.engine_socket:
        return dataclasses.replace(reach, socket=profile.engine_socket)
    return reach


def unreachable_engine(reach: EngineReach, endpoint: str, profile: Profile) -> LambdadeskError | None:
    """Why the emulator of `profile` could not start Lambda containers on this engine, before anything starts;
    None when it can. (With dind it uses the dind daemon, never this engine.)"""
    if profile.dind:
        return None
    if reach.socket is None and reach.docker_host is None:
        return LambdadeskError(f"The emulator could not reach the engine at {endpoint} to start Lambda containers: "
                               "lambdadesk knows how to hand it a unix socket, an ssh engine's socket or a tcp "
                               "address, not this.", "Point DOCKER_HOST at the engine's unix socket or tcp address.")
    if reach.on_loopback() and profile.topology is Topology.BRIDGE:
        return LambdadeskError(
            f"The engine listens on {endpoint}, this machine's loopback, which the emulator's container on a bridge "
            "network cannot reach, so no Lambda could start.",
            'Use the host topology ("topology": "host" in the profile; lambdadesk profile save NAME writes one you '
            "can edit), or point DOCKER_HOST at the engine's unix socket.")
    return None
