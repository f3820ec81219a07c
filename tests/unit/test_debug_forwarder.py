"""The bridge topology's debug forwarder over real sockets on 127.0.0.1: bytes both ways to the address the
lookup gives, the words when no Lambda container runs yet or it does not answer, and nothing left open."""

from __future__ import annotations

import asyncio
import socket

from lambdadesk.deploy.debug_forwarder import DebugForwarder


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_a_debuggers_bytes_reach_the_lambda_container_and_come_back() -> None:
    async def echo(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while data := await reader.read(1024):
            writer.write(b"container: " + data)
            await writer.drain()
        writer.close()

    container = await asyncio.start_server(echo, "127.0.0.1", 0)
    said: list[str] = []
    forwarder = DebugForwarder(_free_port(), _address("127.0.0.1"), said.append, "fn",
                               upstream_port=container.sockets[0].getsockname()[1])
    await forwarder.start()
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", forwarder.port)
        writer.write(b'{"command": "initialize"}')
        await writer.drain()
        assert await asyncio.wait_for(reader.read(1024), 5) == b'container: {"command": "initialize"}'
        writer.close()
        assert said == []
    finally:
        await forwarder.close()
        container.close()
    with socket.socket() as closed:  # the port is free again once debugging stops
        closed.bind(("127.0.0.1", forwarder.port))


async def test_connecting_before_any_lambda_container_runs_says_to_send_a_request_first() -> None:
    said: list[str] = []
    forwarder = DebugForwarder(_free_port(), _address(None), said.append, "fn")
    await forwarder.start()
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", forwarder.port)
        assert await asyncio.wait_for(reader.read(), 5) == b""  # closed at once
        writer.close()
    finally:
        await forwarder.close()
    assert said == [f"A debugger connected to 127.0.0.1:{forwarder.port}, but no Lambda container of fn runs yet: "
                    "send it a request first, then attach."]


async def test_a_container_not_listening_yet_is_said_with_its_address() -> None:
    said: list[str] = []
    forwarder = DebugForwarder(_free_port(), _address("127.0.0.1"), said.append, "fn", upstream_port=_free_port())
    await forwarder.start()
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", forwarder.port)
        assert await asyncio.wait_for(reader.read(), 5) == b""
        writer.close()
    finally:
        await forwarder.close()
    assert len(said) == 1 and said[0].startswith("fn's Lambda container (127.0.0.1) does not answer on port")


def _address(address: str | None):  # type: ignore[no-untyped-def]
    async def target() -> str | None:
        return address

    return target
