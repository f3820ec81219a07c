"""Each event template, invoked on the real emulator: it reaches the function as it was made (an echo function
gives it back), the seed function takes every one without a client error, and a proxy event's request id and
body are what the seed function stores in Redis. A template is filled in with the stage of the function's API."""

import io
import json
import zipfile

import pytest

from lambdadesk.core.event_templates import TEMPLATES
from lambdadesk.core.function_spec import FunctionSpec
from lambdadesk.deploy.sample_lambda import seed_zip
from lambdadesk.session import Session

ECHO = "def handle(event, context):\n    return event\n"


def _echo_zip() -> bytes:
    code = io.BytesIO()
    with zipfile.ZipFile(code, "w") as archive:
        archive.writestr(zipfile.ZipInfo("app.py", date_time=(2026, 1, 1, 0, 0, 0)), ECHO)
    return code.getvalue()


@pytest.mark.proves("event templates for invoke")
async def test_every_template_reaches_the_function_intact_and_the_seed_function_takes_each(session: Session) -> None:
    await session.up()
    await session.capture.create_topic("lambdadesk-seed")  # the seed function publishes to the one topic
    await session.deploy(FunctionSpec("echo", "python3.12", "app.handle", _echo_zip()))
    await session.wire("echo", "echo-api", "prod")
    await session.deploy(FunctionSpec("seed", "python3.12", "lambda_function.lambda_handler", seed_zip()))

    for name in TEMPLATES:
        event = await session.event_template(name, "echo")
        echoed = await session.invoke("echo", event)
        assert echoed.status == 200 and echoed.function_error is None, (name, echoed.payload)
        assert json.loads(echoed.payload) == event, name

        seeded = await session.invoke("seed", await session.event_template(name, "seed"))
        assert seeded.status == 200 and seeded.function_error is None, (name, seeded.payload, seeded.log_tail)
        expected = 200 if name.startswith("apigateway") else 400  # only a proxy event has a body to store
        assert json.loads(seeded.payload)["statusCode"] == expected, (name, seeded.payload)

    proxied = await session.event_template("apigateway-v1", "echo")
    assert proxied["requestContext"]["stage"] == "prod"  # the stage of the API wired to echo
    assert (await session.event_template("apigateway-v2", "seed"))["requestContext"]["stage"] == "dev"  # none wired
    seeded = await session.invoke("seed", proxied)
    stored = await session.redis.read(proxied["requestContext"]["requestId"])
    assert stored is not None and json.loads(stored.text) == json.loads(proxied["body"]), seeded.payload
