import json
from datetime import UTC, datetime, timedelta

import pytest

from lambdadesk.core.correlation import candidate_keys
from lambdadesk.core.sns_message import SnsPostError, parse_sns_post

NOTIFICATION = {"Type": "Notification", "MessageId": "m-1", "TopicArn": "arn:aws:sns:us-east-1:0:t",
                "Message": "req-1", "Subject": "hello",
                "MessageAttributes": {"kind": {"Type": "String", "Value": "seed"}}}


def test_a_notification_is_parsed_with_subject_attributes_and_sns_headers() -> None:
    headers = {"x-amz-sns-message-type": "Notification", "Content-Type": "text/plain", "User-Agent": "x"}
    message = parse_sns_post(headers, json.dumps(NOTIFICATION).encode())
    assert (message.message_type, message.message, message.subject) == ("Notification", "req-1", "hello")
    assert message.attributes == {"kind": "seed"}
    assert message.headers == {"x-amz-sns-message-type": "Notification", "Content-Type": "text/plain"}


def test_a_subscription_confirmation_carries_its_token() -> None:
    body = {"Type": "SubscriptionConfirmation", "MessageId": "m", "TopicArn": "t", "Token": "tok",
            "SubscribeURL": "http://127.0.0.1/?Action=ConfirmSubscription"}
    assert parse_sns_post({}, json.dumps(body).encode()).token == "tok"


@pytest.mark.parametrize(("headers", "body", "says"), [
    ({}, b"\xff\xfe garbage", "not JSON"),
    ({}, b"[1, 2]", "not an object"),
    ({}, b'{"Type": "Shout"}', "unknown SNS message type"),
    ({}, b'{"Type": ["Notification"]}', "unknown SNS message type"),  # found by the reliability fuzzing
    ({}, json.dumps({**NOTIFICATION, "Message": None}).encode(), "Notification without Message"),
    ({"x-amz-sns-message-type": "SubscriptionConfirmation"}, json.dumps(NOTIFICATION).encode(), "header says"),
])
def test_garbage_is_rejected_with_a_reason(headers: dict[str, str], body: bytes, says: str) -> None:
    with pytest.raises(SnsPostError, match=says):
        parse_sns_post(headers, body)


def test_candidate_keys_come_from_the_message_itself_then_from_its_fields() -> None:
    assert candidate_keys("  req-1 ") == ["req-1"]
    keys = candidate_keys(json.dumps({"note": "x", "key": "seed:42"}))
    assert keys.index("seed:42") == 1 and "x" in keys
    assert "order:7:items" in candidate_keys("stored order:7:items for you")


def test_a_body_without_type_takes_the_headers_and_every_field_is_read_exactly() -> None:
    body = {"MessageId": "m-2", "TopicArn": "arn:t", "Message": "req-2", "Subject": 7, "Token": 5,
            "SubscribeURL": "http://127.0.0.1/confirm", "Timestamp": "2026-12-02T04:21:21.803Z",
            "MessageAttributes": {"kind": {"Type": "String", "Value": "seed"}, "bare": "plain", "empty": {},
                                  "odd": ["a"]}}
    message = parse_sns_post({"X-Amz-Sns-Message-Type": "Notification"}, json.dumps(body).encode())
    assert (message.message_type, message.topic_arn, message.message_id, message.message) == (
        "Notification", "arn:t", "m-2", "req-2")
    assert message.subject is None and message.token is None  # not text: not taken
    assert message.subscribe_url == "http://127.0.0.1/confirm"
    assert message.attributes == {"kind": "seed", "bare": "plain", "empty": "", "odd": "['a']"}
    assert message.published_at == datetime(2026, 12, 2, 4, 21, 21, 803000, tzinfo=UTC)
    assert message.headers == {"X-Amz-Sns-Message-Type": "Notification"}


def test_a_confirmation_needs_no_message_and_gets_an_empty_one() -> None:
    body = {"Type": "UnsubscribeConfirmation", "MessageId": "m", "TopicArn": "t", "Token": "tok",
            "SubscribeURL": ["not", "text"], "Timestamp": "2026-12-02T04:21:21"}
    message = parse_sns_post({}, json.dumps(body).encode())
    assert message.message == "" and message.token == "tok" and message.subscribe_url is None
    assert message.published_at == datetime(2026, 12, 2, 4, 21, 21, tzinfo=UTC)  # no zone given: UTC
    assert message.attributes == {}


@pytest.mark.parametrize("stamp", [None, 17, "yesterday", "2026-13-40T99:00:00Z"])
def test_a_missing_or_broken_timestamp_is_none(stamp: object) -> None:
    body = {**NOTIFICATION, "Timestamp": stamp}
    assert parse_sns_post({}, json.dumps(body).encode()).published_at is None


def test_a_zone_the_timestamp_gives_is_kept() -> None:
    body = {**NOTIFICATION, "Timestamp": "2026-12-02T06:21:21+02:00"}
    stamp = parse_sns_post({}, json.dumps(body).encode()).published_at
    assert stamp is not None and stamp.utcoffset() == timedelta(hours=2)
    assert stamp == datetime(2026, 12, 2, 4, 21, 21, tzinfo=UTC)


@pytest.mark.parametrize(("headers", "body", "reason"), [
    ({}, b"[1, 2]", "the body is JSON but not an object"),
    ({"x-amz-sns-message-type": "SubscriptionConfirmation"}, json.dumps(NOTIFICATION).encode(),
     "the header says SubscriptionConfirmation but the body says 'Notification'"),
    ({}, json.dumps({"Type": "Notification", "Message": "x"}).encode(), "Notification without TopicArn, MessageId"),
    ({}, json.dumps({"Type": "SubscriptionConfirmation", "TopicArn": "t", "MessageId": "m"}).encode(),
     "SubscriptionConfirmation without Token"),
])
def test_the_reason_given_back_is_exact(headers: dict[str, str], body: bytes, reason: str) -> None:
    with pytest.raises(SnsPostError) as refused:
        parse_sns_post(headers, body)
    assert str(refused.value) == reason


def test_a_body_in_latin_1_is_not_json() -> None:
    with pytest.raises(SnsPostError, match=r"^the body is not JSON \("):
        parse_sns_post({}, json.dumps(NOTIFICATION).encode().replace(b"req-1", "r\xe9q".encode("latin-1")))


def test_candidate_keys_in_their_exact_order() -> None:
    message = json.dumps({"note": "see order:7", "Key": "order:7:body", "other": "plain"})
    attributes = {"trace": "t-1", "RedisKey": "attr:key"}
    assert candidate_keys(message, attributes) == [
        message,  # the message itself first
        "order:7:body",  # then a field named like a key
        "attr:key", "t-1",  # then the attributes, the key-named ones first
        "see order:7", "plain",  # then the other fields
        "order:7",  # then what looks like a key inside the text
    ]


def test_candidate_keys_skip_empty_and_oversized_keys() -> None:
    assert candidate_keys("   ") == []
    assert candidate_keys("k" * 1024) == ["k" * 1024] and candidate_keys("k" * 1025) == []
    assert candidate_keys("x", {"key": ""}) == ["x"]
    assert candidate_keys("x", {"key": "v" * 1025}) == ["x"]
