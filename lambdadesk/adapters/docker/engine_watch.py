"""Which engine lambdadesk would use, whether it answers, and a watch that says when that changes: while the
engine answers, Docker's event stream is held open (it ends when the engine goes away, with no polling); while
it does not, it is asked again every few seconds. The watch has a thread of its own, stopped by close()."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from typing import Any

import docker
from docker.errors import DockerException

from lambdadesk.adapters.docker.docker_connection import DockerConnection, connect, docker_host
from lambdadesk.adapters.docker.docker_context import current_context
from lambdadesk.adapters.docker.streams import cancel_stream, release_stream
from lambdadesk.core.engine import EngineState
from lambdadesk.core.errors import DockerUnavailableError

RETRY_S = 2.0  # how soon an engine that was not there is noticed once it is


def probe_engine(url: str | None = None) -> EngineState:
    """Blocking, about a second at most: the engine's product and version, or why it does not answer."""
    source = _chosen_by()
    try:
        endpoint = url or docker_host()
    except DockerUnavailableError as exc:  # DOCKER_CONTEXT names no context
        return EngineState(False, os.environ.get("DOCKER_CONTEXT", ""), source, problem=exc.message,
                           next_step=exc.next_step)
    try:
        connection = connect(endpoint, timeout_s=3)
    except DockerUnavailableError as exc:
        return EngineState(False, endpoint, source, problem=exc.message, next_step=exc.next_step)
    try:
        return engine_state(connection, source)
    finally:
        connection.close()


def engine_state(connection: DockerConnection, source: str | None = None) -> EngineState:
    """Blocking: which engine an open connection reaches (product and version), or that it stopped answering."""
    endpoint = connection.base_url
    source = source or _chosen_by()
    try:
        return EngineState(True, endpoint, source, engine_product(connection.client))
    except (DockerException, OSError) as exc:
        return EngineState(False, endpoint, source, problem=f"it stopped answering ({exc})",
                           next_step="Check that the engine is running, then wait: lambdadesk notices it.")


class EngineWatch:
    def __init__(self, on_change: Callable[[EngineState], None], url: str | None = None,
                 retry_s: float = RETRY_S) -> None:
        self._on_change = on_change  # called in the watch's thread
        self._url = url
        self._retry_s = retry_s
        self._closed = threading.Event()
        self._stream: Any = None
        self._thread = threading.Thread(target=self.run, name="lambdadesk-engine-watch", daemon=True)
        self.state: EngineState | None = None

    def start(self) -> EngineWatch:
        self._thread.start()
        return self

    def close(self) -> None:
        self._closed.set()
        cancel_stream(self._stream)
        if self._thread.is_alive() and threading.current_thread() is not self._thread:
            self._thread.join(timeout=5)

    def run(self) -> None:
        """Blocking: the watch in the calling thread, until close()."""
        while not self._closed.is_set():
            state = probe_engine(self._url)
            if state != self.state:
                self.state = state
                self._on_change(state)
            if state.reachable:
                self._hold_events(state.endpoint)  # returns when the engine goes away (or on close)
            else:
                self._closed.wait(self._retry_s)

    def _hold_events(self, endpoint: str) -> None:
        client = None
        try:
            client = connect(endpoint, timeout_s=5).client  # with the engine's TLS or ssh, as every connection
            self._stream = client.events(decode=True, filters={"type": "daemon"})
            if not self._closed.is_set():
                for _event in self._stream:  # daemon reloads only: rare; the loop ends with the connection
                    if self._closed.is_set():
                        break
        except (DockerException, DockerUnavailableError, OSError, ValueError):
            pass  # the engine went away: the next probe says how
        finally:
            release_stream(self._stream)
            self._stream = None
            if client is not None:
                client.close()


def engine_product(client: docker.DockerClient) -> str:
    """The engine's product and version ("Docker Engine 20.10.24", "Podman Engine 4.3.1"); blocking, one call."""
    version = client.version()
    names = [str(component.get("Name", "")) for component in version.get("Components", [])]
    product = next((name for name in names if "Podman" in name), "Docker Engine")
    return f"{product} {version.get('Version', '?')}"


def _chosen_by() -> str:
    """How the engine was chosen, as the user set it: "DOCKER_HOST", "docker context NAME", "the default socket"."""
    return "DOCKER_HOST" if os.environ.get("DOCKER_HOST") else _context_name()


def _context_name() -> str:
    try:
        context = current_context()
    except DockerUnavailableError:
        return "DOCKER_CONTEXT"
    if context is not None and context.Host and context.name != "default":
        return f"docker context {context.name}" + (" (DOCKER_CONTEXT)" if os.environ.get("DOCKER_CONTEXT") else "")
    return "the default socket"
