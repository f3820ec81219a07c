"""One request's lines out of function logs: START to REPORT in its own log stream, nothing of other requests."""

from lambdadesk.core.request_lines import RequestLines

LINES = [
    ("a", "START RequestId: r1 Version: $LATEST"), ("b", "START RequestId: r2 Version: $LATEST"),
    ("a", "stored the body under r1"), ("b", "stored the body under r2"), ("a", "END RequestId: r1"),
    ("a", "REPORT RequestId: r1 Duration: 2.0 ms"), ("a", "START RequestId: r3 Version: $LATEST"),
    ("a", "later work of r3"), ("b", "REPORT RequestId: r2 Duration: 3.1 ms"),
]


def test_only_the_requests_block_in_its_stream_is_kept() -> None:
    wanted = RequestLines("r1")
    kept = [text for source, text in LINES if wanted.keep(source, text)]
    assert kept == ["START RequestId: r1 Version: $LATEST", "stored the body under r1", "END RequestId: r1",
                    "REPORT RequestId: r1 Duration: 2.0 ms"]
    other = RequestLines("r2")
    assert [text for source, text in LINES if other.keep(source, text)][-1] == "REPORT RequestId: r2 Duration: 3.1 ms"
    assert not [text for source, text in LINES if RequestLines("r9").keep(source, text)]
