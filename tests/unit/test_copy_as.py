"""Each "copy as" text, run as a program, sends what the original sent: against an HTTP server of the test's own on
127.0.0.1 (the engine test runs them through API Gateway and the emulator's Lambda API)."""

import http.server
import json
import shlex
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import ClassVar

import pytest

from lambdadesk.core.copy_as import invoke_as, request_as
from lambdadesk.core.http_request import RequestSpec

TRICKY = RequestSpec("post", "/orders/a b", "x=1&y=it's", (("X-Note", "it's \"quoted\" $HOME `id`"),),
                     '{"order": 1001, "note": "l\\u00e9 $PATH"}', body_is_json=True)


class Recorder(http.server.BaseHTTPRequestHandler):
    seen: ClassVar[list[tuple[str, str, dict[str, str], bytes]]] = []

    def _answer(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        Recorder.seen.append((self.command, self.path, dict(self.headers), body))
        self.send_response(503 if self.path.endswith("/down") else 201)
        self.send_header("Content-Length", str(len(b"made:" + body)))
        self.end_headers()
        self.wfile.write(b"made:" + body)

    do_POST = do_GET = _answer  # noqa: N815 - http.server's names

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    Recorder.seen = []
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/dev/"
    httpd.shutdown()
    httpd.server_close()


def test_curl_sends_the_same_method_path_headers_and_body(server: str) -> None:
    if shutil.which("curl") is None:
        pytest.skip("curl is not installed")
    text = request_as("curl", server, TRICKY)
    output = subprocess.run(["bash", "-c", text], capture_output=True, text=True, timeout=30, check=True,
                            stdin=subprocess.DEVNULL).stdout
    method, path, headers, body = Recorder.seen[0]
    assert (method, path) == ("POST", "/dev/orders/a%20b?x=1&y=it's")
    assert headers["X-Note"] == "it's \"quoted\" $HOME `id`" and headers["Content-Type"] == "application/json"
    assert body == TRICKY.body.encode() and "HTTP/1.0 201" in output and output.endswith("made:" + TRICKY.body)
    assert shlex.split(text)[:5] == ["curl", "-sS", "-i", "-X", "POST"]


def test_the_python_script_sends_the_same_and_prints_status_and_body(server: str) -> None:
    plain = RequestSpec("GET", "/hello", headers=(("Accept", "text/plain"),))
    for spec in (TRICKY, plain):
        Recorder.seen = []
        text = request_as("python", server, spec)
        output = subprocess.run([sys.executable, "-c", text], capture_output=True, text=True, timeout=30,
                                check=True, stdin=subprocess.DEVNULL).stdout
        method, path, headers, body = Recorder.seen[0]
        assert method == spec.method.upper() and body == spec.body.encode()
        assert path == ("/dev/orders/a%20b?x=1&y=it's" if spec is TRICKY else "/dev/hello")
        assert output == f"201\nmade:{spec.body}\n"
    assert headers["Accept"] == "text/plain"


def test_invokes_copy_as_the_aws_cli_and_boto3_with_the_event_intact() -> None:
    event = {"n": 1, "quote": "it's $HOME"}
    aws = invoke_as("aws", "http://127.0.0.1:4566", "eu-west-1", "seed", event)
    written, call, shown = aws.split(" && ")
    assert call.startswith("AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test aws --endpoint-url") and \
        shown == "cat response.json"
    words = shlex.split(call)
    assert words[words.index("--payload") + 1] == "fileb://event.json"
    assert words[words.index("--function-name") + 1] == "seed" and words[words.index("--region") + 1] == "eu-west-1"
    with TemporaryDirectory() as folder:  # the event file the command writes first holds the event, byte for byte
        # nothing to read: a command that would wait for input fails at once
        subprocess.run(["bash", "-c", written], cwd=folder, check=True, stdin=subprocess.DEVNULL, timeout=30)
        assert json.loads(Path(folder, "event.json").read_text()) == event
    script = invoke_as("boto3", "http://127.0.0.1:4566", "eu-west-1", "seed", event)
    compile(script, "copied.py", "exec")
    assert "Payload=" + repr(json.dumps(event).encode()) in script and "FunctionName='seed'" in script
    with pytest.raises(ValueError, match="one of aws, boto3"):
        invoke_as("curl", "http://127.0.0.1:4566", "eu-west-1", "seed", event)
    with pytest.raises(ValueError, match="one of curl, python"):
        request_as("aws", "http://127.0.0.1:4566/dev", TRICKY)


def test_the_python_script_prints_an_error_status_and_body_too(server: str) -> None:
    text = request_as("python", server, RequestSpec("GET", "/down"))
    output = subprocess.run([sys.executable, "-c", text], capture_output=True, text=True, timeout=30, check=True,
                            stdin=subprocess.DEVNULL).stdout
    assert output == "503\nmade:\n"


def test_the_aws_cli_invoke_in_full() -> None:
    aws = invoke_as("aws", "http://127.0.0.1:4566", "eu-west-1", "seed", {"n": 1})
    assert aws == ("printf '%s' '{\"n\": 1}' > event.json && AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test aws "
                   "--endpoint-url http://127.0.0.1:4566 --region eu-west-1 lambda invoke --function-name seed "
                   "--payload fileb://event.json response.json && cat response.json")
