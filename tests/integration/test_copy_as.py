"""Each "copy as" text, run as a program (curl, a Python script, the aws CLI, a boto3 script), gets the same answer
as the call lambdadesk made: through the emulator's API Gateway and its Lambda API."""

import asyncio
import io
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from lambdadesk.core.function_spec import FunctionSpec
from lambdadesk.core.http_request import RequestSpec
from lambdadesk.session import Session

ECHO = """import json
def handle(event, context):
    if "httpMethod" not in event:
        return {"echo": event}
    headers = {k.lower(): v for k, v in (event.get("headers") or {}).items()}
    seen = {"method": event["httpMethod"], "path": event["path"], "query": event.get("queryStringParameters"),
            "trace": headers.get("x-trace"), "body": event.get("body")}
    return {"statusCode": 201, "headers": {"Content-Type": "application/json"}, "body": json.dumps(seen)}
"""


def _echo_zip() -> bytes:
    code = io.BytesIO()
    with zipfile.ZipFile(code, "w") as archive:
        archive.writestr(zipfile.ZipInfo("app.py", date_time=(2026, 1, 1, 0, 0, 0)), ECHO)
    return code.getvalue()


async def _run(command: list[str], cwd: Path) -> str:
    done = await asyncio.to_thread(subprocess.run, command, cwd=cwd, capture_output=True, text=True, timeout=120,
                                   env={**os.environ, "AWS_PAGER": ""})
    assert done.returncode == 0, done.stderr
    return done.stdout


def _aws_cli() -> str:
    found = shutil.which("aws") or str(Path(".awscli/bin/aws").resolve())
    assert Path(found).exists(), "the test bed brings the aws CLI (testbed/prepare.sh)"
    return found


@pytest.mark.proves("copy as curl, Python, aws CLI, boto3")
async def test_each_copied_call_run_as_a_program_gets_the_same_answer(session: Session, tmp_path: Path) -> None:
    await session.up()
    await session.deploy(FunctionSpec("echo", "python3.12", "app.handle", _echo_zip()), wire=True)
    spec = RequestSpec("POST", "/orders/it's here", "a=1&b=x y", (("X-Trace", "t-1 $HOME"),),
                       '{"order": 1001, "note": "it\'s"}', body_is_json=True, api="echo")
    sent = await session.send(spec, history=False)
    assert sent.status == 201 and json.loads(sent.body)["trace"] == "t-1 $HOME"

    curl = await _run(["bash", "-c", await session.request_as(spec, "curl")], tmp_path)
    head, _, body = curl.replace("\r\n", "\n").partition("\n\n")
    assert head.split("\n", 1)[0].split()[1] == "201" and json.loads(body) == json.loads(sent.body)
    python = await _run([sys.executable, "-c", await session.request_as(spec, "python")], tmp_path)
    status, body = python.rstrip("\n").split("\n", 1)
    assert status == "201" and json.loads(body) == json.loads(sent.body)

    event = {"n": 2, "note": "it's $HOME"}
    invoked = await session.invoke("echo", event)
    assert json.loads(invoked.payload) == {"echo": event}
    aws_text = session.invoke_as("echo", event, "aws").replace(" aws ", f" {_aws_cli()} ", 1)
    aws = await _run(["bash", "-c", aws_text], tmp_path)
    assert aws.rstrip().endswith(invoked.payload.strip()) and '"StatusCode": 200' in aws
    boto3 = await _run([sys.executable, "-c", session.invoke_as("echo", event, "boto3")], tmp_path)
    assert boto3.split("\n")[:2] == ["200 ", invoked.payload.strip()]

    kept = await session.invocation("last")  # a kept invocation copies as its own kind of call
    assert await session.invocation_as(kept.id, "boto3") == session.invoke_as("echo", event, "boto3")
