"""Docker's events for one profile's own containers (not its Lambda containers), so a front end notices what
another process did: a `lambdadesk down` in a shell, a second window's Start, `docker rm`. The stream has a
thread of its own and is closed on close()."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import docker
from docker.errors import DockerException

from lambdadesk.adapters.docker.streams import cancel_stream, release_stream
from lambdadesk.core import labels

# Docker's container actions that change what the Environment tab shows, and how to say them
ACTIONS = {"create": "created", "start": "started", "die": "stopped", "destroy": "removed"}
OnChange = Callable[[str, str], None]  # service, what happened ("started", "stopped", ...); called in the thread


class EnvironmentWatch:
    def __init__(self, client: docker.DockerClient, profile: str, on_change: OnChange) -> None:
        self._client = client
        self._profile = profile
        self._on_change = on_change
        self._stream: Any = None
        self._closed = threading.Event()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._read, name=f"lambdadesk-watch-{profile}", daemon=True)

    def start(self, timeout_s: float = 5) -> EnvironmentWatch:
        """Returns once the event stream is open (or failed to open), so no change after this call is missed."""
        self._thread.start()
        self._ready.wait(timeout_s)
        return self

    def close(self) -> None:
        """From any thread; the reading thread ends at once."""
        self._closed.set()
        cancel_stream(self._stream)
        if self._thread.is_alive() and threading.current_thread() is not self._thread:
            self._thread.join(timeout=5)

    def _read(self) -> None:
        filters = {"type": "container", "event": list(ACTIONS), **labels.owned_filter(self._profile)}
        try:
            self._stream = self._client.events(decode=True, filters=filters)
        except DockerException:
            return  # Docker is not reachable: nothing to watch (the tab says so when it reads the state)
        finally:
            self._ready.set()
        try:
            if self._closed.is_set():
                return
            for event in self._stream:
                service = event.get("Actor", {}).get("Attributes", {}).get(labels.SERVICE, "")
                if self._closed.is_set():
                    break
                if service and service != labels.LAMBDA_SERVICE and event.get("Action") in ACTIONS:
                    self._on_change(service, ACTIONS[event["Action"]])
        except (DockerException, OSError, ValueError):
            pass  # the stream was closed, or the engine went away
        finally:
            release_stream(self._stream)
