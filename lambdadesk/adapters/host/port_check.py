"""Finds out whether a TCP port on the loopback is free, and if not, which program holds it."""

from __future__ import annotations

import contextlib
import socket

import psutil


def port_holder(port: int, host: str = "127.0.0.1") -> str | None:
    """None if `port` can be bound on `host`; otherwise a description of what holds it."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        # as servers do: connections of a listener that just stopped (TIME_WAIT) do not make the port busy
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
            return None
        except OSError:
            pass
    return _describe_listener(port) or "a program lambdadesk cannot identify"


def _describe_listener(port: int) -> str | None:
    with contextlib.suppress(psutil.Error, OSError):
        for conn in psutil.net_connections(kind="tcp"):
            if conn.laddr and conn.laddr.port == port and conn.status == psutil.CONN_LISTEN:
                if conn.pid is None:
                    return "a process of another user"
                with contextlib.suppress(psutil.Error):
                    return f"{psutil.Process(conn.pid).name()} (pid {conn.pid})"
                return f"pid {conn.pid}"
    return None
