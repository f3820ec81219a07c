"""Ending docker-py's long-lived streams (logs, events) from any thread, and releasing their descriptors."""

from __future__ import annotations

import contextlib
from typing import Any


def cancel_stream(stream: Any) -> None:
    """Cut a docker-py stream from any thread: its reader's iteration ends at once."""
    if stream is not None and hasattr(stream, "close"):
        with contextlib.suppress(OSError):
            stream.close()


def release_stream(stream: Any) -> None:
    """Close a docker-py stream's HTTP response from its reading thread once reading is over. Cancelling only
    closes the socket object; its file object keeps the descriptor open until garbage collection."""
    response = getattr(stream, "_response", None)
    if response is not None:
        with contextlib.suppress(Exception):
            response.close()
