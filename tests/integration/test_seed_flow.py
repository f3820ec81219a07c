import asyncio
import io
import json
import os
import urllib.request
import zipfile

import aiohttp
import pytest

from lambdadesk.adapters.aws.aws_clients import emulator_client
from lambdadesk.adapters.docker import owned_objects
from lambdadesk.capture.sns_capture import SnsCaptureServer
from lambdadesk.core import labels
from lambdadesk.core.events import Notice
from lambdadesk.core.function_spec import FunctionSpec, code_sha256
from lambdadesk.core.lambda_zip import LambdaZipError
from lambdadesk.core.profile import Topology
from lambdadesk.core.topology import addresses, lambda_environment, network_name
from lambdadesk.deploy.api_gateway import wire_rest_api
from lambdadesk.deploy.function_invoker import FunctionInvoker
from lambdadesk.deploy.lambda_deployer import CODE_BUCKET, LambdaDeployer
from lambdadesk.deploy.sample_lambda import seed_zip
from lambdadesk.environment.service import EnvironmentService
from lambdadesk.flows.flow_result import StepResult
from lambdadesk.flows.sample_flows import run_seed_sample
from lambdadesk.session import Session
from tests.engine import EventLog
from tests.integration.lambda_probe import invoke_probe


@pytest.mark.proves("seed flow")
@pytest.mark.parametrize("runtime", ["python3.11", "python3.12"])
@pytest.mark.every_topology
@pytest.mark.every_engine
async def test_the_seed_flow_passes_end_to_end(orchestrator: EnvironmentService, session: Session,
                                               runtime: str) -> None:
    await orchestrator.up()
    seen: list[StepResult] = []
    report = await run_seed_sample(session, runtime, seen.append)
    assert report.ok, [(s.name, s.detail) for s in report.steps if not s.ok]
    assert [s.name for s in seen] == [s.name for s in report.steps] and len(seen) == 6
    assert f"({runtime})" in report.steps[1].name  # the file's runtime variable, set by the caller
    posted, notified, stored = report.steps[3:]
    request_id = posted.received["json"]["requestId"]
    assert "stored the body under" in posted.log and "REPORT RequestId" in posted.log  # the function's own lines
    assert notified.received["message"] == request_id and stored.sent == {"key": request_id}
    assert stored.received["json"] == json.loads(posted.sent["body"]) and stored.received["json"] == {
        "hello": "lambdadesk", "order": 1001, "paid": True}
    # the function ran where the profile's topology puts it: on the environment's own network, or the host's
    profile = orchestrator.profile
    functions = owned_objects.containers(orchestrator.connection.client, profile.name, labels.LAMBDA_SERVICE)
    assert functions, "the invocation ran in a Lambda container of this environment"
    attrs = functions[0].attrs
    if profile.topology is Topology.HOST:  # Podman lists no network for a host-network container; Docker "host"
        assert attrs["HostConfig"]["NetworkMode"] == "host"
    else:
        assert set(attrs["NetworkSettings"]["Networks"]) == {network_name(profile)}


