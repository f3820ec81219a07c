"""Function logs from the emulator's CloudWatch Logs, for an emulator that runs its Lambdas in no container
(MiniStack): every log group under /aws/lambda/, read in a thread of its own every half second, each log stream
shown as a source named like a Lambda container's ("lambdadesk-PROFILE-lambda-FUNCTION-3f2a…"), so the Logs tab
and `lambdadesk logs lambda` show them as they show LocalStack's Lambda containers."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from datetime import UTC, datetime
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from lambdadesk.adapters.aws.aws_clients import emulator_client
from lambdadesk.core.events import LogLine
from lambdadesk.core.redaction import redact
from lambdadesk.logs.log_stream import ThreadedLines

PREFIX = "/aws/lambda/"
_INSTANCE = re.compile(r"([0-9a-f]{4,})$")


def function_logs_client(endpoint: str, region: str) -> Any:
    return emulator_client("logs", endpoint, region, 5, 1)


def source_name(profile: str, group: str, stream: str) -> str:
    """The source a log stream's lines are shown under: the function, and the hex the stream's name ends with
    (AWS and the emulators end it with the execution environment's id), else a short hash of the name."""
    function = group.removeprefix(PREFIX)
    match = _INSTANCE.search(stream)
    instance = match[1] if match else hashlib.sha256(stream.encode()).hexdigest()[:8]
    return f"lambdadesk-{profile}-lambda-{function}-{instance}"


def stamp(milliseconds: int) -> str:
    return datetime.fromtimestamp(milliseconds / 1000, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _identity(event: dict[str, Any]) -> str:
    """An event's id; MiniStack gives none (and stamps every line of an invocation alike), so there its stream,
    time and text, counted: a line printed twice is read twice."""
    return str(event.get("eventId") or (event.get("logStreamName"), event.get("timestamp"), event.get("message")))


class CloudWatchFollower(ThreadedLines):
    """Streams the log events of every function, history first (the last `tail` of each group there at the
    start; all of a group that appears later), then, with follow, what comes, until closed."""

    container_id = "cloudwatch-logs"

    def __init__(self, logs: Any, profile: str, *, follow: bool = True, tail: int | str = 100,
                 secrets: tuple[str, ...] = (), every_s: float = 0.5, function: str = "") -> None:
        super().__init__("cloudwatch")
        self._logs = logs  # a boto3 CloudWatch Logs client (function_logs_client)
        self._profile = profile
        self._follow = follow
        self._tail = tail
        self._secrets = secrets
        self._every_s = every_s
        self._function = function  # only this function's log group, when given
        self._since: dict[str, int] = {}  # log group -> the newest timestamp read
        self._read_at_since: dict[str, Counter[str]] = {}  # log group -> the events read at that timestamp

    def _read(self) -> None:
        first = True
        try:
            while not self._closed.is_set():
                try:
                    for group in self._groups():
                        self._read_group(group, tail=self._tail if first else "all")
                except (BotoCoreError, ClientError, OSError):
                    if not self._follow:
                        break  # history only, and the emulator does not answer: nothing to show
                first = False
                if not self._follow:
                    break
                self._closed.wait(self._every_s)
        finally:
            self._on_loop(self._queue.end)

    def _groups(self) -> list[str]:
        groups: list[str] = []
        for page in self._logs.get_paginator("describe_log_groups").paginate(logGroupNamePrefix=PREFIX):
            groups += [group["logGroupName"] for group in page.get("logGroups", [])]
        return [group for group in groups if not self._function or group == PREFIX + self._function]

    def _fetch(self, group: str) -> list[dict[str, Any]]:
        """The group's events from the newest timestamp read on (all of them the first time)."""
        events: list[dict[str, Any]] = []
        kwargs: dict[str, Any] = {"logGroupName": group, "startTime": self._since.get(group, 0)}
        while True:
            try:
                page = self._logs.filter_log_events(**kwargs)
            except self._logs.exceptions.ResourceNotFoundException:
                return events  # deleted between the listing and the read (a reset)
            events += page.get("events", [])
            if not page.get("nextToken") or page.get("nextToken") == kwargs.get("nextToken"):
                return events
            kwargs["nextToken"] = page["nextToken"]

    def _read_group(self, group: str, tail: int | str) -> None:
        new = group not in self._since
        events = self._fetch(group)
        events.sort(key=lambda event: int(event.get("timestamp", 0)))  # stable: the emulator's order within a ms
        since = self._since.get(group, 0)
        read = self._read_at_since.get(group, Counter())
        skip = Counter(read)
        fresh = []
        for event in events:  # the read starts at the newest timestamp read before: skip what was read at it
            key = _identity(event)
            if int(event.get("timestamp", 0)) == since and skip[key] > 0:
                skip[key] -= 1
                continue
            fresh.append(event)
        events = fresh
        if events:
            newest = int(events[-1].get("timestamp", 0))
            at_newest = Counter(_identity(e) for e in events if int(e.get("timestamp", 0)) == newest)
            self._read_at_since[group] = at_newest + (read if newest == since else Counter())
            self._since[group] = newest
        else:
            self._since.setdefault(group, 0)
        if new and isinstance(tail, int):
            events = events[-tail:] if tail > 0 else []
        for event in events:
            self._put(group, event)

    def _put(self, group: str, event: dict[str, Any]) -> None:
        source = source_name(self._profile, group, str(event.get("logStreamName", "")))
        timestamp = stamp(int(event.get("timestamp", 0)))
        for text in str(event.get("message", "")).rstrip("\n").split("\n"):
            self._on_loop(self._queue.put, LogLine(source, timestamp, redact(text, self._secrets)))
