"""The SNS capture endpoint under garbage: random bytes, huge bodies, wrong or missing message types and fields.
It must answer every POST (200 for a valid SNS message, 400/413 with a reason otherwise), never crash, and keep
working; confirmations go to the real emulator, which refuses made-up tokens."""

from __future__ import annotations

import asyncio
import gc
import http.client
import json
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lambdadesk.adapters.aws.aws_clients import emulator_client
from lambdadesk.adapters.docker.docker_connection import DockerConnection
from lambdadesk.capture.sns_capture import SnsCaptureServer, api_confirmer
from lambdadesk.core.profile import Profile
from lambdadesk.core.topology import addresses
from lambdadesk.environment.service import EnvironmentService
from tests.reliability.conftest import Tried, run_apart

MAX_BODY = 64 * 1024
OWN_TOPIC = "arn:aws:sns:us-east-1:000000000000:fuzzed"  # the one topic the fuzzed endpoint is subscribed to
FIELDS = ["Type", "MessageId", "TopicArn", "Message", "Token", "Subject", "SubscribeURL", "MessageAttributes",
          "Timestamp", "SignatureVersion"]
TYPES = ["Notification", "SubscriptionConfirmation", "UnsubscribeConfirmation", "Nope", "", "notification"]
json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
                           lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
                           max_leaves=12)
sns_like = st.dictionaries(st.sampled_from(FIELDS) | st.text(max_size=8),
                           st.sampled_from([*TYPES, OWN_TOPIC]) | json_values, max_size=8)


class ThreadedCapture:
    """The capture server on its own event loop thread, as the app runs it beside the window."""

    def __init__(self, server: SnsCaptureServer) -> None:
        self.server = server
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.url = asyncio.run_coroutine_threadsafe(server.start(), self.loop).result(10)

    def kept(self) -> int:
        return asyncio.run_coroutine_threadsafe(self._count(), self.loop).result(10)

    async def _count(self) -> int:
        return len(self.server.messages)

    async def _stop(self) -> None:
        await self.server.stop()
        await asyncio.sleep(0.1)  # closed transports finish closing on the loop's next turns
        gc.collect()  # anything still unclosed is reported here, in this module, not in a later test

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self._stop(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)
        self.loop.close()


@pytest.fixture(scope="module")
def capture(reliability_profile: Profile, docker_connection: DockerConnection) -> Iterator[ThreadedCapture]:
    running = reliability_profile
    run_apart(EnvironmentService(running, docker_connection).up())
    sns = emulator_client("sns", addresses(running).host.emulator_url, running.region)
    server = SnsCaptureServer("127.0.0.1", confirm=api_confirmer(sns), max_body=MAX_BODY, keep=100_000)
    server.expect(OWN_TOPIC)
    server.expect("arn:aws:sns:us-east-1:000000000000:nope")  # so that a made-up confirmation reaches the emulator
    threaded = ThreadedCapture(server)
    yield threaded
    threaded.stop()


def post(url: str, body: bytes, headers: dict[str, str] | None = None) -> tuple[int, str]:
    request = urllib.request.Request(url, data=body, method="POST", headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return int(response.status), response.read().decode()
    except urllib.error.HTTPError as exc:
        return int(exc.code), exc.read().decode()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.binary(max_size=2048))
def test_random_bytes_get_400_with_a_reason(capture: ThreadedCapture, tried: Tried, body: bytes) -> None:
    tried("bad input", "capture endpoint: random bytes (hypothesis, 150 posts): 400 with a reason, never 5xx")
    status, text = post(capture.url, body)
    assert status in (200, 400, 403), text
    if status != 200:
        assert text.startswith("rejected: ")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(document=sns_like, header=st.none() | st.sampled_from(TYPES))
