"""A container's log read from the engine's socket in blocks of up to 256 KiB and decoded by LogWireDecoder.

docker-py reads each of Docker's stream frames with two small reads through urllib3's chunk decoding, and with the
json-file driver every line is a frame of its own: about a sixth of what `docker logs -f` reads. This reads under
http.client's chunk decoding (docker-py's own raw-socket helpers reach the same reader) and decodes the chunks and
frames itself. It calls docker-py's private request helpers, as docker-py's version cap in pyproject.toml allows."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from lambdadesk.adapters.docker.log_wire import LogWireDecoder
from lambdadesk.adapters.docker.streams import cancel_stream

if TYPE_CHECKING:
    from docker.models.containers import Container

BLOCK_BYTES = 256 * 1024


class RawLogStream:
    """The log's bytes as they arrive (`blocks()`), in its reading thread; `close()` from any thread ends it."""

    def __init__(self, container: Container, *, follow: bool, tail: int | str, timestamps: bool = True) -> None:
        from docker.types.daemon import CancellableStream  # docker-py loads only when a log is read

        api = container.client.api
        tty = bool(container.attrs.get("Config", {}).get("Tty"))
        # a TTY's log is stored as the terminal gave it, in pieces that begin mid-line: with timestamps, they
        # would land inside lines (docker logs -t shows them so); without, the text reads as written
        timestamps = timestamps and not tty
        params = {"stdout": 1, "stderr": 1, "timestamps": int(timestamps), "follow": int(follow),
                  "tail": tail if tail == "all" else int(tail)}
        # no timeout: a followed log may stay quiet for hours (docker-py lifts its timeout for streams too)
        self._response: Any = api._get(api._url("/containers/{0}/logs", container.id), params=params, stream=True,
                                       timeout=None)
        api._raise_for_status(self._response)
        http_response = self._response.raw._fp
        self._decoder = LogWireDecoder(chunked=bool(http_response.chunked), multiplexed=not tty,  # no frames
                                       timestamps=timestamps)
        self._reader = http_response.fp  # the socket's own reader, below http.client's chunk decoding
        self._cancel = CancellableStream(iter(()), self._response)

    def blocks(self) -> Iterator[bytes]:
        decoder, reader = self._decoder, self._reader
        while not decoder.finished:
            data = reader.read1(BLOCK_BYTES)
            if not data:
                break
            log = decoder.feed(data)
            if log:
                yield log
        if rest := decoder.rest():  # the log ended inside a line
            yield rest

    def close(self) -> None:
        """Cut the stream from any thread (its socket is shut): `blocks()` ends at once."""
        cancel_stream(self._cancel)

    def release(self) -> None:
        """Give back the connection's descriptor; from the reading thread, once reading is over."""
        self._response.close()
