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


async def test_a_debugger_that_connects_first_is_held_until_the_container_listens() -> None:
    """As in the editor's loop: attach, then send the request that starts the Lambda container; what the editor
    sent meanwhile is delivered once the container listens."""
    address: list[str] = []

    async def target() -> str | None:
        return address[0] if address else None

    async def echo(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(b"container: " + await reader.read(1024))
        await writer.drain()
        writer.close()

    said: list[str] = []
    upstream_port = _free_port()
    forwarder = DebugForwarder(_free_port(), target, said.append, "fn", upstream_port=upstream_port, hold_s=10)
    await forwarder.start()
    container = None
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", forwarder.port)
        writer.write(b"initialize")
        await writer.drain()
        await asyncio.sleep(0.5)  # the editor waits; no container yet
        address.append("127.0.0.1")  # the request started it: known, but not listening yet
        await asyncio.sleep(0.5)
        container = await asyncio.start_server(echo, "127.0.0.1", upstream_port)
        assert await asyncio.wait_for(reader.read(), 5) == b"container: initialize"
        writer.close()
    finally:
        await forwarder.close()
        if container is not None:
            container.close()
    assert said == [f"A debugger connected to 127.0.0.1:{forwarder.port}; it is held until fn's Lambda container "
                    "listens: send the function a request."]


async def test_no_container_within_the_wait_is_said_and_the_connection_closed() -> None:
    said: list[str] = []
    forwarder = DebugForwarder(_free_port(), _address(None), said.append, "fn", hold_s=0.5)
    await forwarder.start()
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", forwarder.port)
        assert await asyncio.wait_for(reader.read(), 5) == b""
        writer.close()
    finally:
        await forwarder.close()
    assert said[-1] == "No Lambda container of fn ran within 0.5 s of the debugger connecting: send it a request " \
                       "first, then attach."


async def test_a_container_that_never_listens_is_said_with_its_address() -> None:
    said: list[str] = []
    forwarder = DebugForwarder(_free_port(), _address("127.0.0.1"), said.append, "fn", upstream_port=_free_port(),
                               hold_s=0.5)
    await forwarder.start()
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", forwarder.port)
        assert await asyncio.wait_for(reader.read(), 5) == b""
        writer.close()
    finally:
        await forwarder.close()
    assert said[-1].startswith("fn's Lambda container (127.0.0.1) did not answer on port")


def _address(address: str | None):  # type: ignore[no-untyped-def]
    async def target() -> str | None:
        return address

    return target
