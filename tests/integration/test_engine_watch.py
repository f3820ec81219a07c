"""The engine watch against the real engine, made to come and go: a unix socket that forwards to the test bed's
daemon is opened and closed as a daemon starting and stopping would open and close its socket."""

from __future__ import annotations

import contextlib
import os
import queue
import socket
import threading
from pathlib import Path

from lambdadesk.adapters.docker.engine_watch import EngineWatch
from lambdadesk.core.engine import EngineState


class SocketProxy:
    def __init__(self, path: Path, target: str) -> None:
        self.path, self.target = path, target
        self._listener: socket.socket | None = None
        self._open: list[socket.socket] = []

    def start(self) -> None:
        self._listener = socket.socket(socket.AF_UNIX)
        self._listener.bind(str(self.path))
        self._listener.listen()
        threading.Thread(target=self._accept, args=(self._listener,), daemon=True).start()

    def stop(self) -> None:
        assert self._listener is not None
        self._listener.close()
        for connection in self._open:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
            connection.close()
        self.path.unlink()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            upstream = socket.socket(socket.AF_UNIX)
            upstream.connect(self.target)
            self._open += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                sink.sendall(data)
        with contextlib.suppress(OSError):
            sink.shutdown(socket.SHUT_WR)


def test_the_watch_sees_the_engine_come_go_and_come_back(tmp_path: Path) -> None:
    engine_socket = os.environ["DOCKER_HOST"].removeprefix("unix://")
    proxy = SocketProxy(tmp_path / "docker.sock", engine_socket)
    states: queue.Queue[EngineState] = queue.Queue()
    watch = EngineWatch(states.put, url=f"unix://{proxy.path}", retry_s=0.2).start()
    try:
        first = states.get(timeout=5)
        assert not first.reachable and f"there is no Docker socket at unix://{proxy.path}" in first.problem
        proxy.start()
        came = states.get(timeout=5)
        assert came.reachable and came.product.startswith("Docker Engine 20.10")
        proxy.stop()  # the daemon goes away: its event stream ends, no poll needed to notice
        gone = states.get(timeout=5)
        assert not gone.reachable
        proxy.start()
        assert states.get(timeout=5).reachable
    finally:
        watch.close()
    assert states.empty()  # one report per change, none while nothing changed
