"""A function's logged invocations in a span of time, from the emulator's CloudWatch Logs."""

from __future__ import annotations

from typing import Any

from lambdadesk.adapters.aws.aws_clients import emulator_client
from lambdadesk.invocations.logged_invocations import LoggedInvocation, cut

MAX_PAGES = 20


class FunctionLogReader:
    def __init__(self, endpoint: str, region: str) -> None:
        self._where = (endpoint, region)
        self._client: Any = None  # made on first use: loading the Logs model costs every session ~0.1 s
        self._heads: dict[tuple[str, str], int] = {}  # (group, stream) -> its first event's time: never changes

    @property
    def _logs(self) -> Any:
        if self._client is None:
            self._client = emulator_client("logs", *self._where)
        return self._client

    def invocations(self, function: str, since_ms: int) -> list[LoggedInvocation] | None:
        """Blocking. The complete invocations logged at or after `since_ms`; None when the function has no log."""
        group = f"/aws/lambda/{function}"
        events: list[dict[str, Any]] = []
        token: dict[str, str] = {}
        try:
            for _ in range(MAX_PAGES):
                page = self._logs.filter_log_events(logGroupName=group, startTime=since_ms, **token)
                events.extend(page.get("events", []))
                if not page.get("nextToken"):
                    break
                token = {"nextToken": page["nextToken"]}
        except self._logs.exceptions.ResourceNotFoundException:
            return None
        return cut(events, self._streams_from_start(group, events))

    def _streams_from_start(self, group: str, events: list[dict[str, Any]]) -> set[str]:
        """The streams whose very first event is among `events`."""
        earliest: dict[str, dict[str, Any]] = {}
        for event in events:
            stream = str(event.get("logStreamName", ""))
            if stream not in earliest or int(event["timestamp"]) < int(earliest[stream]["timestamp"]):
                earliest[stream] = event
        whole = set()
        for stream, event in earliest.items():
            first = self._heads.get((group, stream))
            if first is None:
                try:
                    head = self._logs.get_log_events(logGroupName=group, logStreamName=stream, startFromHead=True,
                                                     limit=1).get("events", [])
                except self._logs.exceptions.ResourceNotFoundException:
                    continue
                if not head:
                    continue
                first = self._heads[(group, stream)] = int(head[0]["timestamp"])
            if first >= int(event["timestamp"]):
                whole.add(stream)
        return whole
