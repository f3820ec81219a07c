"""The window and the CLI are two faces of one implementation: what they show for the same input is the same."""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import subprocess
from pathlib import Path

import pytest

from lambdadesk.adapters.store import profile_store
from lambdadesk.adapters.store.request_store import RequestStore
from lambdadesk.cli import capture as capture_command
from lambdadesk.cli.context import Context
from lambdadesk.cli.main import main as cli_main
from lambdadesk.cli.output import Printer
from lambdadesk.core.events import EventSink
from lambdadesk.core.profile import EmulatorKind, Profile
from lambdadesk.core.topology import shell_environment
from lambdadesk.ui.capture.view_model import CapturedMessage, CaptureViewModel
from lambdadesk.ui.deploy.view_model import DeployForm
from lambdadesk.ui.environment.view_model import EnvironmentViewModel
from lambdadesk.ui.view_models import ViewModels
from tests.ui.conftest import FakeEnvironment, Runner, until
from tests.ui.fake_session import FakeServices, FakeSession


async def _no_session(profile: Profile, on_event: EventSink) -> FakeEnvironment:
    return FakeEnvironment(on_event, profile=profile)


def test_copy_env_copies_exactly_what_lambdadesk_env_prints_and_sh_reads_it_back(
        capsys: pytest.CaptureFixture[str]) -> None:
    profile = Profile(name="copyenv", emulator_port=4999, redis_port=6999, region="eu west 'x' $HOME")
    profile_store.save_profile(profile)
    assert cli_main(["--profile", "copyenv", "env"]) == 0
    printed = capsys.readouterr().out.removesuffix("\n")
    copied = EnvironmentViewModel(profile, _no_session).shell_exports()
    assert copied == printed
    values = shell_environment(profile)
    script = copied + "\n" + "".join(f'printf "%s\\0" "${name}"\n' for name in values)
    result = subprocess.run(["sh", "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.split("\0")[:-1] == list(values.values())


def test_the_window_saves_a_debug_change_through_the_session_and_uses_the_saved_profile(run: Runner) -> None:
    """The session saves the profile (tests/integration/test_logs_and_debug.py proves it on the engine); the window
    takes the profile the session now has, so the next start asks for the same DEBUG."""
    made: list[FakeEnvironment] = []

    async def factory(profile: Profile, on_event: EventSink) -> FakeEnvironment:
        made.append(FakeEnvironment(on_event, profile=profile))
        return made[-1]

    model = EnvironmentViewModel(Profile(name="dbg"), factory)
    run(model.set_debug(True))
    assert made[-1].calls == ["set_debug(True)"] and model.profile.debug is True


def test_after_the_profile_is_edited_every_tab_works_on_a_session_of_the_new_profile(tmp_path: Path,
                                                                                    run: Runner) -> None:
    services = FakeServices(tmp_path)
    view_models = ViewModels.build(Profile(name="edited"), services)

    async def scenario() -> None:
        await view_models.deploy.refresh()
        first = services.environments[-1]
        assert first.profile.emulator is EmulatorKind.LOCALSTACK
        await view_models.profile.set_emulator(EmulatorKind.MOTO)
        assert first.closed, "the old profile's session (capture endpoint, Redis client) is closed"
        zip_path = tmp_path / "fn.zip"
        zip_path.write_bytes(_zip())
        assert await view_models.deploy.deploy(DeployForm(str(zip_path), "fn", handler="app.handle"))
        assert services.environments[-1] is not first
        assert services.environments[-1].profile.emulator is EmulatorKind.MOTO
        assert profile_store.load_profile("edited").emulator is EmulatorKind.MOTO

    run(scenario())


def test_the_cli_and_the_window_capture_pair_the_same_message_with_the_same_redis_value(tmp_path: Path,
                                                                                       run: Runner) -> None:
    window_session = FakeSession(RequestStore(tmp_path / "w"))
    cli_session = FakeSession(RequestStore(tmp_path / "c"))
    for session in (window_session, cli_session):
        session.redis.values["order:7"] = '{"qty": 2}'
    model = CaptureViewModel(window_session.get)
    shown: list[CapturedMessage] = []
    model.captured.connect(shown.append)
    out = io.StringIO()
    context = Context(argparse.Namespace(topics=["orders"], count=1), Printer(True, out=out, err=io.StringIO()))

    async def cli_session_source() -> FakeSession:
        return cli_session

    context.session = cli_session_source  # type: ignore[method-assign]

    async def scenario() -> None:
        await model.subscribe("orders")
        cli = asyncio.ensure_future(capture_command._capture(context))
        await until(lambda: cli_session.capture.topics == ["orders"])
        for session in (window_session, cli_session):
            session.capture.deliver("not a notification", kind="SubscriptionConfirmation")
            session.capture.deliver("order:7")
        assert await asyncio.wait_for(cli, 5) == 0
        await until(lambda: len(shown) == 1)

    run(scenario())
    printed = json.loads(out.getvalue())
    assert shown[0].message.message == printed["message"]["message"] == "order:7"
    assert shown[0].redis is not None and shown[0].redis.key == printed["redis"]["key"] == "order:7"
    assert shown[0].redis.text == printed["redis"]["text"] == '{"qty": 2}'


def _zip() -> bytes:
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("app.py", "def handle(event, context):\n    return 1\n")
    return buffer.getvalue()
