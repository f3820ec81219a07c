"""Deploys and invokes a tiny real Lambda, so tests can make the emulator start Lambda containers."""

from __future__ import annotations

import io
import json
import time
import zipfile
from typing import Any

from lambdadesk.adapters.aws.aws_clients import emulator_client

HANDLER_SOURCE = '''
def handler(event, context):
    print("probe invoked with", event)
    return {"echo": event}
'''


def probe_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("probe.py", HANDLER_SOURCE)
    return buffer.getvalue()


def invoke_probe(endpoint: str, runtime: str = "python3.12", name: str = "probe") -> dict[str, Any]:
    """Create the function (if needed), wait until Active, invoke it and return its decoded result."""
    client = emulator_client("lambda", endpoint, "us-east-1", read_timeout_s=120)
    try:
        client.get_function(FunctionName=name)
    except client.exceptions.ResourceNotFoundException:
        client.create_function(FunctionName=name, Runtime=runtime, Role="arn:aws:iam::000000000000:role/probe",
                               Handler="probe.handler", Code={"ZipFile": probe_zip()}, Timeout=30)
    deadline = time.monotonic() + 60
    while client.get_function(FunctionName=name)["Configuration"]["State"] == "Pending":
        assert time.monotonic() < deadline, "function stayed Pending"
        time.sleep(0.2)
    response = client.invoke(FunctionName=name, Payload=json.dumps({"probe": runtime}).encode())
    result: dict[str, Any] = json.loads(response["Payload"].read())
    assert "FunctionError" not in response, result
    return result