def _handler_zip(reply: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        source = f"def handle(event, context):\n    return {{'statusCode': 200, 'body': {reply!r}}}\n"
        # a fixed date: the same source gives the same zip, whenever it is built (the only-the-diff checks hash it)
        archive.writestr(zipfile.ZipInfo("app.py", date_time=(2026, 1, 1, 0, 0, 0)), source)
    return buffer.getvalue()


@pytest.mark.proves("redeploy, only what changed")
@pytest.mark.every_topology
async def test_redeploying_an_edited_handler_changes_the_response(orchestrator: EnvironmentService) -> None:
    await orchestrator.up()
    endpoint = addresses(orchestrator.profile).host.emulator_url
    deployer = LambdaDeployer(endpoint, "us-east-1", lambda_environment(orchestrator.profile))
    first = await asyncio.to_thread(deployer.deploy, FunctionSpec("editable", "python3.12", "app.handle",
                                                                  _handler_zip("first")))
    route = await asyncio.to_thread(wire_rest_api, endpoint, "us-east-1", first.arn, "editable-api")
    assert await _get(route.url("x")) == "first"

    second = await asyncio.to_thread(deployer.deploy, FunctionSpec("editable", "python3.12", "app.handle",
                                                                   _handler_zip("second")))
    assert first.created and not second.created and second.changed == "code"
    assert await _get(route.url("x")) == "second"

    # only the diff: the same zip and settings again send nothing; a timeout alone changes only the configuration
    lambda_api = emulator_client("lambda", endpoint, "us-east-1")
    before = lambda_api.get_function_configuration(FunctionName="editable")
    assert before["CodeSha256"] == code_sha256(_handler_zip("second"))  # the emulator hashes as AWS does
    same = await asyncio.to_thread(deployer.deploy, FunctionSpec("editable", "python3.12", "app.handle",
                                                                 _handler_zip("second")))
    assert same.changed == "nothing" and same.said() == f"{first.arn} is unchanged: nothing deployed"
    assert lambda_api.get_function_configuration(FunctionName="editable")["LastModified"] == before["LastModified"]
    longer = await asyncio.to_thread(deployer.deploy, FunctionSpec("editable", "python3.12", "app.handle",
                                                                   _handler_zip("second"), timeout_s=45))
    after = lambda_api.get_function_configuration(FunctionName="editable")
    assert longer.changed == "configuration" and after["Timeout"] == 45 and after["CodeSha256"] == \
        before["CodeSha256"]
    assert await _get(route.url("x")) == "second"


async def _get(url: str) -> str:
    async with aiohttp.ClientSession() as session, session.get(url) as response:
        assert response.status == 200
        return await response.text()


async def test_bad_zips_and_handlers_get_their_own_error_and_the_environment_keeps_working(
        orchestrator: EnvironmentService) -> None:
    await orchestrator.up()
    endpoint = addresses(orchestrator.profile).host.emulator_url
    deployer = LambdaDeployer(endpoint, "us-east-1", {})
    with pytest.raises(LambdaZipError, match="not a zip archive"):
        deployer.deploy(FunctionSpec("broken", "python3.12", "app.handle", b"not a zip at all"))
    with pytest.raises(LambdaZipError, match=r"needs main\.py"):
        deployer.deploy(FunctionSpec("broken", "python3.12", "main.handle", _handler_zip("x")))
    failing = io.BytesIO()
    with zipfile.ZipFile(failing, "w") as archive:
        archive.writestr("app.py", "import no_such_module\ndef handle(event, context):\n    return 1\n")
    # as on AWS, a function that fails at import deploys, and each invocation reports the import error
    await asyncio.to_thread(deployer.deploy, FunctionSpec("fails-on-import", "python3.12", "app.handle",
                                                          failing.getvalue()))
    result = await asyncio.to_thread(FunctionInvoker(endpoint, "us-east-1").invoke, "fails-on-import", {})
    assert result.function_error == "Unhandled" and "No module named 'no_such_module'" in result.payload
    assert invoke_probe(endpoint) == {"echo": {"probe": "python3.12"}}  # everything else still works


async def test_direct_invocation_reports_cold_then_warm_with_the_log_tail(orchestrator: EnvironmentService) -> None:
    await orchestrator.up()
    endpoint = addresses(orchestrator.profile).host.emulator_url
    deployer = LambdaDeployer(endpoint, "us-east-1", {})
    await asyncio.to_thread(deployer.deploy, FunctionSpec("echo", "python3.12", "app.handle", _handler_zip("hi")))
    invoker = FunctionInvoker(endpoint, "us-east-1")
    first = await asyncio.to_thread(invoker.invoke, "echo", {"n": 1})
    second = await asyncio.to_thread(invoker.invoke, "echo", {"n": 2})
    assert (first.cold, second.cold) == (True, False)
    assert json.loads(first.payload) == {"statusCode": 200, "body": "hi"} and first.function_error is None
    assert "START RequestId" in second.log_tail and "REPORT RequestId" in second.log_tail


async def test_garbage_posted_to_the_capture_endpoint_gets_400_and_it_keeps_working() -> None:
    confirmations: list[str] = []

    async def confirm(message: object) -> None:
        confirmations.append(str(message))

    capture = SnsCaptureServer("127.0.0.1", confirm=confirm, max_body=4096)
    capture.expect("t")
    url = await capture.start()
    try:
        statuses = [await asyncio.to_thread(_post, url, body) for body in
                    (b"\x00\xff garbage", b"[]", b'{"Type": "Nope"}', b"x" * 10_000)]
        assert statuses == [400, 400, 400, 413]
        assert len(capture.rejected) == 4 and capture.messages == type(capture.messages)()
        notification = {"Type": "Notification", "MessageId": "1", "TopicArn": "t", "Message": "still here"}
        assert await asyncio.to_thread(_post, url, json.dumps(notification).encode()) == 200
        assert capture.messages[-1].message == "still here" and confirmations == []
    finally:
        await capture.stop()


def _post(url: str, body: bytes) -> int:
    request = urllib.request.Request(url, data=body, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)


def test_the_capture_endpoint_refuses_to_bind_every_address() -> None:
    async def confirm(message: object) -> None:
        return None

    with pytest.raises(ValueError, match="never to all"):
        SnsCaptureServer("0.0.0.0", confirm=confirm)


def test_the_seed_zip_holds_the_function_and_redis_py() -> None:
    names = zipfile.ZipFile(io.BytesIO(seed_zip())).namelist()
    assert "lambda_function.py" in names and "redis/__init__.py" in names


async def test_the_go_seed_runs_as_a_provided_al2023_bootstrap(orchestrator: EnvironmentService,
                                                               session: Session) -> None:
    await orchestrator.up()
    report = await run_seed_sample(session, "provided.al2023", lambda _step: None)
    assert report.ok, [(s.name, s.detail) for s in report.steps if not s.ok]
    assert "provided.al2023" in report.steps[1].name


async def test_a_zip_over_the_direct_upload_limit_goes_through_s3(orchestrator: EnvironmentService) -> None:
    await orchestrator.up()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("app.py", "def handle(event, context):\n    return 'big'\n")
        archive.writestr("padding.bin", os.urandom(51 * 1024 * 1024))  # does not compress
    endpoint = addresses(orchestrator.profile).host.emulator_url
    deployer = LambdaDeployer(endpoint, "us-east-1", {})
    deployed = await asyncio.to_thread(deployer.deploy, FunctionSpec("big", "python3.12", "app.handle",
                                                                     buffer.getvalue()))
    assert deployed.state == "Active"
    s3 = emulator_client("s3", endpoint, "us-east-1")
    assert s3.head_object(Bucket=CODE_BUCKET, Key="big.zip")["ContentLength"] == len(buffer.getvalue())
    result = await asyncio.to_thread(FunctionInvoker(endpoint, "us-east-1").invoke, "big", {})
    assert json.loads(result.payload) == "big"


async def test_the_flow_stops_at_the_first_failing_step_and_says_why(orchestrator: EnvironmentService,
                                                                    session: Session) -> None:
    await orchestrator.up()
    client = orchestrator.connection.client
    client.containers.get("lambdadesk-itest-redis").stop(timeout=1)  # the function cannot store the body
    report = await run_seed_sample(session, "python3.12", lambda _step: None)
    assert not report.ok
    failed = report.failed
    assert failed is not None and failed.name == "POST a body through API Gateway"
    assert [(m.path, m.expected) for m in failed.mismatches][:1] == [("status", "200")]
    assert failed.mismatches[0].got.startswith("5"), failed.detail
    assert all(step.ok for step in report.steps[:3]) and len(report.steps) == 6
    assert [step.skipped for step in report.steps[4:]] == [True, True]


async def test_with_many_topics_a_deploy_leaves_their_arns_out_says_so_and_the_function_runs(
        orchestrator: EnvironmentService, session: Session, events: EventLog) -> None:
    """80 topics' ARNs would pass AWS's 4 KB limit on a function's environment, which the emulator enforces."""
    await session.up()
    sns = emulator_client("sns", addresses(session.profile).host.emulator_url, session.profile.region)
    arns = [sns.create_topic(Name=f"many-topics-{number:02}")["TopicArn"] for number in range(80)]
    own = {"SNS_TOPIC_ARN_MANY_TOPICS_07": arns[7], "GREETING": "hi"}
    deployment, _route = await session.deploy(FunctionSpec("many-topics", "python3.12", "app.handle",
                                                           _env_zip(), environment=own))
    assert deployment.state == "Active" and "The ARNs of 79 SNS topics were not put in" in deployment.note
    assert Notice(deployment.note) in events  # the window and the CLI show it
    result = await session.invoke("many-topics", {})
    seen = json.loads(result.payload)
    assert seen["GREETING"] == "hi" and seen["SNS_TOPIC_ARN_MANY_TOPICS_07"] == arns[7]  # theirs are kept
    assert "SNS_TOPIC_ARN_MANY_TOPICS_08" not in seen and "AWS_ENDPOINT_URL" in seen and "REDIS_HOST" in seen
    # with few topics, every ARN is given again
    for arn in arns[2:]:
        sns.delete_topic(TopicArn=arn)
    again, _route = await session.deploy(FunctionSpec("many-topics", "python3.12", "app.handle", _env_zip()))
    seen = json.loads((await session.invoke("many-topics", {})).payload)
    assert again.note == "" and seen["SNS_TOPIC_ARN_MANY_TOPICS_01"] == arns[1] and "GREETING" not in seen


def _env_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("app.py", "import os\ndef handle(event, context):\n    return dict(os.environ)\n")
    return buffer.getvalue()
