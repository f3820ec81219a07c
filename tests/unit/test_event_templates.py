"""The event templates: shaped as each service sends them, filled in for the target, fresh on every use."""

import json

import pytest

from lambdadesk.core.errors import LambdadeskError
from lambdadesk.core.event_templates import TEMPLATES, Target, event_from_template

TARGET = Target("orders", "eu-west-1", "prod")


@pytest.mark.parametrize("name", list(TEMPLATES))
def test_each_template_is_json_and_names_the_targets_region_or_stage(name: str) -> None:
    event = event_from_template(name, TARGET)
    text = json.dumps(event)
    assert json.loads(text) == event
    assert "eu-west-1" in text or '"prod"' in text or "/prod/" in text


def test_the_shapes_handlers_read() -> None:
    v1 = event_from_template("apigateway-v1", TARGET)
    assert v1["httpMethod"] == "POST" and v1["requestContext"]["stage"] == "prod" and json.loads(v1["body"])
    v2 = event_from_template("apigateway-v2", TARGET)
    assert v2["version"] == "2.0" and v2["requestContext"]["http"]["method"] == "POST"
    sources = {name: event_from_template(name, TARGET)["Records"][0] for name in ("sqs", "sns", "s3")}
    assert sources["sqs"]["eventSource"] == "aws:sqs" and sources["sqs"]["awsRegion"] == "eu-west-1"
    assert sources["sns"]["EventSource"] == "aws:sns" and sources["sns"]["Sns"]["TopicArn"].startswith(
        "arn:aws:sns:eu-west-1:000000000000:")
    assert sources["s3"]["s3"]["object"]["key"] and sources["s3"]["eventName"] == "ObjectCreated:Put"
    assert event_from_template("eventbridge", TARGET)["detail-type"] == "Order Placed"
    assert event_from_template("scheduled", TARGET)["resources"] == [
        "arn:aws:events:eu-west-1:000000000000:rule/orders-schedule"]


def test_each_use_is_fresh_and_an_unknown_name_says_which_exist() -> None:
    first, second = (event_from_template("apigateway-v1", TARGET) for _ in range(2))
    assert first["requestContext"]["requestId"] != second["requestContext"]["requestId"]
    with pytest.raises(LambdadeskError, match="no event template 'kinesis'") as unknown:
        event_from_template("kinesis", TARGET)
    assert "apigateway-v1" in unknown.value.next_step and "scheduled" in unknown.value.next_step


def test_every_template_is_an_event_of_its_trigger_as_powertools_parses_it() -> None:
    """Powertools for AWS Lambda's parser models (what many handlers validate their events with) are an outside
    judge of each template's shape: the fields AWS sends, with their types."""
    from aws_lambda_powertools.utilities.parser import models

    judge = {"apigateway-v1": models.APIGatewayProxyEventModel, "apigateway-v2": models.APIGatewayProxyEventV2Model,
             "sqs": models.SqsModel, "sns": models.SnsModel, "s3": models.S3Model,
             "eventbridge": models.EventBridgeModel, "scheduled": models.EventBridgeModel}
    assert set(judge) == set(TEMPLATES)
    for name, model in judge.items():
        parsed = model.model_validate(event_from_template(name, TARGET))
        assert parsed is not None, name


def test_every_placeholder_is_filled_with_now_fresh_ids_and_the_target(monkeypatch: pytest.MonkeyPatch) -> None:
    from datetime import UTC, datetime

    from lambdadesk.core import event_templates

    monkeypatch.setattr(event_templates, "_now", lambda: datetime(2026, 12, 7, 9, 5, 3, 250000, tzinfo=UTC))
    events = {name: event_from_template(name, TARGET) for name in TEMPLATES}
    assert all("${" not in json.dumps(event) and '"$value"' not in json.dumps(event) for event in events.values())
    v1, v2 = events["apigateway-v1"]["requestContext"], events["apigateway-v2"]["requestContext"]
    assert (v1["requestTimeEpoch"], v1["requestTime"], v1["path"]) == (1796634303250, "07/Dec/2026:09:05:03 +0000",
                                                                      "/prod/orders")
    assert (v2["timeEpoch"], v2["time"]) == (1796634303250, "07/Dec/2026:09:05:03 +0000")
    sqs = events["sqs"]["Records"][0]
    assert sqs["attributes"]["SentTimestamp"] == "1796634303250"  # text in SQS's events, a number in API Gateway's
    assert sqs["eventSourceARN"] == "arn:aws:sqs:eu-west-1:000000000000:orders"
    s3 = events["s3"]["Records"][0]
    assert s3["eventTime"] == "2026-12-07T09:05:03.000Z" and events["eventbridge"]["time"] == "2026-12-07T09:05:03Z"
    ids = s3["responseElements"]
    assert len(ids["x-amz-request-id"]) == 16 and len(ids["x-amz-id-2"]) == 32
    assert int(ids["x-amz-request-id"], 16) >= 0 and int(ids["x-amz-id-2"], 16) >= 0
    sns = events["sns"]["Records"][0]
    assert sns["Sns"]["MessageId"] != sns["EventSubscriptionArn"].rsplit(":", 1)[1]  # each ${uuid} a new one
    assert sns["Sns"]["Timestamp"] == "2026-12-07T09:05:03.000Z"
