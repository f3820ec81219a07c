"""One function's log events from the emulator's CloudWatch Logs, history first and then, with follow, as they
come; with a request id only that request's lines (START to REPORT). The one implementation behind
`lambdadesk logs --function` and the Logs tab's function view."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

from lambdadesk.core.events import LogLine
from lambdadesk.core.profile import Profile
from lambdadesk.core.request_lines import RequestLines
from lambdadesk.core.topology import addresses
from lambdadesk.logs.cloudwatch_follower import CloudWatchFollower, function_logs_client
from lambdadesk.logs.log_stream import each_line


class FunctionLogs:
    """A LogSource (start, lines, close) over one function's log group."""

    def __init__(self, profile: Profile, function: str, request_id: str = "", *, follow: bool = True,
                 tail: int | str = 100, secrets: tuple[str, ...] = ()) -> None:
        self.function = function
        self.request_id = request_id
        logs = function_logs_client(addresses(profile).host.emulator_url, profile.region)
        # a request's lines may lie anywhere in the group's history: all of it is read for them
        self._follower = CloudWatchFollower(logs, profile.name, follow=follow, tail="all" if request_id else tail,
                                            secrets=secrets, function=function)
        self._wanted = RequestLines(request_id) if request_id else None
        self.shown = 0  # lines handed out so far

    def title(self) -> str:
        """What the lines are, in words: "seed (CloudWatch Logs)", "seed, request 3f2a9c1e"."""
        return f"{self.function}, request {self.request_id[:8]}" if self.request_id \
            else f"{self.function} (CloudWatch Logs)"

    async def start(self) -> None:
        self._follower.start()

    async def batches(self) -> AsyncIterator[list[LogLine]]:
        """The function's lines (the request's only, when one was named), in batches as they were read."""
        wanted = self._wanted
        async for batch in self._follower.batches():
            kept = batch if wanted is None else [line for line in batch if wanted.keep(line.source, line.text)]
            if kept:
                self.shown += len(kept)
                yield kept

    def lines(self) -> AsyncIterator[LogLine]:
        return each_line(self.batches())

    def close(self) -> None:
        """Blocking (joins the reading thread): call it off the GUI thread."""
        self._follower.close()

    async def aclose(self) -> None:
        await asyncio.to_thread(self.close)
