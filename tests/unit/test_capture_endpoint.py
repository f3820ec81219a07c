"""The capture endpoint (a real aiohttp server on 127.0.0.1) takes messages only for its own subscriptions, and
a listener that fails never turns a kept message into a 5xx that SNS would send again."""

from __future__ import annotations

import asyncio
import http.client
import json
import urllib.error
import urllib.request

import pytest

from lambdadesk.adapters.docker.inspect_data import addresses_on, network_owner
from lambdadesk.capture import sns_capture
from lambdadesk.capture.sns_capture import SnsCaptureServer
from lambdadesk.core.sns_message import SnsMessage

TOPIC = "arn:aws:sns:us-east-1:000000000000:orders"
SUBSCRIPTION = f"{TOPIC}:1111-2222"


async def _confirm(_message: SnsMessage) -> None:
    return None


def _post(url: str, document: dict[str, str], subscription: str = "") -> tuple[int, str]:
    headers = {"x-amz-sns-message-type": document["Type"], **(
        {"x-amz-sns-subscription-arn": subscription} if subscription else {})}
    request = urllib.request.Request(url, data=json.dumps(document).encode(), method="POST", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return int(response.status), response.read().decode()
    except urllib.error.HTTPError as exc:
        return int(exc.code), exc.read().decode()


def _note(topic: str, message_id: str) -> dict[str, str]:
    return {"Type": "Notification", "TopicArn": topic, "MessageId": message_id, "Message": "hello"}


async def test_only_its_own_topics_and_subscription_are_accepted() -> None:
    server = SnsCaptureServer("127.0.0.1", confirm=_confirm)
    url = await server.start()
    try:
        foreign = await asyncio.to_thread(_post, url, _note("arn:aws:sns:us-east-1:000000000000:other", "m-1"))
        assert foreign[0] == 403 and "not subscribed to" in foreign[1] and server.refused == 1
        server.expect(TOPIC)  # subscribing: the subscription ARN is not known yet
        assert (await asyncio.to_thread(_post, url, _note(TOPIC, "m-2"), "any"))[0] == 200
        server.expect(TOPIC, SUBSCRIPTION)
        spoofed = await asyncio.to_thread(_post, url, _note(TOPIC, "m-3"), f"{TOPIC}:9999")
        assert spoofed[0] == 403 and "is not this endpoint's" in spoofed[1] and server.refused == 2
        assert (await asyncio.to_thread(_post, url, _note(TOPIC, "m-4"), SUBSCRIPTION))[0] == 200
        assert (await asyncio.to_thread(_post, url, _note(TOPIC, "m-5")))[0] == 200  # no header: by topic
        server.forget(TOPIC)
        assert (await asyncio.to_thread(_post, url, _note(TOPIC, "m-6"), SUBSCRIPTION))[0] == 403
        assert [m.message_id for m in server.messages] == ["m-2", "m-4", "m-5"]
    finally:
        await server.stop()


async def test_a_failing_listener_does_not_make_sns_send_the_message_again() -> None:
    server = SnsCaptureServer("127.0.0.1", confirm=_confirm)
    seen: list[str] = []

    def broken(_message: SnsMessage) -> None:
        raise RuntimeError("a bug in a listener")

    server.listeners.extend([broken, lambda message: seen.append(message.message_id)])
    server.expect(TOPIC)
    url = await server.start()
    try:
        assert (await asyncio.to_thread(_post, url, _note(TOPIC, "m-1")))[0] == 200
        assert [m.message_id for m in server.messages] == ["m-1"] and seen == ["m-1"]  # the next listener too
    finally:
        await server.stop()


class _Emulator:
    """lost() and renew() as a capture session answers them after a reset, and while the emulator is down."""

    def __init__(self) -> None:
        self.answers: list[object] = [[], ["orders"], OSError("connection refused"), OSError("still refused"), []]
        self.renewed = 0

    async def lost(self) -> list[str]:
        answer = self.answers.pop(0) if self.answers else []
        if isinstance(answer, Exception):
            raise answer
        assert isinstance(answer, list)
        return answer

    async def renew(self) -> list[str]:
        self.renewed += 1
        return ["arn:aws:sns:us-east-1:000000000000:orders"]


async def test_the_keeper_subscribes_again_after_a_reset_and_says_when_nothing_arrives() -> None:
    from lambdadesk.capture.subscription_keeper import keep_subscribed

    emulator, said = _Emulator(), []
    keeper = asyncio.ensure_future(keep_subscribed(emulator, said.append, every_s=0.01))
    for _ in range(500):  # five checks, 10 ms apart
        if not emulator.answers and len(said) == 4:
            break
        await asyncio.sleep(0.01)
    keeper.cancel()
    assert emulator.answers == []
    assert emulator.renewed == 1
    assert said[0].startswith("the subscription to orders was lost") and said[1].startswith("capturing orders again")
    assert said[2].startswith("not receiving messages now: Could not check") and len(said) == 4  # said once
    assert said[3] == "the emulator answers again; capturing"


async def test_half_sent_requests_are_bounded_in_number_and_time() -> None:
    server = SnsCaptureServer("127.0.0.1", confirm=_confirm, most_connections=20, connection_lifetime_s=1.0)
    server.expect(TOPIC)
    url = await server.start()
    host, port = url.split("//")[1].split("/")[0].split(":")
    writers = []
    try:
        for _ in range(50):  # each sends half a request and then nothing
            reader, writer = await asyncio.open_connection(host, int(port))
            writer.write(b"POST /sns HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{")
            writers.append((reader, writer))
        await asyncio.sleep(0.3)
        assert server.limits.open == 20 and server.limits.turned_away == 30
        closed = await asyncio.wait_for(asyncio.gather(*(reader.read() for reader, _ in writers)), 5)
        assert all(data == b"" for data in closed)  # every one of them closed by the server, within its lifetime
        assert server.limits.open == 0
        assert (await asyncio.to_thread(_post, url, _note(TOPIC, "m-1")))[0] == 200  # and it still serves
    finally:
        for _, writer in writers:
            writer.close()
        await server.stop()


class _Sns:
    """The SNS calls CaptureSession makes, answered as an emulator does before and after a reset."""

    class exceptions:  # noqa: N801 - boto3's spelling
        class NotFoundException(Exception):  # noqa: N818 - boto3's name
            pass

    def __init__(self) -> None:
        self.subscriptions: set[str] = set()
        self.refuse_subscribe = False
        self.count = 0

    def create_topic(self, Name: str) -> dict[str, str]:  # noqa: N803 - boto3's spelling
        return {"TopicArn": f"arn:aws:sns:us-east-1:000000000000:{Name}"}

    def subscribe(self, **_: object) -> dict[str, str]:
        if self.refuse_subscribe:
            raise OSError("the emulator is restarting")
        self.count += 1
        self.subscriptions.add(f"{TOPIC}:{self.count}")
        return {"SubscriptionArn": f"{TOPIC}:{self.count}"}

    def get_subscription_attributes(self, SubscriptionArn: str) -> dict[str, object]:  # noqa: N803
        if SubscriptionArn not in self.subscriptions:
            raise self.exceptions.NotFoundException(SubscriptionArn)
        return {"Attributes": {}}


async def test_a_renewal_that_fails_is_tried_again_at_the_next_check(monkeypatch: pytest.MonkeyPatch) -> None:
    from lambdadesk.capture import capture_session
    from lambdadesk.core.profile import Profile

    sns = _Sns()
    monkeypatch.setattr(capture_session, "emulator_client", lambda *_args, **_kw: sns)
    session = capture_session.CaptureSession(Profile(name="unit"), client=lambda: None)
    monkeypatch.setattr(session, "_started", _started_stand_in)  # the endpoint itself is tested above
    session.subscriptions[TOPIC], session.topics[TOPIC] = f"{TOPIC}:0", "orders"  # subscribed before a reset
    assert await session.lost() == ["orders"]  # the emulator no longer knows subscription :0
    sns.refuse_subscribe = True
    with pytest.raises(OSError):
        await session.renew()
    assert await session.lost() == ["orders"]  # still known, still to renew
    sns.refuse_subscribe = False
    assert await session.renew() == [TOPIC] and await session.lost() == []


async def _started_stand_in() -> object:
    class Server:
        url = "http://127.0.0.1:1/sns"

        def expect(self, *_: str) -> None:
            return None

        async def wait_confirmed(self, *_: object, **__: object) -> None:
            return None

    return Server()


def _post_from(source: str, url: str, document: dict[str, str]) -> tuple[int, str]:
    """POST from the loopback address `source` (any 127.x is this machine), as a container on a network would."""
    host, port = url.split("//")[1].split("/")[0].split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10, source_address=(source, 0))
    try:
        connection.request("POST", "/sns", json.dumps(document), {"x-amz-sns-message-type": document["Type"]})
        response = connection.getresponse()
        return response.status, response.read().decode()
    finally:
        connection.close()


