"""Flow files on the real engine: a flow unlike the seed's (its own function; invoke, publish, SNS subject and
attributes, Redis hash fields and TTL, a query through API Gateway, a retry that waits for a late value), and the
CLI's exit codes, timeline and reports for passing, failing and invalid files."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import textwrap
import time
import xml.etree.ElementTree as ElementTree
import zipfile
from pathlib import Path

import pytest
import redis.asyncio as aioredis

from lambdadesk.adapters.aws.aws_clients import emulator_client
from lambdadesk.core.topology import addresses
from lambdadesk.deploy.function_logs import log_lines_since, logged_request_ids
from lambdadesk.environment.service import EnvironmentService
from lambdadesk.flows.flow_parser import read_flow
from lambdadesk.flows.flow_result import StepResult
from lambdadesk.flows.flow_runner import FlowRunner
from lambdadesk.flows.step_actions import OWN_LOG_WAIT_S
from lambdadesk.session import Session
from tests.integration.cli_run import lambdadesk

GREETER = '''
import json, os, socket, boto3

def _redis(*words):
    host, _, port = os.environ["REDIS_SERVER_ADDRESS"].rpartition(":")
    command = "*%d\\r\\n" % len(words) + "".join("$%d\\r\\n%s\\r\\n" % (len(w.encode()), w) for w in words)
    with socket.create_connection((host, int(port)), timeout=5) as connection:
        connection.sendall(command.encode())
        return connection.recv(1024)

def handle(event, context):
    name = event.get("name") or (event.get("queryStringParameters") or {}).get("name") or "nobody"
    key = "greeting:" + context.aws_request_id
    _redis("HSET", key, "name", name, "greeting", "hello " + name)
    _redis("EXPIRE", key, "600")
    boto3.client("sns").publish(TopicArn=os.environ["GREETINGS"], Message=json.dumps({"name": name}),
                                Subject="greeting", MessageAttributes={"kind": {"DataType": "String",
                                                                                "StringValue": "hello"}})
    print("greeted", name)
    reply = {"greeting": "hello " + name, "key": key}
    if "queryStringParameters" in event:
        return {"statusCode": 200, "headers": {"Content-Type": "application/json"}, "body": json.dumps(reply)}
    return reply
'''

GREETINGS_FLOW = """\
name: greetings
topics: [greetings, echoes]
functions:
  greeter:
    zip: ./build/greeter.zip
    runtime: python3.12
    handler: app.handle
    env: {GREETINGS: "${topic:greetings}"}
apis:
  greet: {function: greeter}
steps:
  - name: invoke directly
    invoke: {function: greeter, payload: {name: Ada}}
    expect: {status: 200, error: null, payload: {greeting: hello Ada}}
    save: {key: response.payload.key}
  - name: the greeting is announced
    sns: {topic: greetings, within: 30s, expect: {subject: greeting, attributes: {kind: hello}, json: {name: Ada}}}
  - name: one field of the hash
    redis: {key: "${key}", field: name, expect: {value: Ada}}
  - name: the whole hash, with its expiry
    redis: {key: "${key}", expect: {type: hash, ttl: {matches: "^[1-9][0-9]*$"}, json: {greeting: hello Ada}}}
  - name: through API Gateway with a query
    request: {api: greet, path: /hi, query: {name: Grace}}
    expect: {status: 200, headers: {content-type: {contains: json}}, json: {greeting: {matches: "^hello Grace$"}},
             log: {contains: greeted Grace}}
  - publish: {topic: echoes, message: {echo: "${key}"}, subject: echo}
  - sns: {topic: echoes, within: 10s, expect: {subject: echo, json: {echo: "${key}"}}}
  - name: a value that arrives late
    redis: {key: "late:${key}", expect: {value: here}}
    retry: {within: 20s, every: 250ms}
"""


SEED_DATA = """\
redis:
  config:greeting: {json: {lang: en, loud: false}, ttl: 120s}
  visitors: {hash: {count: 0}}
  motto: be kind
steps:
"""
SEED_STEPS = """\
  - name: seed data, with its expiry
    redis: {key: "config:greeting",
            expect: {type: string, json: {lang: en, loud: false}, ttl: {matches: "^1[01][0-9]$"}}}
  - redis: {key: visitors, field: count, expect: {value: "0"}}
  - redis: {key: motto, expect: {value: be kind, ttl: -1}}
