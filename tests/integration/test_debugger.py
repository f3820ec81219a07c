"""Breakpoints in a Lambda on the real engine: `deploy --debug` in one shell, the test as the editor's debugger
(a Debug Adapter Protocol client over TCP), a request through API Gateway that stops at a line of the handler."""

from __future__ import annotations

import json
import signal
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.integration.cli_run import Running, lambdadesk
from tests.integration.dap_client import DapClient
from tests.integration.test_hot_reload import get

PORT = 25678
HANDLER = """import json
def lambda_handler(event, context):
    greeting = "hello " + (event.get("queryStringParameters") or {}).get("name", "nobody")
    return {"statusCode": 200, "body": json.dumps({"greeting": greeting})}
"""


def debug(cli_profile: str, source: Path, wait_s: int) -> Running:
    running = Running("--profile", cli_profile, "deploy", str(source), "--name", "dbg", "--runtime", "python3.12",
                      "--debug", "--debug-port", str(PORT), "--debug-wait", str(wait_s))
    running.wait_for(f"waits for a debugger on 127.0.0.1:{PORT}")
    return running


@pytest.mark.proves("debugger (breakpoints)")
@pytest.mark.every_topology
def test_a_debugger_stops_at_a_line_reads_a_variable_and_the_function_is_put_back(cli_profile: str,
                                                                                  tmp_path: Path) -> None:
    source = tmp_path / "src"
    source.mkdir()
    handler = source / "lambda_function.py"
    handler.write_text(HANDLER)
    assert lambdadesk("--profile", cli_profile, "up").returncode == 0
    session = debug(cli_profile, source, wait_s=60)
    url = json.loads(lambdadesk("--json", "--profile", cli_profile, "api", "wire", "dbg").stdout)["url"] + "hi"
    with ThreadPoolExecutor(1) as pool:
        answer = pool.submit(get, url + "?name=Ada")  # the function waits for the debugger
        dap = DapClient("127.0.0.1", PORT, timeout_s=60)  # the port opens once the function's environment is up
        try:
            dap.request("initialize", adapterID="python", clientID="lambdadesk-tests", linesStartAt1=True,
                        columnsStartAt1=True, pathFormat="path")
            attached = dap.send("attach", justMyCode=False,
                                pathMappings=[{"localRoot": str(source), "remoteRoot": "/var/task"}])
            dap.event("initialized")
            breakpoints = dap.request("setBreakpoints", source={"path": str(handler)}, breakpoints=[{"line": 4}])
            assert breakpoints["breakpoints"][0]["line"] == 4
            dap.request("configurationDone")
            assert attached.get(timeout=30)["success"]
            stopped = dap.event("stopped")
            frame = dap.request("stackTrace", threadId=stopped["threadId"])["stackFrames"][0]
            assert (frame["source"]["path"], frame["line"]) == (str(handler), 4)
            scope = dap.request("scopes", frameId=frame["id"])["scopes"][0]
            variables = dap.request("variables", variablesReference=scope["variablesReference"])["variables"]
            assert {v["name"]: v["value"] for v in variables}["greeting"] == "'hello Ada'"
            assert not answer.done()  # held at the breakpoint
            dap.request("continue", threadId=stopped["threadId"])
            assert answer.result(timeout=60) == (200, json.dumps({"greeting": "hello Ada"}))
        finally:
            dap.close()
    session.process.send_signal(signal.SIGTERM)
    session.wait_for("dbg is back to normal (handler lambda_function.lambda_handler, timeout 30 s)")
    assert session.finish() == 0
    assert get(url + "?name=Bo") == (200, json.dumps({"greeting": "hello Bo"}))  # no wait now

    session = debug(cli_profile, source, wait_s=3)  # nobody attaches this time
    status, _body = get(url + "?name=Cy")
    assert status == 502
    session.wait_for("No debugger attached: to 127.0.0.1:25678 within 3 s. The request failed; dbg is put back.")
    session.wait_for("dbg is back to normal")
    assert session.finish() == 0  # it ends by itself once the function is back
    assert get(url + "?name=Di") == (200, json.dumps({"greeting": "hello Di"}))
