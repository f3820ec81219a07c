"""Bad input through the services the window and the CLI use, against the running environment: each gets its own
message, nothing is deployed or recorded for it, and the environment keeps working."""

from __future__ import annotations

import io
import zipfile
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from lambdadesk.adapters.docker.docker_connection import DockerConnection
from lambdadesk.adapters.store.desired_state_store import DesiredStateStore
from lambdadesk.adapters.store.request_store import RequestStore
from lambdadesk.core.errors import LambdadeskError
from lambdadesk.core.function_spec import FunctionSpec
from lambdadesk.core.http_request import RequestSpec, parse_header_lines
from lambdadesk.core.profile import Profile
from lambdadesk.session import Session
from tests.reliability.conftest import Tried

HANDLER = "def handle(event, context):\n    return {'statusCode': 200, 'body': event.get('body') or ''}\n"


def zipped(files: dict[str, bytes | str], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def bomb() -> bytes:
    """300 MB of zeros in a few hundred KB."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("app.py", HANDLER)
        with archive.open("padding.bin", "w", force_zip64=True) as member:
            for _ in range(300):
                member.write(bytes(2**20))
    return buffer.getvalue()


GOOD = zipped({"app.py": HANDLER})
BAD_ZIPS = [
    ("an empty file", b"", "python3.12", "app.handle", "is empty"),
    ("a file that is not a zip", b"PK not really a zip", "python3.12", "app.handle", "is not a zip archive"),
    ("a truncated zip", GOOD[: len(GOOD) // 2], "python3.12", "app.handle", "not a zip archive|corrupt"),
    ("a zip bomb (300 MB of zeros, deflated)", None, "python3.12", "app.handle", "unzips to 300 MB"),
    ("a zip without the handler's file", zipped({"other.py": HANDLER}), "python3.12", "app.handle",
     r"needs app\.py"),
    ("a handler naming a function the file lacks", GOOD, "python3.12", "app.missing", "no top-level function"),
    ("a handler not of the form file.function", GOOD, "python3.12", "handle", "not of the form"),
    ("a runtime that does not exist", GOOD, "python2.7", "app.handle", "not a Lambda runtime"),
    ("provided.al2023 without bootstrap", GOOD, "provided.al2023", "app.handle", "no 'bootstrap'"),
]


@pytest.fixture
async def workbench(running: Profile, docker_connection: DockerConnection,
                    tmp_path: Path) -> AsyncIterator[Session]:
    bench = Session(running, docker_connection, requests=RequestStore(tmp_path / "requests"))
    yield bench
    await bench.close()


@pytest.mark.parametrize(("what", "code", "runtime", "handler", "says"), BAD_ZIPS, ids=[z[0] for z in BAD_ZIPS])
async def test_a_bad_zip_is_refused_with_its_own_message(workbench: Session, tried: Tried, what: str,
                                                         code: bytes | None, runtime: str, handler: str,
                                                         says: str) -> None:
    tried("bad input", f"deploy {what}: specific message, nothing deployed or recorded")
    spec = FunctionSpec("rel-bad", runtime, handler, bomb() if code is None else code)
    with pytest.raises(LambdadeskError, match=says):
        await workbench.deploy(spec, wire=True)
    assert "rel-bad" not in [f.name for f in await workbench.functions()]
    assert "rel-bad" not in DesiredStateStore(workbench.profile.name).load().functions


async def test_after_bad_input_a_good_deploy_and_request_still_work(workbench: Session, tried: Tried) -> None:
    tried("bad input", "malformed header lines, a header value with a line break, an unknown method, invalid JSON "
                       "marked as JSON: specific message, nothing sent or kept in the history")
    for text, line in (("Accept: */*\nno colon here", 2), (": empty name", 1), ("Bad Name: x", 1)):
        with pytest.raises(LambdadeskError, match=f"Header line {line} "):
            parse_header_lines(text)
    await workbench.deploy(FunctionSpec("rel-good", "python3.12", "app.handle", GOOD), wire=True)
    bad_requests = [
        (RequestSpec("POST", "/", body="{nope", body_is_json=True, api="rel-good"), "not valid JSON"),
        (RequestSpec("BREW", "/", api="rel-good"), "not an HTTP method"),
        (RequestSpec("GET", "/", headers=(("X-Split", "a\r\nInjected: yes"),), api="rel-good"), "line break"),
        (RequestSpec("GET", "/", headers=(("Bad Name", "x"),), api="rel-good"), "cannot name a header"),
    ]
    for spec, says in bad_requests:
        with pytest.raises(LambdadeskError, match=says):
            await workbench.send(spec)
    assert workbench.requests.history() == []
    response = await workbench.send(RequestSpec("POST", "/ok", body='{"fine": true}', body_is_json=True,
                                                 api="rel-good"))
    assert response.status == 200 and response.body == '{"fine": true}'
    assert len(workbench.requests.history()) == 1
