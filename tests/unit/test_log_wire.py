"""The log's bytes come back out of the engine's wire format whatever way the socket splits it: HTTP chunks around
Docker's stream frames, either alone, chunk extensions, a chunk or frame cut anywhere, and nothing after the last
chunk. (The real engine's side: tests/integration/test_logs_and_debug.py.)"""

from __future__ import annotations

import struct

from hypothesis import given
from hypothesis import strategies as st

from lambdadesk.adapters.docker.log_wire import LogWireDecoder

payloads = st.lists(st.binary(max_size=60), max_size=25)
cuts = st.lists(st.integers(min_value=1, max_value=70), min_size=1, max_size=40)


def framed(parts: list[bytes]) -> bytes:
    return b"".join(struct.pack(">BxxxL", 1 + index % 2, len(part)) + part for index, part in enumerate(parts))


def chunked(body: bytes, sizes: list[int], extension: bytes = b"") -> bytes:
    out, position = [], 0
    for size in sizes:
        piece = body[position:position + size]
        if not piece:
            break
        out.append(b"%x%s\r\n%s\r\n" % (len(piece), extension, piece))
        position += size
    if position < len(body):
        out.append(b"%x\r\n%s\r\n" % (len(body) - position, body[position:]))
    return b"".join(out) + b"0\r\n\r\n"


def fed(decoder: LogWireDecoder, wire: bytes, reads: list[int]) -> bytes:
    out, position, index = [], 0, 0
    while position < len(wire):
        size = reads[index % len(reads)]
        out.append(decoder.feed(wire[position:position + size]))
        position, index = position + size, index + 1
    return b"".join(out)


@given(payloads, cuts, cuts, st.sampled_from([b"", b";name=value"]))
def test_chunks_around_frames_give_back_the_frames_payloads(parts: list[bytes], sizes: list[int], reads: list[int],
                                                            extension: bytes) -> None:
    decoder = LogWireDecoder(chunked=True, multiplexed=True)
    assert fed(decoder, chunked(framed(parts), sizes, extension), reads) == b"".join(parts)
    assert decoder.finished


@given(payloads, cuts)
def test_frames_alone_and_chunks_alone_are_decoded_too(parts: list[bytes], reads: list[int]) -> None:
    assert fed(LogWireDecoder(chunked=False, multiplexed=True), framed(parts), reads) == b"".join(parts)
    tty = LogWireDecoder(chunked=True, multiplexed=False)  # a TTY container's log: no frames inside the chunks
    assert fed(tty, chunked(b"".join(parts), [7, 3, 50]), reads) == b"".join(parts) and tty.finished


def test_a_frame_cut_in_its_header_waits_for_the_rest_and_nothing_after_the_last_chunk_is_log() -> None:
    decoder = LogWireDecoder(chunked=True, multiplexed=True)
    wire = chunked(framed([b"first\n", b"second\n"]), [10, 100])
    assert decoder.feed(wire[:7]) == b"" and not decoder.finished  # a chunk header and 4 bytes of a frame header
    assert decoder.feed(wire[7:] + b"GET / HTTP/1.1\r\n") == b"first\nsecond\n"
    assert decoder.finished and decoder.feed(b"5\r\nmore!\r\n") == b""
    plain = LogWireDecoder(chunked=False, multiplexed=False)
    assert plain.feed(b"as it came") == b"as it came"


def test_a_line_the_engine_cut_into_parts_keeps_only_its_first_timestamp() -> None:
    entries = [b"2026-12-07T10:00:00.1Z " + b"a" * 5, b"2026-12-07T10:00:00.2Z " + b"b" * 5,
               b"2026-12-07T10:00:00.3Z c\n", b"2026-12-07T10:00:01.0Z next line\n", b"2026-12-07T10:00:02.0Z \n"]
    wire = chunked(framed(entries), [30, 30, 30, 30])
    stamped = LogWireDecoder(chunked=True, multiplexed=True, timestamps=True)
    assert fed(stamped, wire, [9, 31]) == (b"2026-12-07T10:00:00.1Z aaaaabbbbbc\n2026-12-07T10:00:01.0Z next line\n"
                                          b"2026-12-07T10:00:02.0Z \n")
    unstamped = LogWireDecoder(chunked=True, multiplexed=True)
    assert fed(unstamped, wire, [64]) == b"".join(entries)  # without timestamps every byte is the log's own
