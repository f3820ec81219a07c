"""Log bytes, in blocks of any size, cut into whole lines: each block is looked at once (a long line costs its
length, not its length squared), and a line longer than the limit is cut there and marked, the rest of it dropped,
so a container printing without newlines cannot fill memory."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

MAX_LINE_BYTES = 1024 * 1024
CUT_MARK = b" [... line cut at 1 MiB]"


class LineSplitter:
    def __init__(self, limit: int = MAX_LINE_BYTES) -> None:
        self._limit = limit
        self._parts: list[bytes] = []  # the start of a line whose newline has not come yet
        self._size = 0
        self._cutting = False  # inside a line already cut: drop up to its newline

    def feed(self, block: bytes) -> list[bytes]:
        """The lines `block` completes (without their newlines)."""
        *complete, rest = block.split(b"\n")
        limit = self._limit
        lines = []
        if complete:
            first = complete[0]
            if self._cutting:
                self._cutting = False
                complete = complete[1:]
            elif self._parts:
                complete[0] = b"".join((*self._parts, first))
            self._parts, self._size = [], 0
            lines = [line if len(line) <= limit else line[:limit] + CUT_MARK for line in complete]
        if rest and not self._cutting:
            self._parts.append(rest)
            self._size += len(rest)
            if self._size > limit:
                lines.append(b"".join(self._parts)[:limit] + CUT_MARK)
                self._parts, self._size, self._cutting = [], 0, True
        return lines

    def finish(self) -> list[bytes]:
        """The last line, when the log ended without a newline."""
        rest, self._parts, self._size = b"".join(self._parts), [], 0
        return [rest] if rest else []


def split_lines(blocks: Iterable[bytes], limit: int = MAX_LINE_BYTES) -> Iterator[bytes]:
    splitter = LineSplitter(limit)
    for block in blocks:
        yield from splitter.feed(block)
    yield from splitter.finish()
