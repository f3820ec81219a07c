"""The bytes of a container's log as the engine sends them, turned back into the log's own bytes, a large block at
a time: HTTP chunked transfer encoding around Docker's stream frames (8-byte header: stream, 3 zero bytes, length;
then that many bytes), or either alone (a TTY container's log has no frames; an engine may send no chunks).
Pure logic: no Docker, no sockets."""

from __future__ import annotations

FRAME_HEADER = 8
NEWLINE = ord("\n")
MAX_HELD_BYTES = 1024 * 1024  # held per stream for a line without its newline (the line splitter cuts at 1 MiB)


class LogWireDecoder:
    """Feed it what the socket gave (any split), get back the log bytes it completes (whole lines, when framed);
    `finished` once the response's last chunk arrived; then `rest()`: a last line without its newline."""

    def __init__(self, *, chunked: bool, multiplexed: bool, timestamps: bool = False) -> None:
        self._chunked = chunked
        self._multiplexed = multiplexed
        self._timestamps = timestamps  # each frame begins with "TIMESTAMP "
        self._raw = b""  # chunked bytes not decoded yet
        self._data_left = 0  # of the current chunk's data
        self._crlf_left = 0  # of the CRLF after the current chunk's data
        self._body = b""  # frame bytes not demultiplexed yet
        self._held: dict[int, list[bytes]] = {}  # per stream: the parts of a line whose newline has not come
        self._held_bytes: dict[int, int] = {}
        self.finished = False

    def feed(self, data: bytes) -> bytes:
        body = self._unchunk(data) if self._chunked else data
        return self._unframe(body) if self._multiplexed else body

    def _unchunk(self, data: bytes) -> bytes:
        raw = self._raw + data if self._raw else data
        size, position, out = len(raw), 0, []
        if self._data_left:  # the rest of a chunk begun in an earlier block
            stop = min(self._data_left, size)
            out.append(raw[:stop])
            position, self._data_left = stop, self._data_left - stop
        if self._crlf_left and not self._data_left:
            skip = min(self._crlf_left, size - position)
            position, self._crlf_left = position + skip, self._crlf_left - skip
        find = raw.find
        while not (self._data_left or self._crlf_left or self.finished):
            end = find(b"\r\n", position)
            if end < 0:
                break
            try:
                length = int(raw[position:end], 16)
            except ValueError:  # a chunk may carry extensions after ';'
                length = int(raw[position:end].split(b";", 1)[0], 16)
            start = end + 2
            stop = start + length
            if length == 0:
                self.finished = True  # the trailer, if any, is not log
            elif stop + 2 <= size:  # most chunks arrive whole, with their CRLF
                out.append(raw[start:stop])
                position = stop + 2
            else:  # the chunk goes on in the next block
                out.append(raw[start:min(stop, size)])
                self._data_left, self._crlf_left = max(0, stop - size), 2 - max(0, size - stop)
                position = size
        self._raw = raw[position:]
        return b"".join(out)

    def _unframe(self, data: bytes) -> bytes:
        """Whole lines from whole frames' payloads (a frame's start waits for its end: the engine cuts log entries
        at 16 KiB). A line's parts are held per stream until its newline, so a stderr line written while a long
        stdout line is still arriving stays a line of its own (Podman sends them interleaved). With timestamps,
        each entry begins with its own: a long line cut into parts keeps only its first part's."""
        body = self._body + data if self._body else data
        size, position, out = len(body), 0, []
        stamped, held, held_bytes = self._timestamps, self._held, self._held_bytes
        while size - position >= FRAME_HEADER:
            start = position + FRAME_HEADER
            end = start + int.from_bytes(body[position + 4:start], "big")
            if end > size:
                break  # the frame's rest comes in the next block
            if end > start:
                stream, ends_line = body[position], body[end - 1] == NEWLINE
                parts = held.get(stream)
                if parts is None:  # most frames: a whole line, or whole lines
                    if ends_line:
                        out.append(body[start:end])
                    else:
                        held[stream], held_bytes[stream] = [body[start:end]], end - start
                else:  # a later part of a line: its timestamp is not the line's text
                    if stamped:
                        start = body.find(b" ", start, end) + 1 or start
                    kept = held_bytes[stream] <= MAX_HELD_BYTES  # past it, the line splitter cuts the line anyway
                    if kept:
                        parts.append(body[start:end])
                        held_bytes[stream] += end - start
                    if ends_line:
                        out.append(b"".join(parts) if kept else b"".join(parts) + b"\n")
                        del held[stream], held_bytes[stream]
            position = end
        self._body = body[position:]
        return b"".join(out)

    def rest(self) -> bytes:
        """What the log ended with inside a line (each stream's on a line of its own), once it ended."""
        rest = b"\n".join(b"".join(parts) for parts in self._held.values())
        self._held.clear()
        self._held_bytes.clear()
        return rest
