"""The seed flow on engines reached other ways than the local unix socket: over tcp (DOCKER_HOST=tcp://…), through
a forwarder on 127.0.0.1 to the test bed's engine, as a user's remote or exposed engine would be reached (the
emulator, on the host network, connects to the same address); and over ssh, through an sshd of the test's own on
127.0.0.1 (the emulator gets the engine's socket on that host, from the profile's engine_socket)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from lambdadesk.adapters.docker.docker_connection import DockerConnection, connect
from lambdadesk.adapters.store.request_store import RequestStore
from lambdadesk.core.errors import LambdadeskError
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


@pytest.fixture
async def tcp_session(tcp_engine: str, tmp_path: Path) -> AsyncIterator[Session]:
    connection = await asyncio.to_thread(connect, tcp_engine)
    profile = Profile.from_dict(shipped_profile_data(name="itesttcp", topology="host", emulator_port=25566,
                                                     redis_port=25379, dind_port=25375))
    await remove_everything(connection.client, profile.name)
    made = Session(profile, connection, None, lambda event: None, RequestStore(tmp_path / "requests"))
    yield made
    await made.down(remove_volumes=True)
    await made.close()
    await remove_everything(connection.client, profile.name)
    connection.close()


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
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
async def test_the_seed_flow_passes_on_an_engine_reached_over_ssh(ssh_engine: SshEngine, tmp_path: Path) -> None:
    connection = await asyncio.to_thread(connect, ssh_engine.url)
    profile = Profile.from_dict(shipped_profile_data(
        name="itestssh", topology="host", emulator_port=25566, redis_port=25379, dind_port=25375,
        engine_socket=ssh_engine.engine_socket))
    await remove_everything(connection.client, profile.name)
    session = Session(profile, connection, None, lambda event: None, RequestStore(tmp_path / "requests"))
    try:
        await session.environment.up()
        emulator = connection.client.containers.get(container_name(profile, EMULATOR))
        assert emulator.attrs["HostConfig"]["Binds"] == [f"{ssh_engine.engine_socket}:/var/run/docker.sock:rw"]
        report = await run_seed_sample(session, "python3.12", lambda step: None)
        assert report.ok, [(s.name, s.detail) for s in report.steps if not s.ok]
        assert (await session.engine()).text() == (f"Docker Engine {connection.client.version()['Version']} at "
                                                   f"{ssh_engine.url} (DOCKER_HOST)")
    finally:
        await session.down(remove_volumes=True)
        await session.close()
        await remove_everything(connection.client, profile.name)
        connection.close()
        reap_ssh_sockets()
