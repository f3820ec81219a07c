"""What an SNS HTTP(S) subscriber receives, parsed and checked: anything else is rejected with a reason."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from lambdadesk.core import safe_json

_REQUIRED = {
    "SubscriptionConfirmation": ("TopicArn", "Token", "MessageId"),
    "UnsubscribeConfirmation": ("TopicArn", "Token", "MessageId"),
    "Notification": ("TopicArn", "MessageId", "Message"),
}


class SnsPostError(ValueError):
    """The POST is not a valid SNS message; the text is the reason given back with the 400."""


@dataclass(frozen=True)
class SnsMessage:
    message_type: str
    topic_arn: str
    message_id: str
    message: str
    subject: str | None = None
    token: str | None = None
    subscribe_url: str | None = None
    attributes: dict[str, str] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    received_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    published_at: datetime | None = None  # the message's own Timestamp: when the emulator accepted the publish


def parse_sns_post(headers: dict[str, str], body: bytes) -> SnsMessage:
    lowered = {k.lower(): v for k, v in headers.items()}
    try:
        document = safe_json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, safe_json.NotJsonError) as exc:
        raise SnsPostError(f"the body is not JSON ({exc})") from exc
    if not isinstance(document, dict):
        raise SnsPostError("the body is JSON but not an object")
    message_type = lowered.get("x-amz-sns-message-type") or document.get("Type")
    if not isinstance(message_type, str) or message_type not in _REQUIRED:
        raise SnsPostError(f"unknown SNS message type {message_type!r}")
    if document.get("Type", message_type) != message_type:
        raise SnsPostError(f"the header says {message_type} but the body says {document.get('Type')!r}")
    missing = [key for key in _REQUIRED[message_type] if not isinstance(document.get(key), str)]
    if missing:
        raise SnsPostError(f"{message_type} without {', '.join(missing)}")
    raw_attributes = document.get("MessageAttributes") or {}
    attributes = {}
    if isinstance(raw_attributes, dict):
        for name, value in raw_attributes.items():
            attributes[str(name)] = str(value.get("Value", "")) if isinstance(value, dict) else str(value)
    subject = document.get("Subject")
    return SnsMessage(
        message_type=message_type,
        topic_arn=document["TopicArn"],
        message_id=document["MessageId"],
        message=str(document.get("Message", "")),
        subject=subject if isinstance(subject, str) else None,
        token=document.get("Token") if isinstance(document.get("Token"), str) else None,
        subscribe_url=document.get("SubscribeURL") if isinstance(document.get("SubscribeURL"), str) else None,
        attributes=attributes,
        headers={k: v for k, v in headers.items() if k.lower().startswith(("x-amz-sns", "content-type"))},
        published_at=_timestamp(document.get("Timestamp")),
    )


def _timestamp(value: object) -> datetime | None:
    """SNS's ISO 8601 Timestamp (`2026-12-02T04:21:21.803Z`); None when it is missing or not one."""
    if not isinstance(value, str):
        return None
    try:
        stamp = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)
