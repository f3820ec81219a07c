"""The log's bytes come back out of the engine's wire format whatever way the socket splits it: HTTP chunks around
Docker's stream frames, either alone, chunk extensions, a chunk or frame cut anywhere, and nothing after the last
chunk. (The real engine's side: tests/integration/test_logs_and_debug.py.)"""

from __future__ import annotations

import struct

from hypothesis import given
from hypothesis import strategies as st

from lambdadesk.adapters.docker.log_wire import MAX_HELD_BYTES, LogWireDecoder

payloads = st.lists(st.binary(max_size=60), max_size=25)
cuts = st.lists(st.integers(min_value=1, max_value=70), min_size=1, max_size=40)


def framed(parts: list[bytes], streams: list[int] | None = None) -> bytes:
    """Docker's frames around `parts`, on stdout and stderr by turns unless `streams` says."""
    streams = streams or [1 + index % 2 for index in range(len(parts))]
    return b"".join(struct.pack(">BxxxL", stream, len(part)) + part
                    for stream, part in zip(streams, parts, strict=True))


def lines_by_stream(parts: list[bytes]) -> list[bytes]:
    """The lines stdout and stderr hold, each stream's parts put together (as framed() gives them turns)."""
    lines = []
    for stream in (0, 1):
        text = b"".join(parts[stream::2])
        lines += text.split(b"\n")[:-1] if text.endswith(b"\n") else text.split(b"\n") if text else []
    return sorted(lines)


def whole_lines(decoder: LogWireDecoder, log: bytes) -> list[bytes]:
    """What the decoder gave as lines, with its rest at the end: whole lines only, none lost."""
    assert log.endswith(b"\n") or not log  # never a part of a line while the log goes on
    rest = decoder.rest()
    return sorted(log.split(b"\n")[:-1] + (rest.split(b"\n") if rest else []))


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
    assert whole_lines(decoder, fed(decoder, chunked(framed(parts), sizes, extension), reads)) == lines_by_stream(parts)
    assert decoder.finished


@given(payloads, cuts)
def test_frames_alone_and_chunks_alone_are_decoded_too(parts: list[bytes], reads: list[int]) -> None:
    frames = LogWireDecoder(chunked=False, multiplexed=True)
    assert whole_lines(frames, fed(frames, framed(parts), reads)) == lines_by_stream(parts)
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
    wire = chunked(framed(entries, [1] * len(entries)), [30, 30, 30, 30])
    stamped = LogWireDecoder(chunked=True, multiplexed=True, timestamps=True)
    assert fed(stamped, wire, [9, 31]) == (b"2026-12-07T10:00:00.1Z aaaaabbbbbc\n2026-12-07T10:00:01.0Z next line\n"
                                          b"2026-12-07T10:00:02.0Z \n")
    unstamped = LogWireDecoder(chunked=True, multiplexed=True)
    assert fed(unstamped, wire, [64]) == b"".join(entries)  # without timestamps every byte is the log's own


def test_a_line_of_one_stream_stays_whole_when_the_other_stream_writes_in_its_middle() -> None:
    """Podman sends a stderr line between the parts of a long stdout line: each comes out a line of its own, in
    the order they were completed, and a log ending inside lines gives each stream's on a line of its own."""
    entries = [b"T1 out part one, ", b"T2 err line\n", b"T3 part two\n", b"T4 err starts ", b"T5 out ends",
               b"T6 goes on"]
    decoder = LogWireDecoder(chunked=False, multiplexed=True, timestamps=True)
    assert fed(decoder, framed(entries, [1, 2, 1, 2, 1, 2]), [5, 40]) == b"T2 err line\nT1 out part one, part two\n"
    assert decoder.rest() == b"T4 err starts goes on\nT5 out ends" and decoder.rest() == b""


def test_a_line_held_for_its_newline_is_held_only_up_to_the_line_limit() -> None:
    part = b"x" * 16384
    decoder = LogWireDecoder(chunked=False, multiplexed=True)
    wire = framed([part] * 200 + [b"end\n", b"next\n"], [1] * 202)
    line, after, _ = fed(decoder, wire, [100_000]).split(b"\n")
    assert MAX_HELD_BYTES < len(line) <= MAX_HELD_BYTES + len(part) and set(line) == {ord("x")} and after == b"next"