"""


def _greeter_zip(folder: Path) -> None:
    (folder / "build").mkdir(exist_ok=True)
    with zipfile.ZipFile(folder / "build" / "greeter.zip", "w") as archive:
        archive.writestr("app.py", textwrap.dedent(GREETER))


@pytest.mark.proves("a flow file of the user's own")
async def test_a_flow_unlike_the_seeds_passes_with_its_own_function(orchestrator: EnvironmentService,
                                                                    session: Session, tmp_path: Path) -> None:
    await orchestrator.up()
    (tmp_path / "greeter").mkdir()  # this one deploys from its source folder
    (tmp_path / "greeter" / "app.py").write_text(textwrap.dedent(GREETER))
    file = tmp_path / "greetings.flow.yaml"
    file.write_text(GREETINGS_FLOW.replace("zip: ./build/greeter.zip", "source: ./greeter").replace(
        "steps:\n", SEED_DATA, 1) + SEED_STEPS)
    flow = read_flow(file, environ={})
    view = addresses(orchestrator.profile).host
    redis = aioredis.Redis(host=view.redis_host, port=view.redis_port)

    invoked: asyncio.Future[str] = asyncio.get_running_loop().create_future()

    async def set_late_value() -> None:  # the retrying step sees it only after a while
        key = await invoked
        await asyncio.sleep(1.5)
        await redis.set(f"late:{key}", "here")

    def on_step(step: StepResult) -> None:
        if step.name == "invoke directly" and not invoked.done():
            invoked.set_result(step.received["payload"]["key"] if step.ok else "")

    runner = FlowRunner(session, flow, on_step, environ={})
    try:
        report, _ = await asyncio.gather(runner.run(), set_late_value())
    finally:
        await redis.aclose()
    assert report.ok, [(s.name, s.detail, s.mismatches) for s in report.steps if not s.ok]
    by_name = {step.name: step for step in report.steps}
    invoked = by_name["invoke directly"]
    assert invoked.received["cold"] is True and "(cold)" in invoked.detail and "REPORT RequestId" in invoked.log
    assert by_name["the greeting is announced"].received["attributes"] == {"kind": "hello"}
    assert [name for name in by_name if name.startswith("seed Redis key")] == [
        "seed Redis key config:greeting", "seed Redis key visitors", "seed Redis key motto"]  # before the steps
    assert by_name["seed data, with its expiry"].ok
    assert by_name["a value that arrives late"].seconds >= 1.0  # it held only after retrying
    through_api = by_name["through API Gateway with a query"]
    assert through_api.sent["query"] == "name=Grace"
    assert "greeted Grace" in through_api.log and "greeted Ada" not in through_api.log  # its own run's lines


async def test_a_requests_log_waits_for_its_own_invocation_when_an_earlier_one_is_logged_first(
        orchestrator: EnvironmentService) -> None:
    """CI once read an invoke's lines for the request right after it: the invoke was inside the request's clock
    margin, its REPORT already there, the request's own lines not yet. Here the emulator's CloudWatch Logs get the
    earlier invocation, then the request's own half a second after the read began."""
    await orchestrator.up()
    endpoint, region = addresses(orchestrator.profile).host.emulator_url, orchestrator.profile.region
    logs = emulator_client("logs", endpoint, region)
    group, stream = "/aws/lambda/late-logger", "2026/12/07/[$LATEST]late"
    logs.create_log_group(logGroupName=group)
    logs.create_log_stream(logGroupName=group, logStreamName=stream)

    def put(request_id: str, said: str) -> None:
        now = int(time.time() * 1000)
        lines = [f"START RequestId: {request_id} Version: $LATEST", said, f"END RequestId: {request_id}",
                 f"REPORT RequestId: {request_id}\tDuration: 1.00 ms"]
        logs.put_log_events(logGroupName=group, logStreamName=stream,
                            logEvents=[{"timestamp": now, "message": line} for line in lines])

    since_ms = int(time.time() * 1000) - 1000
    put("earlier-1", "greeted Ada")
    earlier = logged_request_ids(endpoint, region, "late-logger", since_ms)
    assert earlier == {"earlier-1"}
    reading = asyncio.create_task(asyncio.to_thread(log_lines_since, endpoint, region, "late-logger", since_ms,
                                                    OWN_LOG_WAIT_S, earlier))
    await asyncio.sleep(1.5)  # later than an emulator that writes no START lines is waited for
    assert not reading.done()  # the earlier REPORT does not end the wait
    put("own-2", "greeted Grace")
    read = await reading
    assert "greeted Grace" in read and "greeted Ada" not in read and read.startswith("START RequestId: own-2")

    logs.create_log_group(logGroupName="/aws/lambda/unmarked")  # an emulator that marks no invocation
    logs.create_log_stream(logGroupName="/aws/lambda/unmarked", logStreamName=stream)
    logs.put_log_events(logGroupName="/aws/lambda/unmarked", logStreamName=stream, logEvents=[
        {"timestamp": int(time.time() * 1000), "message": "greeted Lin"}])
    started = time.monotonic()
    unmarked = await asyncio.to_thread(log_lines_since, endpoint, region, "unmarked", since_ms, OWN_LOG_WAIT_S)
    assert unmarked == "greeted Lin" and time.monotonic() - started < OWN_LOG_WAIT_S - 0.5  # not the whole wait


