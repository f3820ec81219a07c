"""A forwarder to the test bed's engine socket, byte for byte, each connection in threads of its own: on a unix
socket of the test's (an engine that comes and goes) or on 127.0.0.1 (an engine reached over tcp)."""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Callable


class SocketForwarder:
    def __init__(self, listen: Callable[[], socket.socket], target: str) -> None:
        self.listen, self.target = listen, target
        self.accepted = 0
        self._listener: socket.socket | None = None
        self._open: list[socket.socket] = []

    def start(self) -> SocketForwarder:
        self._listener = self.listen()
        threading.Thread(target=self._accept, args=(self._listener,), daemon=True).start()
        return self

    @property
    def address(self) -> object:
        assert self._listener is not None
        return self._listener.getsockname()

    def stop(self) -> None:
        """Closes the listener and every connection, as a daemon going away would."""
        assert self._listener is not None
        self._listener.close()
        for connection in self._open:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
            connection.close()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            self.accepted += 1
            upstream = socket.socket(socket.AF_UNIX)
            self._open += [client, upstream]
            upstream.connect(self.target)
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                sink.sendall(data)
        with contextlib.suppress(OSError):
            sink.shutdown(socket.SHUT_WR)


def unix_listener(path: str) -> Callable[[], socket.socket]:
    def listen() -> socket.socket:
        listener = socket.socket(socket.AF_UNIX)
        listener.bind(path)
        listener.listen()
        return listener
    return listen


def loopback_listener() -> socket.socket:
    return socket.create_server(("127.0.0.1", 0))
