"""The log lines of one request: in each log stream (one execution environment, one request at a time), from
Lambda's START line naming the request id to its REPORT line."""

from __future__ import annotations

import re

_START = re.compile(r"^START RequestId: (\S+)")
_REPORT = re.compile(r"^REPORT RequestId: (\S+)")


def started_request(line: str) -> str | None:
    """The request id a START line opens, else None."""
    found = _START.match(line)
    return found.group(1) if found else None


def reported_request(line: str) -> str | None:
    """The request id a REPORT line closes, else None."""
    found = _REPORT.match(line)
    return found.group(1) if found else None


class RequestLines:
    def __init__(self, request_id: str) -> None:
        self.request_id = request_id
        self._inside: set[str] = set()  # the sources (log streams) now inside the request's block

    def keep(self, source: str, text: str) -> bool:
        """Whether this line of `source` belongs to the request (fed every line, in order)."""
        if text.startswith(f"START RequestId: {self.request_id}"):
            self._inside.add(source)
            return True
        if source not in self._inside:
            return False
        if text.startswith(f"REPORT RequestId: {self.request_id}"):
            self._inside.discard(source)
        return True
