"""The seed flow on engines reached other ways than the local unix socket: over tcp (DOCKER_HOST=tcp://…), through
a forwarder on 127.0.0.1 to the test bed's engine, as a user's remote or exposed engine would be reached."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
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


class TcpToUnix:
    """Forwards connections on 127.0.0.1:PORT to the engine's unix socket, byte for byte, in a thread of its own."""

    def __init__(self, socket_path: str) -> None:
        self.socket_path = socket_path
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.accepted = 0
        self.sockets: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        with contextlib.suppress(OSError):
            while True:
                client, _ = self.listener.accept()
                self.accepted += 1
                engine = socket.socket(socket.AF_UNIX)
                self.sockets += [client, engine]
                engine.connect(self.socket_path)
                for source, target in ((client, engine), (engine, client)):
                    threading.Thread(target=self._pipe, args=(source, target), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, target: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                target.sendall(data)
        with contextlib.suppress(OSError):
            target.shutdown(socket.SHUT_WR)

    def close(self) -> None:
        self.listener.close()
        for each in self.sockets:
            each.close()


@pytest.fixture
def tcp_engine(docker_connection: DockerConnection) -> Iterator[TcpToUnix]:
    assert docker_connection.base_url.startswith("unix://"), "the test bed's engine is a unix socket"
    forwarder = TcpToUnix(docker_connection.base_url.removeprefix("unix://"))
    yield forwarder
    forwarder.close()


@pytest.fixture
async def tcp_session(tcp_engine: TcpToUnix, tmp_path: Path) -> AsyncIterator[Session]:
    connection = await asyncio.to_thread(connect, f"tcp://127.0.0.1:{tcp_engine.port}")
    profile = Profile.from_dict(shipped_profile_data(name="itesttcp", topology="host", emulator_port=25566,
                                                     redis_port=25379, dind_port=25375))
    await remove_everything(connection.client, profile.name)
    made = Session(profile, connection, None, lambda event: None, RequestStore(tmp_path / "requests"))
    yield made
    await made.down(remove_volumes=True)
    await made.close()
    await remove_everything(connection.client, profile.name)
    connection.close()


async def test_the_seed_flow_passes_on_an_engine_reached_over_tcp(tcp_session: Session,
                                                                    tcp_engine: TcpToUnix) -> None:
    await tcp_session.environment.up()
    emulator = tcp_session.connection.client.containers.get(container_name(tcp_session.environment.profile,
                                                                           EMULATOR))
    assert emulator.attrs["HostConfig"]["Binds"] in (None, [])  # no socket to mount: it has the engine's address
    assert f"DOCKER_HOST=tcp://127.0.0.1:{tcp_engine.port}" in emulator.attrs["Config"]["Env"]
    report = await run_seed_sample(tcp_session, "python3.12", lambda step: None)
    assert report.ok, [(s.name, s.detail) for s in report.steps if not s.ok]
    assert tcp_engine.accepted > 0


async def test_a_loopback_tcp_engine_on_the_bridge_topology_is_refused_before_anything_starts(
        tcp_engine: TcpToUnix) -> None:
    connection = await asyncio.to_thread(connect, f"tcp://127.0.0.1:{tcp_engine.port}")
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
