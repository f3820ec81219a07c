"""MiniStack as the profile's emulator, on the test bed's stand-in image (MiniStack from PyPI): the seed flow, what
is said about its Python, the runtimes it would only pretend to run, and its own reset."""

import asyncio
import io
import zipfile

import pytest

from lambdadesk.core.emulator_runtimes import UnsupportedRuntimeError
from lambdadesk.core.events import Notice
from lambdadesk.core.function_spec import FunctionSpec
from lambdadesk.core.profile import Profile
from lambdadesk.flows.flow_result import StepResult
from lambdadesk.flows.sample_flows import run_seed_sample
from lambdadesk.logs.log_hub import profile_log_hub
from lambdadesk.session import Session
from lambdadesk.ui.logs.source_names import short_source
from tests.engine import IMAGE_PREFIX, EventLog, shipped_profile_data

MINISTACK_IMAGE = f"{IMAGE_PREFIX}/ministack:1.5.33"


@pytest.fixture
def testbed_profile() -> Profile:
    return Profile.from_dict(shipped_profile_data(name="itest-ministack", emulator="ministack",
                                                  emulator_image=MINISTACK_IMAGE, emulator_env={}))


@pytest.mark.proves("seed flow", emulator="MiniStack 1.5.33")
@pytest.mark.proves("fast reset", emulator="MiniStack 1.5.33")
@pytest.mark.every_topology
async def test_the_seed_flow_passes_on_ministack_and_its_reset_clears_it_in_place(session: Session,
                                                                                   events: EventLog) -> None:
    await session.up()
    seen: list[StepResult] = []
    report = await run_seed_sample(session, "python3.11", seen.append)

    assert report.ok, [(s.name, s.detail) for s in report.steps if not s.ok]
    posted, notified, stored = report.steps[3:]
    request_id = posted.received["json"]["requestId"]
    assert notified.received["message"] == request_id
    assert stored.received["json"] == {"hello": "lambdadesk", "order": 1001, "paid": True}
    assert "stored the body under" in posted.log  # its log lines, from CloudWatch Logs (no Lambda container)
    # the stand-in runs MiniStack on CPython 3.12: a python3.11 function is said to run on that, before the deploy
    said = [event.text for event in events if isinstance(event, Notice)]
    assert ("MiniStack runs lambdadesk-seed on its own Python 3.12, not on python3.11: code that depends on "
            "python3.11 may behave differently here than on AWS.") in said

    reset = await session.reset()
    assert reset.path == "fast" and reset.actions[0] == "MiniStack: state reset in place"
    assert await session.functions() == [] and await session.routes() == []


async def test_ministack_refuses_a_runtime_it_would_only_pretend_to_run(session: Session) -> None:
    await session.up()
    code = io.BytesIO()
    with zipfile.ZipFile(code, "w") as archive:
        archive.writestr("Handler.class", b"\xca\xfe\xba\xbe")
    with pytest.raises(UnsupportedRuntimeError, match=r"MiniStack cannot run orders \(java21\)"):
        await session.deploy(FunctionSpec("orders", "java21", "example.Handler::handleRequest", code.getvalue()))
    assert await session.functions() == []  # nothing was created


def _printing_zip() -> bytes:
    code = io.BytesIO()
    with zipfile.ZipFile(code, "w") as archive:
        archive.writestr("app.py", "def handle(event, context):\n    print('marker', event['n'])\n"
                                   "    return event['n']\n")
    return code.getvalue()


@pytest.mark.every_topology
@pytest.mark.proves("logs", emulator="MiniStack 1.5.33")
async def test_ministacks_function_logs_come_from_cloudwatch_logs_as_lambda_sources(session: Session) -> None:
    await session.up()
    await session.deploy(FunctionSpec("printer", "python3.12", "app.handle", _printing_zip()))
    await session.invoke("printer", {"n": 1})
    client = session.connection.client

    history = await profile_log_hub(session.profile, client, "lambda", follow=False, tail="all")
    await history.start()
    lines = [line async for line in history.lines()]
    history.close()
    assert any(line.text == "marker 1" for line in lines), [line.text for line in lines]
    assert all(short_source(line.source).startswith("λ printer ") for line in lines)
    assert all(line.timestamp.endswith("Z") for line in lines)

    followed = await profile_log_hub(session.profile, client, None, follow=True, tail=0)
    await followed.start()
    try:
        await session.invoke("printer", {"n": 2})
        async with asyncio.timeout(15):
            async for line in followed.lines():  # MiniStack prints the function's output in its own log too
                function_line = short_source(line.source).startswith("λ printer ")
                assert not (function_line and line.text == "marker 1"), "only what came after the start (tail 0)"
                if function_line and line.text == "marker 2":
                    break
    finally:
        await asyncio.to_thread(followed.close)
