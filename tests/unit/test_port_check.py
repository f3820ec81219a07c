import os
import socket

from lambdadesk.adapters.host.port_check import port_holder


def test_a_free_port_has_no_holder() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    assert port_holder(port) is None


def test_a_listening_port_names_the_program_holding_it() -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        holder = port_holder(listener.getsockname()[1])
    assert holder is not None and f"pid {os.getpid()}" in holder
