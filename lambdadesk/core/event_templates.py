"""Events shaped as AWS services send them to a Lambda, for Invoke: API Gateway (REST proxy, v1; HTTP API, v2), SQS,
SNS, S3, EventBridge and a schedule. Each is filled in for the function, region and stage it is sent to, with the
emulator's account, so that a handler written for the real trigger runs unchanged."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from lambdadesk.core.errors import LambdadeskError

ACCOUNT = "000000000000"  # the emulators' account


@dataclass(frozen=True)
class Target:
    """Where the event goes: the function, and the API stage a proxy event says it came through."""

    function: str
    region: str = "us-east-1"
    stage: str = "dev"


def _now() -> datetime:
    return datetime.now(UTC)


def _api_v1(target: Target) -> dict[str, Any]:
    request_id = str(uuid.uuid4())
    now = _now()
    return {
        "resource": "/{proxy+}", "path": "/orders", "httpMethod": "POST",
        "headers": {"Content-Type": "application/json", "Host": "localhost"},
        "multiValueHeaders": {"Content-Type": ["application/json"], "Host": ["localhost"]},
        "queryStringParameters": {"page": "1"}, "multiValueQueryStringParameters": {"page": ["1"]},
        "pathParameters": {"proxy": "orders"}, "stageVariables": None,
        "requestContext": {"accountId": ACCOUNT, "apiId": "api-id", "domainName": "localhost",
                           "resourcePath": "/{proxy+}", "httpMethod": "POST",
                           "stage": target.stage, "path": f"/{target.stage}/orders", "requestId": request_id,
                           "requestTime": now.strftime("%d/%b/%Y:%H:%M:%S +0000"),
                           "requestTimeEpoch": int(now.timestamp() * 1000), "protocol": "HTTP/1.1",
                           "identity": {"sourceIp": "127.0.0.1", "userAgent": "lambdadesk"}},
        "body": json.dumps({"order": 1001, "paid": True}), "isBase64Encoded": False,
    }


def _api_v2(target: Target) -> dict[str, Any]:
    now = _now()
    return {
        "version": "2.0", "routeKey": "POST /orders", "rawPath": f"/{target.stage}/orders",
        "rawQueryString": "page=1", "headers": {"content-type": "application/json", "host": "localhost"},
        "queryStringParameters": {"page": "1"},
        "requestContext": {"accountId": ACCOUNT, "apiId": "api-id", "domainName": "localhost",
                           "domainPrefix": "localhost",
                           "http": {"method": "POST", "path": f"/{target.stage}/orders", "protocol": "HTTP/1.1",
                                    "sourceIp": "127.0.0.1", "userAgent": "lambdadesk"},
                           "requestId": str(uuid.uuid4()), "routeKey": "POST /orders", "stage": target.stage,
                           "time": now.strftime("%d/%b/%Y:%H:%M:%S +0000"), "timeEpoch": int(now.timestamp() * 1000)},
        "body": json.dumps({"order": 1001, "paid": True}), "isBase64Encoded": False,
    }


def _sqs(target: Target) -> dict[str, Any]:
    millis = str(int(_now().timestamp() * 1000))
    return {"Records": [{
        "messageId": str(uuid.uuid4()), "receiptHandle": "receipt-handle", "body": json.dumps({"order": 1001}),
        "attributes": {"ApproximateReceiveCount": "1", "SentTimestamp": millis, "SenderId": ACCOUNT,
                       "ApproximateFirstReceiveTimestamp": millis},
        "messageAttributes": {}, "md5OfBody": "", "eventSource": "aws:sqs",
        "eventSourceARN": f"arn:aws:sqs:{target.region}:{ACCOUNT}:orders", "awsRegion": target.region}]}


def _sns(target: Target) -> dict[str, Any]:
    topic = f"arn:aws:sns:{target.region}:{ACCOUNT}:orders"
    return {"Records": [{
        "EventSource": "aws:sns", "EventVersion": "1.0", "EventSubscriptionArn": f"{topic}:{uuid.uuid4()}",
        "Sns": {"Type": "Notification", "MessageId": str(uuid.uuid4()), "TopicArn": topic, "Subject": "order",
                "Message": json.dumps({"order": 1001}), "Timestamp": _now().strftime("%Y-%m-%dT%H:%M:%S.000Z"),
                "SignatureVersion": "1", "Signature": "",
                "SigningCertUrl": f"https://sns.{target.region}.amazonaws.com/SimpleNotificationService.pem",
                "UnsubscribeUrl": f"http://localhost:4566/?Action=Unsubscribe&SubscriptionArn={topic}:subscription",
                "MessageAttributes": {}}}]}


def _s3(target: Target) -> dict[str, Any]:
    return {"Records": [{
        "eventVersion": "2.1", "eventSource": "aws:s3", "awsRegion": target.region,
        "eventTime": _now().strftime("%Y-%m-%dT%H:%M:%S.000Z"), "eventName": "ObjectCreated:Put",
        "userIdentity": {"principalId": ACCOUNT}, "requestParameters": {"sourceIPAddress": "127.0.0.1"},
        "responseElements": {"x-amz-request-id": uuid.uuid4().hex[:16], "x-amz-id-2": uuid.uuid4().hex},
        "s3": {"s3SchemaVersion": "1.0", "configurationId": "lambdadesk",
               "bucket": {"name": "uploads", "ownerIdentity": {"principalId": ACCOUNT},
                          "arn": "arn:aws:s3:::uploads"},
               "object": {"key": "orders/1001.json", "size": 42, "eTag": "0" * 32, "sequencer": "0"}}}]}


def _eventbridge(target: Target) -> dict[str, Any]:
    return {"version": "0", "id": str(uuid.uuid4()), "detail-type": "Order Placed", "source": "shop.orders",
            "account": ACCOUNT, "time": _now().strftime("%Y-%m-%dT%H:%M:%SZ"), "region": target.region,
            "resources": [], "detail": {"order": 1001, "paid": True}}


def _scheduled(target: Target) -> dict[str, Any]:
    return {"version": "0", "id": str(uuid.uuid4()), "detail-type": "Scheduled Event", "source": "aws.events",
            "account": ACCOUNT, "time": _now().strftime("%Y-%m-%dT%H:%M:%SZ"), "region": target.region,
            "resources": [f"arn:aws:events:{target.region}:{ACCOUNT}:rule/{target.function}-schedule"],
            "detail": {}}


TEMPLATES: dict[str, tuple[str, Callable[[Target], dict[str, Any]]]] = {
    "apigateway-v1": ("API Gateway REST API, proxy integration (payload 1.0)", _api_v1),
    "apigateway-v2": ("API Gateway HTTP API (payload 2.0)", _api_v2),
    "sqs": ("SQS: one message", _sqs),
    "sns": ("SNS: one notification", _sns),
    "s3": ("S3: an object created (Put)", _s3),
    "eventbridge": ("EventBridge: a custom event", _eventbridge),
    "scheduled": ("EventBridge Scheduler / a schedule rule", _scheduled),
}
"""Each template's name, what it is in words, and how it is made."""


def event_from_template(name: str, target: Target) -> dict[str, Any]:
    """A fresh event (new ids and times) of the named template for `target`."""
    if name not in TEMPLATES:
        raise LambdadeskError(f"There is no event template {name!r}.", "Choose one of " + ", ".join(TEMPLATES) + ".")
    return TEMPLATES[name][1](target)
