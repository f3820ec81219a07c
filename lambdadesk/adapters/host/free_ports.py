"""Ports nothing listens on at 127.0.0.1 now, for environments that run side by side (a pool's members)."""

from __future__ import annotations

import socket

from lambdadesk.core.topology import LOOPBACK


def free_ports(count: int) -> list[int]:
    """`count` different ports the kernel hands out as free (each bound at once, so none is given twice), let go
    before returning: the environment that takes them publishes or listens on them right after."""
    held: list[socket.socket] = []
    try:
        for _ in range(count):
            probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            held.append(probe)
            probe.bind((LOOPBACK, 0))
        return [probe.getsockname()[1] for probe in held]
    finally:
        for probe in held:
            probe.close()
