import json

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
