"""The seed flow on engines reached other ways than the local unix socket: over tcp (DOCKER_HOST=tcp://…), through
a forwarder on 127.0.0.1 to the test bed's engine, as a user's remote or exposed engine would be reached (the
emulator, on the host network, connects to the same address); and over ssh, through an sshd of the test's own on
127.0.0.1 (the emulator gets the engine's socket on that host, from the profile's engine_socket); and through a
docker context (the current one, or DOCKER_CONTEXT) made by the docker CLI."""

from __future__ import annotations

import asyncio
import contextlib
import os
import subprocess
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from lambdadesk.adapters.docker.docker_connection import DockerConnection, connect, docker_host, tls_config
from lambdadesk.adapters.docker.engine_watch import probe_engine
from lambdadesk.adapters.host import tls_authority
from lambdadesk.adapters.store.request_store import RequestStore
from lambdadesk.core.errors import DockerUnavailableError, LambdadeskError
from lambdadesk.core.profile import Profile, Topology
from lambdadesk.core.topology import EMULATOR, container_name
from lambdadesk.flows.sample_flows import run_seed_sample
from lambdadesk.session import Session
from tests.engine import remove_everything, shipped_profile_data
from tests.socket_forwarder import SocketForwarder, loopback_listener
from tests.ssh_engine import SshEngine, reap_ssh_sockets


@pytest.fixture
def tcp_engine(docker_connection: DockerConnection) -> Iterator[str]:
    """tcp://127.0.0.1:PORT, forwarded to the test bed's engine socket."""
    assert docker_connection.base_url.startswith("unix://"), "the test bed's engine is a unix socket"
    forwarder = SocketForwarder(loopback_listener, docker_connection.base_url.removeprefix("unix://")).start()
    host, port = forwarder.address  # type: ignore[misc]
    yield f"tcp://{host}:{port}"
    forwarder.stop()


@contextlib.asynccontextmanager
async def engine_session(connection: DockerConnection, name: str, tmp_path: Path,
                         **settings: object) -> AsyncIterator[Session]:
    """A session on `connection` for the test-bed profile under `name` (host topology, ports of its own); what it
    leaves is removed, and the connection closed, afterwards."""
    profile = Profile.from_dict(shipped_profile_data(name=name, topology="host", emulator_port=25566,
                                                     redis_port=25379, dind_port=25375, **settings))
    await remove_everything(connection.client, profile.name)
    made = Session(profile, connection, None, lambda event: None, RequestStore(tmp_path / "requests"))
    try:
        yield made
    finally:
        await made.down(remove_volumes=True)
        await made.close()
        await remove_everything(connection.client, profile.name)
        connection.close()


@pytest.fixture
async def tcp_session(tcp_engine: str, tmp_path: Path) -> AsyncIterator[Session]:
    async with engine_session(await asyncio.to_thread(connect, tcp_engine), "itesttcp", tmp_path) as made:
        yield made


@pytest.mark.proves("seed flow", engine="tcp")
async def test_the_seed_flow_passes_on_an_engine_reached_over_tcp(tcp_session: Session, tcp_engine: str) -> None:
    await tcp_session.environment.up()
    emulator = tcp_session.connection.client.containers.get(container_name(tcp_session.environment.profile,
                                                                           EMULATOR))
    assert emulator.attrs["HostConfig"]["Binds"] in (None, [])  # no socket to mount: it has the engine's address
    assert f"DOCKER_HOST={tcp_engine}" in emulator.attrs["Config"]["Env"]
    report = await run_seed_sample(tcp_session, "python3.12", lambda step: None)
    assert report.ok, [(s.name, s.detail) for s in report.steps if not s.ok]


async def test_a_loopback_tcp_engine_on_the_bridge_topology_is_refused_before_anything_starts(
        tcp_engine: str) -> None:
    connection = await asyncio.to_thread(connect, tcp_engine)
    try:
        profile = Profile.from_dict(shipped_profile_data(name="itesttcpb", topology=Topology.BRIDGE.value))
        session = Session(profile, connection, None, lambda event: None)
        with pytest.raises(LambdadeskError, match="cannot reach") as raised:
            await session.environment.up()
        assert "host topology" in raised.value.next_step
        assert not connection.client.containers.list(all=True, filters={"label": "lambdadesk.profile=itesttcpb"})
        await session.close()
    finally:
        connection.close()


@pytest.fixture
def ssh_engine(docker_connection: DockerConnection, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
               ) -> Iterator[SshEngine]:
    engine = SshEngine(tmp_path / "ssh", docker_connection.base_url.removeprefix("unix://"))
    (tmp_path / "ssh").mkdir()
    engine.start()
    monkeypatch.setenv("PATH", engine.path)  # the system ssh client docker-py runs, with the test's config
    yield engine
    engine.stop()


# docker-py's SSHSocket leaves a socket and its ssh process's pipes open when a connection is dropped, and the garbage
# collector reports them, here or (for those still held at the end) after reap_ssh_sockets: docker-py's, not ours
@pytest.mark.proves("seed flow", engine="ssh")
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
async def test_the_seed_flow_passes_on_an_engine_reached_over_ssh(ssh_engine: SshEngine, tmp_path: Path) -> None:
    connection = await asyncio.to_thread(connect, ssh_engine.url)
    try:
        async with engine_session(connection, "itestssh", tmp_path,
                                  engine_socket=ssh_engine.engine_socket) as session:
            await session.environment.up()
            emulator = connection.client.containers.get(container_name(session.profile, EMULATOR))
            assert emulator.attrs["HostConfig"]["Binds"] == [f"{ssh_engine.engine_socket}:/var/run/docker.sock:rw"]
            report = await run_seed_sample(session, "python3.12", lambda step: None)
            assert report.ok, [(s.name, s.detail) for s in report.steps if not s.ok]
            assert (await session.engine()).text() == (f"Docker Engine {connection.client.version()['Version']} at "
                                                       f"{ssh_engine.url} (DOCKER_HOST)")
    finally:
        reap_ssh_sockets()


