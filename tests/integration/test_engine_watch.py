"""The engine watch against the real engine, made to come and go: a unix socket that forwards to the test bed's
daemon is opened and closed as a daemon starting and stopping would open and close its socket."""

from __future__ import annotations

import os
import queue
from pathlib import Path

from lambdadesk.adapters.docker.engine_watch import EngineWatch
from lambdadesk.core.engine import EngineState
from tests.socket_forwarder import SocketForwarder, unix_listener


def test_the_watch_sees_the_engine_come_go_and_come_back(tmp_path: Path) -> None:
    engine_socket = os.environ["DOCKER_HOST"].removeprefix("unix://")
    path = tmp_path / "docker.sock"
    proxy = SocketForwarder(unix_listener(str(path)), engine_socket)
    states: queue.Queue[EngineState] = queue.Queue()
    watch = EngineWatch(states.put, url=f"unix://{path}", retry_s=0.2).start()
    try:
        first = states.get(timeout=5)
        assert not first.reachable and f"there is no Docker socket at unix://{path}" in first.problem
        proxy.start()
        came = states.get(timeout=5)
        assert came.reachable and came.product.startswith("Docker Engine 20.10")
        proxy.stop()  # the daemon goes away: its event stream ends, no poll needed to notice
        path.unlink()
        gone = states.get(timeout=5)
        assert not gone.reachable
        proxy.start()
        assert states.get(timeout=5).reachable
    finally:
        watch.close()
    assert states.empty()  # one report per change, none while nothing changed
