"""A Debug Adapter Protocol client over TCP, as an editor is: the test's debugger. Requests get their responses;
events are queued in the order they came."""

from __future__ import annotations

import json
import queue
import socket
import threading
import time
from typing import Any


class DapClient:
    def __init__(self, host: str, port: int, timeout_s: float = 30) -> None:
        deadline = time.monotonic() + timeout_s
        while True:
            try:
                self._socket = socket.create_connection((host, port), timeout=2)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        self._socket.settimeout(None)
        self._seq = 0
        self._responses: dict[int, queue.Queue[dict[str, Any]]] = {}
        self.events: queue.Queue[dict[str, Any]] = queue.Queue()
        self._lock = threading.Lock()
        threading.Thread(target=self._read, daemon=True).start()

    def send(self, command: str, **arguments: Any) -> queue.Queue[dict[str, Any]]:
        """Send a request; its response arrives on the queue returned (some come only later, like attach's)."""
        with self._lock:
            self._seq += 1
            seq = self._seq
            self._responses[seq] = queue.Queue()
            body = json.dumps({"seq": seq, "type": "request", "command": command, "arguments": arguments}).encode()
            self._socket.sendall(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        return self._responses[seq]

    def request(self, command: str, timeout_s: float = 30, **arguments: Any) -> dict[str, Any]:
        response = self.send(command, **arguments).get(timeout=timeout_s)
        assert response["success"], response
        return response.get("body", {})

    def event(self, name: str, timeout_s: float = 60) -> dict[str, Any]:
        deadline = time.monotonic() + timeout_s
        while True:
            message = self.events.get(timeout=max(0.1, deadline - time.monotonic()))
            if message["event"] == name:
                return message.get("body", {})

    def close(self) -> None:
        self._socket.close()

    def _read(self) -> None:
        stream = self._socket.makefile("rb")
        try:
            while True:
                length = 0
                while (line := stream.readline().strip()) != b"":
                    if line.lower().startswith(b"content-length:"):
                        length = int(line.split(b":", 1)[1])
                if length == 0:
                    return
                message = json.loads(stream.read(length))
                if message["type"] == "response":
                    self._responses[message["request_seq"]].put(message)
                elif message["type"] == "event":
                    self.events.put(message)
        except (OSError, ValueError):
            return