async def test_where_containers_share_the_address_only_the_emulator_may_post(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sns_capture, "PEERS_READ_EVERY_S", 0.0)
    emulator = {"now": frozenset({"127.0.0.2"})}
    reads: list[str] = []

    async def peers() -> frozenset[str]:
        reads.append("read")
        return emulator["now"]

    server = SnsCaptureServer("127.0.0.1", confirm=_confirm, peers=peers)
    server.expect(TOPIC)
    url = await server.start()
    try:
        other = await asyncio.to_thread(_post_from, "127.0.0.3", url, _note(TOPIC, "m-1"))  # another container
        assert other[0] == 403 and "only the emulator's container may post here (127.0.0.2), not 127.0.0.3" in \
            other[1] and server.refused == 1
        assert (await asyncio.to_thread(_post_from, "127.0.0.2", url, _note(TOPIC, "m-2")))[0] == 200
        emulator["now"] = frozenset({"127.0.0.4"})  # the emulator restarted with another address
        assert (await asyncio.to_thread(_post_from, "127.0.0.4", url, _note(TOPIC, "m-3")))[0] == 200
        assert (await asyncio.to_thread(_post_from, "127.0.0.2", url, _note(TOPIC, "m-4")))[0] == 403
        assert [m.message_id for m in server.messages] == ["m-2", "m-3"]
        assert len(reads) == 3  # a sender already known makes nothing be read
    finally:
        await server.stop()


