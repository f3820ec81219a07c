"""docker-py leaves a Unix socket open when connecting to the engine fails (docker/docker-py PR #3356, open): an app
that keeps asking while Docker is down would leak one descriptor per try. This closes the socket on failure."""

from __future__ import annotations

import socket
from typing import Any

from docker.transport import unixconn

_patched = False


def _connect_closing_on_failure(self: Any) -> None:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.settimeout(self.timeout)
        sock.connect(self.unix_socket)
    except BaseException:
        sock.close()
        raise
    self.sock = sock


def install() -> None:
    """Idempotent; replaces UnixHTTPConnection.connect, which does the same but leaks the socket on failure."""
    global _patched
    if not _patched:
        unixconn.UnixHTTPConnection.connect = _connect_closing_on_failure
        _patched = True