@pytest.fixture
def context_config(docker_connection: DockerConnection, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A docker CLI config of the test's own (DOCKER_CONFIG) holding a context "testbed" for the test bed's engine,
    made by the docker CLI itself; DOCKER_HOST unset, so only a context can lead to the engine."""
    config = tmp_path / "docker-config"
    environment = {key: value for key, value in os.environ.items() if key not in ("DOCKER_HOST", "DOCKER_CONTEXT")}
    environment["DOCKER_CONFIG"] = str(config)
    subprocess.run(["docker", "context", "create", "testbed", "--docker", f"host={docker_connection.base_url}"],
                   env=environment, check=True, capture_output=True)
    monkeypatch.setenv("DOCKER_CONFIG", str(config))
    monkeypatch.delenv("DOCKER_HOST")
    monkeypatch.delenv("DOCKER_CONTEXT", raising=False)
    return config


@pytest.mark.proves("seed flow", engine="docker context")
async def test_the_seed_flow_passes_on_the_engine_docker_context_names(context_config: Path,
                                                                       docker_connection: DockerConnection,
                                                                       monkeypatch: pytest.MonkeyPatch,
                                                                       tmp_path: Path) -> None:
    # with no context chosen, the default socket (which this machine does not have): the context is what leads
    assert docker_host() == "unix:///var/run/docker.sock"
    monkeypatch.setenv("DOCKER_CONTEXT", "testbed")  # docker-py alone reads only the config's current context
    connection = await asyncio.to_thread(connect)
    assert connection.base_url == docker_connection.base_url
    async with engine_session(connection, "itestctx", tmp_path) as session:
        await session.environment.up()
        emulator = connection.client.containers.get(container_name(session.profile, EMULATOR))
        socket = docker_connection.base_url.removeprefix("unix://")
        assert emulator.attrs["HostConfig"]["Binds"] == [f"{socket}:/var/run/docker.sock:rw"]
        report = await run_seed_sample(session, "python3.12", lambda step: None)
        assert report.ok, [(s.name, s.detail) for s in report.steps if not s.ok]
        assert (await session.engine()).text() == (f"Docker Engine {connection.client.version()['Version']} at "
                                                   f"{connection.base_url} (docker context testbed (DOCKER_CONTEXT))")


async def test_the_current_docker_context_is_used_and_an_unknown_docker_context_is_named(
        context_config: Path, docker_connection: DockerConnection, monkeypatch: pytest.MonkeyPatch) -> None:
    environment = {**os.environ, "DOCKER_CONFIG": str(context_config)}
    await asyncio.to_thread(subprocess.run, ["docker", "context", "use", "testbed"], env=environment, check=True,
                            capture_output=True)
    assert docker_host() == docker_connection.base_url
    state = await asyncio.to_thread(probe_engine)
    assert state.reachable and state.source == "docker context testbed"

    monkeypatch.setenv("DOCKER_CONTEXT", "tesbted")
    with pytest.raises(DockerUnavailableError) as raised:
        await asyncio.to_thread(connect)
    assert (raised.value.message, raised.value.next_step) == (
        "DOCKER_CONTEXT names the docker context 'tesbted', which does not exist.",
        "List the contexts with docker context ls, then set DOCKER_CONTEXT to one of them, or unset it.")
    state = await asyncio.to_thread(probe_engine)  # the window's engine indicator says the same
    assert not state.reachable and state.text() == ("DOCKER_CONTEXT names the docker context 'tesbted', which does "
                                                    "not exist (DOCKER_CONTEXT).")


def test_a_tls_docker_contexts_files_are_used_even_without_a_config_json(
        docker_connection: DockerConnection, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # (docker_connection: the test bed, which brings the docker CLI; the engine itself is not used)
    pems = tls_authority.issue("ctx")
    for name, key in (("ca.pem", "ca"), ("cert.pem", "client_cert"), ("key.pem", "client_key")):
        (tmp_path / name).write_text(pems[key])
    config = tmp_path / "docker-config"
    environment = {key: value for key, value in os.environ.items() if key not in ("DOCKER_HOST", "DOCKER_CONTEXT")}
    options = f"host=tcp://engine.example:2376,ca={tmp_path}/ca.pem,cert={tmp_path}/cert.pem,key={tmp_path}/key.pem"
    subprocess.run(["docker", "context", "create", "remote", "--docker", options],
                   env={**environment, "DOCKER_CONFIG": str(config)}, check=True, capture_output=True)
    assert not (config / "config.json").exists()  # what docker-py alone cannot read contexts without
    monkeypatch.setenv("DOCKER_CONFIG", str(config))
    monkeypatch.delenv("DOCKER_HOST")
    monkeypatch.setenv("DOCKER_CONTEXT", "remote")

    assert docker_host() == "tcp://engine.example:2376"  # made-up name: data only, never contacted
    tls = tls_config("tcp://engine.example:2376")
    assert tls is not None and tls.verify and tls.cert is not None
    stored = [Path(path).read_text() for path in (tls.ca_cert, *tls.cert)]
    assert stored == [pems["ca"], pems["client_cert"], pems["client_key"]]  # the files the CLI stored, not ours
    assert Path(str(tls.ca_cert)).parent != tmp_path
