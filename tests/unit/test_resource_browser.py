"""The pure parts of the resource browser: its text, CSV and lookups, the dangling-subscription rules (with real
sockets on the loopback), and forgetting a deleted resource from the desired state."""

import csv
import io
import socket

import pytest

from lambdadesk.core.desired_state import ApiRecord, DesiredState, FunctionRecord
from lambdadesk.core.errors import LambdadeskError
from lambdadesk.core.resource import (
    Resource,
    ServiceListing,
    as_csv,
    as_text,
    check_service,
    count_text,
    find_resource,
    size_text,
)
from lambdadesk.resources.subscription_check import mark_dangling, unanswered

TOPIC = "arn:aws:sns:us-east-1:000000000000:orders"
FUNCTION = "arn:aws:lambda:us-east-1:000000000000:function:seed"


def _subscription(protocol: str, endpoint: str) -> Resource:
    return Resource("sns", "subscription", endpoint, f"{TOPIC}:{protocol}", f"{protocol} → {endpoint}",
                    {"Protocol": protocol, "Endpoint": endpoint}, parent=TOPIC)


def test_text_lines_indent_subscriptions_and_say_why_a_service_is_missing() -> None:
    listings = [ServiceListing("sns", [Resource("sns", "topic", "orders", TOPIC, "1 subscription"),
                                       _subscription("http", "http://127.0.0.1:1/")]),
                ServiceListing("sqs", [], "the emulator runs without sqs")]
    lines = as_text(listings).splitlines()
    assert lines[0].split() == ["sns", "topic", "orders", "1", "subscription"]
    assert lines[1].startswith("sns          subscription")
    assert lines[2] == "sqs        (not listed: the emulator runs without sqs)"
    assert as_text([]) == "Nothing is deployed in the emulator."


def test_csv_has_a_header_and_one_quoted_row_per_resource() -> None:
    odd = Resource("s3", "bucket", "a,b", "arn:aws:s3:::a,b", 'say "hi"', problem="x")
    rows = list(csv.reader(io.StringIO(as_csv([ServiceListing("s3", [odd])]))))
    assert rows == [["service", "kind", "name", "arn", "summary", "problem"],
                    ["s3", "bucket", "a,b", "arn:aws:s3:::a,b", 'say "hi"', "x"]]


def test_a_reference_finds_one_resource_by_name_or_arn_and_a_shared_name_asks_for_the_arn() -> None:
    topic = Resource("sns", "topic", "orders", TOPIC, "")
    queue = Resource("sqs", "queue", "orders", "arn:aws:sqs:us-east-1:000000000000:orders", "")
    function = Resource("lambda", "function", "seed", FUNCTION, "")
    listings = [ServiceListing("x", [topic, queue, function])]
    assert find_resource(listings, "seed") is function and find_resource(listings, FUNCTION) is function
    assert find_resource(listings, TOPIC) is topic
    with pytest.raises(LambdadeskError, match="more than one resource") as shared:
        find_resource(listings, "orders")
    assert TOPIC in shared.value.message and queue.arn in shared.value.message
    assert shared.value.next_step.endswith("(--kind queue, topic).")
    assert find_resource(listings, "orders", "queue") is queue
    with pytest.raises(LambdadeskError, match="Nothing named 'nope'"):
        find_resource(listings, "nope")
    with pytest.raises(LambdadeskError, match="does not browse 'ec2'"):
        check_service("ec2")


def test_counts_and_sizes_read_as_words() -> None:
    assert [count_text(n, "object") for n in (0, 1, 2)] == ["0 objects", "1 object", "2 objects"]
    assert count_text(2, "managed policy", "managed policies") == "2 managed policies"
    assert [size_text(n) for n in (999, 1000, 1_234_567, 5_000_000_000)] == ["999 B", "1.0 kB", "1.2 MB", "5.0 GB"]


def test_an_http_subscription_is_dangling_only_when_nothing_listens_on_this_machine() -> None:
    with socket.socket() as listening:
        listening.bind(("127.0.0.1", 0))
        listening.listen()
        port = listening.getsockname()[1]
        assert unanswered(f"http://127.0.0.1:{port}/sns") == ""
        assert unanswered(f"http://localhost:{port}/") == ""
    assert unanswered(f"http://127.0.0.1:{port}/sns") == \
        f"dangling: nothing answers at 127.0.0.1:{port} (the endpoint that subscribed is gone)"
    # not on this machine: not tried (192.0.2.0/24 is for documentation; binding to it fails, nothing is sent)
    assert unanswered("http://192.0.2.1:80/") == ""
    assert unanswered("https://hooks.example.com/sns") == ""  # a name: not even resolved


def test_lambda_and_queue_subscriptions_are_dangling_when_their_target_is_not_listed() -> None:
    gone = _subscription("lambda", "arn:aws:lambda:us-east-1:000000000000:function:gone")
    alive = _subscription("lambda", FUNCTION + ":live")  # an alias of a function that exists
    queue = _subscription("sqs", "arn:aws:sqs:us-east-1:000000000000:gone-queue")
    function = Resource("lambda", "function", "seed", FUNCTION, "")
    marked = mark_dangling([function, gone, alive, queue])
    assert [r.problem for r in marked] == ["", "dangling: the function gone no longer exists", "", ""]
    marked = mark_dangling([function, Resource("sqs", "queue", "q", "arn:aws:sqs:us-east-1:0:q", ""), queue])
    assert marked[2].problem == "dangling: the queue gone-queue no longer exists"
    assert mark_dangling([gone])[0].problem == ""  # functions not listed: not judged


def test_a_deleted_function_is_forgotten_with_the_apis_wired_to_it_and_nothing_else() -> None:
    state = DesiredState({"seed": FunctionRecord("seed", "python3.12", "a.b", "x.zip"),
                          "other": FunctionRecord("other", "python3.12", "a.b", "y.zip")},
                         {"shop": ApiRecord("shop", "seed"), "admin": ApiRecord("admin", "other")}, ("orders", "b"))
    kept = state.without("function", "seed")
    assert list(kept.functions) == ["other"] and list(kept.apis) == ["admin"] and kept.topics == ("orders", "b")
    assert list(state.without("rest-api", "admin").apis) == ["shop"]
    assert state.without("bucket", "orders") == state  # not recorded: nothing to forget
    assert state.without("topic", "orders").topics == ("b",)
    assert state.without("function", "nope") == state
    assert state.names() == ["function seed", "function other", "API shop", "API admin", "topic orders", "topic b"]