def test_the_cli_runs_flow_files_with_exit_codes_timeline_and_reports(cli_profile: str,
                                                                      tmp_path: Path) -> None:
    _greeter_zip(tmp_path)
    good = tmp_path / "greetings.flow.yaml"
    good.write_text(GREETINGS_FLOW.split("  - publish:")[0])
    failing = tmp_path / "failing.flow.yaml"
    failing.write_text(GREETINGS_FLOW.split("  - name: the greeting")[0].replace("hello Ada}", "hi Ada}"))
    invalid = tmp_path / "invalid.flow.yaml"
    invalid.write_text(GREETINGS_FLOW.replace("expect: {value: Ada}", "expect: {valeu: Ada}"))

    checked = lambdadesk("--profile", cli_profile, "flow", "check", str(good), str(invalid))
    assert checked.returncode == 2 and f"{invalid}:19:" in checked.stderr and "did you mean 'value'" in checked.stderr

    junit = tmp_path / "reports" / "junit.xml"
    (tmp_path / "reports").mkdir()
    passed = lambdadesk("--profile", cli_profile, "flow", "run", str(good), "--junit", str(junit))
    assert passed.returncode == 0, passed.stderr
    assert "greetings: PASS" in passed.stdout and "ok " in passed.stderr and "one field of the hash" in passed.stderr
    suite = ElementTree.parse(junit).getroot().find("testsuite")
    assert suite is not None and suite.get("failures") == "0" and len(suite.findall("testcase")) == 9

    failed = lambdadesk("--profile", cli_profile, "flow", "run", str(failing), "--junit", str(junit))
    assert failed.returncode == 1
    assert "FAIL" in failed.stderr and 'expected: "hi Ada"' in failed.stderr
    assert 'got:      "hello Ada"' in failed.stderr
    failure = ElementTree.parse(junit).getroot().find("testsuite/testcase/failure")
    assert failure is not None and 'expected: "hi Ada"' in (failure.text or "")

    refused = lambdadesk("--profile", cli_profile, "flow", "run", str(invalid))
    assert refused.returncode == 2 and "valeu" in refused.stderr and "ok " not in refused.stderr


def test_an_exported_pytest_module_runs_the_flow_on_the_profiles_environment(cli_profile: str,
                                                                             tmp_path: Path) -> None:
    _greeter_zip(tmp_path)
    (tmp_path / "greetings.flow.yaml").write_text(GREETINGS_FLOW.split("  - publish:")[0])
    (tmp_path / "wrong.flow.yaml").write_text(GREETINGS_FLOW.split("  - name: the greeting")[0].replace(
        "hello Ada}", "hi Ada}").replace("name: greetings", "name: wrong greeting"))
    for name in ("greetings", "wrong"):
        exported = lambdadesk("flow", "export", str(tmp_path / f"{name}.flow.yaml"), "--to", "pytest",
                              "-o", str(tmp_path / "tests" / f"test_{name}.py"))
        assert exported.returncode == 0, exported.stderr

    def pytest_run(module: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", module,
                               "--lambdadesk-profile", cli_profile], cwd=tmp_path, capture_output=True, text=True,
                              timeout=600, check=False)

    passed = pytest_run("tests/test_greetings.py")
    assert passed.returncode == 0 and "1 passed" in passed.stdout, passed.stdout + passed.stderr
    failed = pytest_run("tests/test_wrong.py")
    assert failed.returncode == 1 and "step 'invoke directly' failed" in failed.stdout, failed.stdout
    assert 'payload.greeting: expected "hi Ada", got "hello Ada"' in failed.stdout
