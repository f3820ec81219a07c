"""The CloudWatch Logs follower's reading rules over a stand-in client that answers as MiniStack does (no
eventId, every line of an invocation stamped alike); the real emulator: tests/integration/test_ministack_emulator.py."""

import asyncio
from typing import Any

from lambdadesk.core.events import LogLine
from lambdadesk.logs.cloudwatch_follower import CloudWatchFollower, source_name

STREAM = "2026/12/07/[$LATEST]51dacc93729e40dc9ddbe59b84145685"


class LogsLikeMiniStack:
    class exceptions:  # noqa: N801 - boto3's shape
        class ResourceNotFoundException(Exception):  # noqa: N818 - boto3's name
            pass

    def __init__(self) -> None:
        self.groups: dict[str, list[dict[str, Any]]] = {}

    def log(self, function: str, timestamp: int, *messages: str) -> None:
        for message in messages:
            self.groups.setdefault(f"/aws/lambda/{function}", []).append(
                {"logStreamName": STREAM, "timestamp": timestamp, "message": message})

    def get_paginator(self, operation: str) -> Any:
        assert operation == "describe_log_groups"
        groups = self.groups

        class Pages:
            def paginate(self, logGroupNamePrefix: str) -> list[dict[str, Any]]:  # noqa: N803
                return [{"logGroups": [{"logGroupName": g} for g in groups if g.startswith(logGroupNamePrefix)]}]
        return Pages()

    def filter_log_events(self, logGroupName: str, startTime: int, **_: Any) -> dict[str, Any]:  # noqa: N803
        if logGroupName not in self.groups:
            raise self.exceptions.ResourceNotFoundException()
        return {"events": [e for e in self.groups[logGroupName] if e["timestamp"] >= startTime]}


def read(follower: CloudWatchFollower, tail: int | str) -> list[tuple[str, str]]:
    """One pass, as the polling thread makes it, with what it put in order."""
    put: list[LogLine] = []
    follower._on_loop = lambda callback, *args: put.append(args[0]) if args else None  # type: ignore[method-assign]
    for group in follower._groups():
        follower._read_group(group, tail)
    return [(line.source, line.text) for line in put]


def test_each_line_is_read_once_even_when_an_invocation_stamps_its_lines_alike() -> None:
    logs = LogsLikeMiniStack()
    logs.log("seed", 1000, "START", "same", "same", "REPORT")
    follower = CloudWatchFollower(logs, "p")
    source = source_name("p", "/aws/lambda/seed", STREAM)
    assert source == "lambdadesk-p-lambda-seed-51dacc93729e40dc9ddbe59b84145685"
    assert read(follower, "all") == [(source, "START"), (source, "same"), (source, "same"), (source, "REPORT")]
    assert read(follower, "all") == []  # read again from the same millisecond: nothing twice
    logs.log("seed", 1000, "same")  # one more line in that millisecond, then a later one
    logs.log("seed", 2000, "next")
    assert read(follower, "all") == [(source, "same"), (source, "next")]


def test_the_tail_applies_to_the_history_and_a_function_deployed_later_is_read_whole() -> None:
    logs = LogsLikeMiniStack()
    logs.log("old", 1000, "a", "b", "c")
    follower = CloudWatchFollower(logs, "p")
    assert [text for _, text in read(follower, 2)] == ["b", "c"]
    logs.log("new", 3000, "x", "y", "z")
    logs.log("old", 3000, "d")
    assert sorted(text for _, text in read(follower, "all")) == ["d", "x", "y", "z"]
    quiet = CloudWatchFollower(LogsLikeMiniStack(), "p")
    assert read(quiet, 0) == []


def test_history_only_ends_and_lines_are_redacted() -> None:
    logs = LogsLikeMiniStack()
    logs.log("seed", 1_796_628_764_187, "token s3cr3t-token-value\nsecond line")

    async def history() -> list[LogLine]:
        follower = CloudWatchFollower(logs, "p", follow=False, tail="all", secrets=("s3cr3t-token-value",))
        follower.start()
        lines = [line async for line in follower.lines()]
        follower.close()
        return lines

    lines = asyncio.run(history())
    assert [line.text for line in lines] == ["token ********", "second line"]
    assert lines[0].timestamp == "2026-12-07T07:32:44.187Z"