def test_sns_look_alikes_are_kept_only_when_valid(capture: ThreadedCapture, tried: Tried, document: dict[str, Any],
                                                  header: str | None) -> None:
    tried("bad input", "capture endpoint: SNS look-alikes, wrong or missing types and fields (hypothesis, 300 "
                       "posts): kept only when valid and for its own topic, else 400 or 403 with a reason, never 5xx")
    headers = {"x-amz-sns-message-type": header} if header else {}
    before, refused = capture.kept(), capture.server.refused
    status, text = post(capture.url, json.dumps(document).encode(), headers)
    assert status in (200, 400, 403), text
    kept = capture.kept() - before
    assert kept == (1 if status == 200 else 0)
    assert capture.server.refused - refused == (1 if status == 403 else 0)
    if status == 200:
        assert (header or document.get("Type")) in ("Notification", "UnsubscribeConfirmation")
        assert document.get("TopicArn") == OWN_TOPIC and isinstance(document.get("MessageId"), str)
    if status == 403:
        assert text.startswith("rejected: ") and document.get("TopicArn") != OWN_TOPIC
    elif (header or document.get("Type")) == "SubscriptionConfirmation" and "could not confirm" in text:
        assert "TopicArn" in document  # a made-up confirmation reached the emulator, which refused it


def test_the_endpoint_survives_garbage_and_huge_bodies_and_keeps_capturing(capture: ThreadedCapture,
                                                                          tried: Tried) -> None:
    tried("bad input", "capture endpoint: made-up SubscriptionConfirmation refused by the emulator: 400, "
                       "server keeps running")
    tried("bad input", f"capture endpoint: bodies of 1 MB and 20 MB (limit {MAX_BODY // 1024} KB): 413")
    assert post(capture.url, b"{" * (1024 * 1024))[0] == 413
    assert post(capture.url, b"x" * (20 * 1024 * 1024))[0] == 413
    confirmation = {"Type": "SubscriptionConfirmation", "TopicArn": "arn:aws:sns:us-east-1:000000000000:nope",
                    "Token": "made-up", "MessageId": "m-1"}
    status, text = post(capture.url, json.dumps(confirmation).encode())
    assert status == 400 and "could not confirm the subscription" in text
    before = capture.kept()
    notification = {"Type": "Notification", "MessageId": "ok-1", "TopicArn": OWN_TOPIC, "Message": "still capturing"}
    assert post(capture.url, json.dumps(notification).encode())[0] == 200
    assert capture.kept() == before + 1


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(last=st.integers(min_value=3, max_value=254), document=sns_like)
def test_on_a_shared_address_only_the_emulator_may_post(shared: ThreadedCapture, tried: Tried, last: int,
                                                        document: dict[str, Any]) -> None:
    tried("security", "capture endpoint on an address containers share (bridge: the network's gateway): posts from "
                      "any other address (hypothesis, 60 senders and bodies) get 403 and are not kept; the "
                      "emulator's address gets through")
    before = shared.kept()
    status, text = _post_from(f"127.0.0.{last}", shared.url, json.dumps(document).encode())
    assert status == 403 and "only the emulator's container may post here (127.0.0.2)" in text
    assert shared.kept() == before
    note = {"Type": "Notification", "TopicArn": OWN_TOPIC, "MessageId": f"m-{last}", "Message": "hello"}
    assert _post_from("127.0.0.2", shared.url, json.dumps(note).encode())[0] == 200
    assert shared.kept() == before + 1


@pytest.fixture(scope="module")
def shared() -> Iterator[ThreadedCapture]:
    async def emulator() -> frozenset[str]:
        return frozenset({"127.0.0.2"})

    async def no_confirming(_message: Any) -> None:
        raise AssertionError("nothing here subscribes")

    server = SnsCaptureServer("127.0.0.1", confirm=no_confirming, peers=emulator)
    server.expect(OWN_TOPIC)
    threaded = ThreadedCapture(server)
    yield threaded
    threaded.stop()


def _post_from(source: str, url: str, body: bytes) -> tuple[int, str]:
    host, port = url.split("//")[1].split("/")[0].split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30, source_address=(source, 0))
    try:
        connection.request("POST", "/sns", body, {"x-amz-sns-message-type": "Notification"})
        response = connection.getresponse()
        return response.status, response.read().decode()
    finally:
        connection.close()