async def test_an_unknown_sender_does_not_read_the_emulator_address_every_time() -> None:
    reads: list[str] = []

    async def peers() -> frozenset[str]:
        reads.append("read")
        raise ConnectionError("Docker does not answer")

    server = SnsCaptureServer("127.0.0.1", confirm=_confirm, peers=peers)
    server.expect(TOPIC)
    url = await server.start()
    try:
        for number in range(20):
            answer = await asyncio.to_thread(_post_from, "127.0.0.3", url, _note(TOPIC, f"m-{number}"))
            assert answer[0] == 403 and "(none known now)" in answer[1]
        assert reads == ["read"] and server.refused == 20 and list(server.messages) == []
    finally:
        await server.stop()


def test_the_emulator_address_is_read_from_its_network_settings() -> None:
    attrs = {"NetworkSettings": {"Networks": {"lambdadesk-p": {"IPAddress": "127.0.0.2", "GlobalIPv6Address": ""},
                                              "other": {"IPAddress": "127.0.0.9"}}}}  # data only: nothing is sent
    assert addresses_on(attrs, "lambdadesk-p") == ["127.0.0.2", ""]
    assert addresses_on(attrs, "missing") == ["", ""] and addresses_on({}, "lambdadesk-p") == ["", ""]


def test_an_emulator_in_the_dind_pod_is_read_as_the_pod_owner_s() -> None:
    assert network_owner({"HostConfig": {"NetworkMode": "container:lambdadesk-p-dind"}}) == "lambdadesk-p-dind"
    assert network_owner({"HostConfig": {"NetworkMode": "lambdadesk-p"}}) is None
    assert network_owner({"HostConfig": {"NetworkMode": "host"}}) is None and network_owner({}) is None
