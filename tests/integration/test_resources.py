"""The resource browser against the real emulator: every kind lambdadesk can create or meet is listed with its
details, a subscription that leads nowhere is marked, a name finds one resource, and delete removes exactly the
chosen one (and forgets what lambdadesk recorded of it)."""

import io
import socket
import zipfile
from dataclasses import replace

import pytest

from lambdadesk.adapters.aws.aws_clients import emulator_client
from lambdadesk.adapters.store.desired_state_store import DesiredStateStore
from lambdadesk.core.errors import LambdadeskError
from lambdadesk.core.function_spec import FunctionSpec
from lambdadesk.core.profile import Profile
from lambdadesk.core.resource import Resource
from lambdadesk.core.topology import addresses
from lambdadesk.session import Session
from tests.engine import shipped_profile_data

HANDLER = "def handle(event, context):\n    return {'statusCode': 200, 'body': 'ok'}\n"


@pytest.fixture
def testbed_profile() -> Profile:
    """The test-bed profile with SQS too (LocalStack runs only the services a profile names)."""
    profile = Profile.from_dict(shipped_profile_data(name="itest"))
    return replace(profile, aws_services=(*profile.aws_services, "sqs"))


def _zip() -> bytes:
    code = io.BytesIO()
    with zipfile.ZipFile(code, "w") as archive:
        archive.writestr(zipfile.ZipInfo("app.py", date_time=(2026, 1, 1, 0, 0, 0)), HANDLER)
    return code.getvalue()


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _by_kind(resources: list[Resource], kind: str, name: str) -> Resource:
    found = [r for r in resources if r.kind == kind and r.name == name]
    assert len(found) == 1, [(r.kind, r.name) for r in resources]
    return found[0]


@pytest.mark.proves("resource browser: list, describe, dangling subscriptions, delete")
async def test_every_kind_is_listed_dangling_subscriptions_marked_and_delete_takes_only_the_chosen_one(
        session: Session) -> None:
    await session.up()
    endpoint, region = addresses(session.profile).host.emulator_url, session.profile.region
    await session.deploy(FunctionSpec("shop", "python3.12", "app.handle", _zip()), wire=True)
    gone = (await session.deploy(FunctionSpec("gone", "python3.12", "app.handle", _zip())))[0]
    sns, sqs, s3, iam, logs = (emulator_client(s, endpoint, region) for s in ("sns", "sqs", "s3", "iam", "logs"))
    topic = sns.create_topic(Name="orders")["TopicArn"]
    queue_url = sqs.create_queue(QueueName="orders")["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    for body in ("one", "two"):
        sqs.send_message(QueueUrl=queue_url, MessageBody=body)
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue_arn)
    sns.subscribe(TopicArn=topic, Protocol="lambda", Endpoint=gone.arn)
    dead_url = f"http://127.0.0.1:{_closed_port()}/"
    sns.subscribe(TopicArn=topic, Protocol="http", Endpoint=dead_url)
    await session.capture.subscribe("orders")  # a live endpoint: not dangling
    stale = session.new_capture()  # a capture endpoint whose process was killed: confirmed, then nothing listens
    await stale.subscribe("orders")
    stale_url = stale.url
    stale.subscriptions.clear()  # as if killed: nothing unsubscribes it
    await stale.close()
    s3.create_bucket(Bucket="receipts")
    for key in ("a.json", "b.json", "c/d.json"):
        s3.put_object(Bucket="receipts", Key=key, Body=b"{}")
    iam.create_role(RoleName="reader", AssumeRolePolicyDocument="{}")
    iam.attach_role_policy(RoleName="reader", PolicyArn="arn:aws:iam::aws:policy/ReadOnlyAccess")
    logs.create_log_group(logGroupName="/shop/audit")
    logs.create_log_stream(logGroupName="/shop/audit", logStreamName="2026/12/07")
    emulator_client("lambda", endpoint, region).delete_function(FunctionName="gone")
    await session.invoke("shop", {})

    listings = await session.resources()
    assert [listing.service for listing in listings] == ["lambda", "apigateway", "sns", "sqs", "s3", "logs", "iam"]
    assert not [listing.error for listing in listings if listing.error]
    everything = [r for listing in listings for r in listing.resources]
    function = _by_kind(everything, "function", "shop")
    assert function.details["Handler"] == "app.handle" and "python3.12" in function.summary
    api = _by_kind(everything, "rest-api", "shop")
    assert api.details["invokeUrls"]["dev"].startswith(f"{endpoint}/restapis/{api.arn}/dev/")
    assert "2 methods" in api.summary  # ANY on / and on /{proxy+}
    # sqs, lambda, the unconfirmed dead one, the stale capture's, the live capture's, and the one every invocation
    # is heard through (invoke made it)
    assert _by_kind(everything, "topic", "orders").summary == "6 subscriptions"
    assert _by_kind(everything, "queue", "orders").summary.startswith("2 waiting")
    bucket = _by_kind(everything, "bucket", "receipts")
    assert bucket.details["ObjectCount"] == 3 and sorted(o["Key"] for o in bucket.details["Objects"]) == \
        ["a.json", "b.json", "c/d.json"]
    assert _by_kind(everything, "role", "reader").details["AttachedPolicies"] == [
        "arn:aws:iam::aws:policy/ReadOnlyAccess"]
    audit = _by_kind(everything, "log-group", "/shop/audit")
    assert audit.summary.startswith("1 stream ·") and audit.details["latestStreams"][0]["logStreamName"] == "2026/12/07"

    subscriptions = [r for r in everything if r.kind == "subscription" and r.parent == topic]
    dead = _by_kind(subscriptions, "subscription", dead_url)
    assert dead.problem.startswith("dangling: nothing answers at 127.0.0.1:") and "pending" in dead.summary
    gone_capture = _by_kind(subscriptions, "subscription", stale_url)
    assert gone_capture.problem.startswith("dangling: nothing answers") and "confirmed" in gone_capture.summary
    by_protocol = {r.details["Protocol"]: r for r in subscriptions if r.details["Protocol"] != "http"}
    assert by_protocol["lambda"].problem == "dangling: the function gone no longer exists"
    assert by_protocol["sqs"].problem == ""
    live = [r for r in subscriptions if r.details["Protocol"] == "http" and r not in (dead, gone_capture)]
    assert session.capture.url in [r.name for r in live] and [r.problem for r in live] == ["", ""]

    with pytest.raises(LambdadeskError, match="more than one resource"):
        await session.describe("orders")  # the topic and the queue
    assert (await session.describe(topic)).kind == "topic"
    assert (await session.describe("receipts")) == bucket

    before = {r.arn for r in everything}
    assert "3 objects" in await session.delete_resource(bucket)
    with pytest.raises(LambdadeskError, match="waiting for confirmation"):
        await session.delete_resource(dead)  # SNS names an unconfirmed subscription by no ARN
    await session.delete_resource(gone_capture)
    done = await session.delete_resource(function)
    assert "function shop, API shop" in done
    after = {r.arn for listing in await session.resources() for r in listing.resources}
    assert before - after == {bucket.arn, gone_capture.arn, function.arn}
    # nothing else went, and nothing came but, maybe, the log group the invoke's log was written to meanwhile
    assert after - before <= {"arn:aws:logs:us-east-1:000000000000:log-group:/aws/lambda/shop"}
    state = DesiredStateStore(session.profile.name).load()
    assert "shop" not in state.functions and "shop" not in state.apis
