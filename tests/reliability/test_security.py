"""Security promises on the real engine: the capture endpoint listens only where the topology needs it, the
LocalStack auth token reaches the emulator's environment and nothing else lambdadesk writes or shows, and no
container runs privileged unless the user chose it."""

from __future__ import annotations

import asyncio
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import psutil
import pytest
import qasync
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QPlainTextEdit, QTableWidget, QTextEdit

from lambdadesk.adapters.docker import owned_objects
from lambdadesk.adapters.docker.docker_connection import DockerConnection
from lambdadesk.capture.capture_session import CaptureSession
from lambdadesk.capture.sns_capture import SnsCaptureServer
from lambdadesk.core.engine import EngineReach
from lambdadesk.core.errors import LambdadeskError
from lambdadesk.core.profile import DindSecurity, Profile
from lambdadesk.environment.container_specs import build_specs
from lambdadesk.environment.service import EnvironmentService
from lambdadesk.logs.log_hub import profile_log_hub
from lambdadesk.ui.main_window import MainWindow
from lambdadesk.ui.view_models import ViewModels
from tests.engine import IMAGE_PREFIX
from tests.reliability.conftest import Tried
from tests.ui.fake_session import FakeServices
from tests.unit.test_container_specs import CERTS

TOKEN = "ls-RELIABILITY-SECRET-4711"


async def test_the_capture_endpoint_listens_on_loopback_only(running: Profile, docker_connection: DockerConnection,
                                                            tried: Tried) -> None:
    tried("security", "capture endpoint (host topology): listens on 127.0.0.1 only, nothing of lambdadesk on "
                      "0.0.0.0 or ::; binding to all addresses is refused")
    session = CaptureSession(running, lambda: docker_connection.client)
    try:
        await session.subscribe("rel-security")
        port = int(session.url.rsplit(":", 1)[1].split("/")[0])
        listening = [c.laddr for c in psutil.Process().net_connections(kind="inet") if c.status == psutil.CONN_LISTEN]
        assert [a.ip for a in listening if a.port == port] == ["127.0.0.1"]
        assert not [a for a in listening if a.ip in ("0.0.0.0", "::")]
    finally:
        await session.close()

    async def confirm(_: object) -> None:
        return None

    for everywhere in ("0.0.0.0", "::", ""):
        with pytest.raises(ValueError, match="never to all"):
            SnsCaptureServer(everywhere, confirm=confirm)


def test_the_token_reaches_the_emulator_and_nothing_else(tmp_path: Path, docker_connection: DockerConnection,
                                                         running: Profile, tried: Tried) -> None:
    tried("security", "auth token set: absent from every CLI output (up, status, env, profile, logs, state), "
                      "every file lambdadesk wrote, container names and labels; present only in the emulator's env")
    # the stand-in image under LocalStack's own name: the token goes only to localstack/localstack images
    docker_connection.client.images.get(running.emulator_image).tag("localstack/localstack", "lambdadesk-test")
    profile_file = tmp_path / "rsec.json"
    profile_file.write_text(json.dumps({**running.to_dict(), "name": "rsec", "emulator_port": 27566,
                                        "redis_port": 27379,  # below the ephemeral range (32768+)
                                        "emulator_image": "localstack/localstack:lambdadesk-test"}))
    env = {**os.environ, "LOCALSTACK_AUTH_TOKEN": TOKEN}

    def cli(*args: str) -> str:
        done = subprocess.run([sys.executable, "-m", "lambdadesk", "--profile", str(profile_file), *args],
                              capture_output=True, text=True, env=env, timeout=300)
        assert done.returncode in (0, 4), done.stderr
        return done.stdout + done.stderr

    try:
        outputs = [cli("up"), cli("--json", "status"), cli("env"), cli("profile", "show"),
                   cli("logs", "all", "--tail", "all"), cli("state", "show")]
        assert all(TOKEN not in text for text in outputs)
        written = [p for p in tmp_path.rglob("*") if p.is_file()]
        assert written and not [p for p in written if TOKEN.encode() in p.read_bytes()]
        client = docker_connection.client
        holders = []
        for container in owned_objects.containers(client, "rsec"):
            attrs = container.attrs
            assert TOKEN not in container.name and TOKEN not in json.dumps(attrs["Config"]["Labels"])
            if any(TOKEN in variable for variable in attrs["Config"]["Env"] or []):
                holders.append(container.labels["lambdadesk.service"])
        assert holders == ["emulator"]
    finally:
        cli("down")
        docker_connection.client.images.remove("localstack/localstack:lambdadesk-test")  # the tag only


async def test_a_container_printing_the_token_is_shown_masked(docker_connection: DockerConnection,
                                                              running: Profile, tried: Tried,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    tried("security", "a container that prints the auth token: the log service (Logs tab, CLI logs) shows it masked")
    monkeypatch.setenv("LOCALSTACK_AUTH_TOKEN", TOKEN)
    client = docker_connection.client
    container = client.containers.run(f"{IMAGE_PREFIX}/busybox:latest", ["sh", "-c", f"echo token={TOKEN}; sleep 30"],
                                      name="lambdadesk-rtest-printer", detach=True, network_mode="none",
                                      labels={"lambdadesk.managed": "true", "lambdadesk.profile": running.name,
                                              "lambdadesk.service": "redis"})
    hub = await profile_log_hub(running, client, "redis", follow=False, tail="all")
    try:
        await hub.start()
        lines = [line.text async for line in hub.lines()]
    finally:
        hub.close()
        await asyncio.to_thread(container.remove, force=True)
    assert "token=********" in lines and not [line for line in lines if TOKEN in line]


def test_no_container_is_privileged_unless_the_user_chose_it(running: Profile, docker_connection: DockerConnection,
                                                             tried: Tried) -> None:
    tried("security", "no running lambdadesk container is privileged; dind gets privileged only with "
                      "dind_security=privileged, else an explicit capability set")
    for container in owned_objects.containers(docker_connection.client, running.name):
        assert container.attrs["HostConfig"]["Privileged"] is False, container.name
    chosen = {security: next(s for s in build_specs(running.replace(dind=True, dind_security=security), "img",
                                                       EngineReach(), dind_tls=CERTS)
                             if s.service == "dind") for security in DindSecurity}
    assert chosen[DindSecurity.PRIVILEGED].privileged
    assert not chosen[DindSecurity.CAPABILITIES].privileged and chosen[DindSecurity.CAPABILITIES].cap_add


def test_the_window_never_shows_a_stored_token(qapp: QApplication, qt_loop: qasync.QEventLoop, tmp_path: Path,
                                               tried: Tried, monkeypatch: pytest.MonkeyPatch) -> None:
    tried("security", "the window (what a screenshot shows), token set: the token field is masked while typed; no "
                      "label, tooltip, table, view or field holds the token")
    monkeypatch.setenv("LOCALSTACK_AUTH_TOKEN", TOKEN)
    loop = qt_loop  # the window's slots are async: they need the app's kind of loop
    qapp.setQuitOnLastWindowClosed(False)  # as the app does; else closing the window quits the next test's loop
    window = MainWindow(ViewModels.build(Profile(name="rshot"), FakeServices(tmp_path)))
    try:
        window.show()
        loop.run_until_complete(asyncio.sleep(0.3))  # the first refreshes settle, as after a start
        picker = window.environment_panel.picker
        assert picker.token.echoMode() is QLineEdit.EchoMode.Password
        picker.token.setText(TOKEN)
        assert TOKEN not in picker.token.displayText()
        texts: list[str] = []
        for widget in window.findChildren(QLabel):
            texts.append(widget.text() + widget.toolTip())
        for field in window.findChildren(QLineEdit):
            texts.append(field.displayText())
        for view in window.findChildren(QPlainTextEdit) + window.findChildren(QTextEdit):
            texts.append(view.toPlainText())
        for table in window.findChildren(QTableWidget):
            texts += [table.item(r, c).text() for r in range(table.rowCount()) for c in range(table.columnCount())
                      if table.item(r, c) is not None]
        assert texts and not [t for t in texts if TOKEN in t]
    finally:
        window.close()
        window.deleteLater()
        loop.run_until_complete(asyncio.sleep(0.05))
        qapp.setQuitOnLastWindowClosed(True)


async def test_the_token_appears_nowhere_when_a_container_that_prints_it_fails_to_start(
        docker_connection: DockerConnection, reliability_profile: Profile, tried: Tried) -> None:
    tried("security", "auth token set, an emulator image that prints its environment and exits: the start-failure "
                      "message (CLI, window, log) shows the last log lines with the token masked")
    client = docker_connection.client
    image = "localstack/localstack:lambdadesk-test-prints-token"  # the token goes only to LocalStack's images
    dockerfile = (f"FROM {IMAGE_PREFIX}/busybox:latest\n"
                  'CMD ["sh", "-c", "echo token=$LOCALSTACK_AUTH_TOKEN; exit 3"]\n').encode()
    await asyncio.to_thread(client.images.build, fileobj=io.BytesIO(dockerfile), tag=image, network_mode="none")
    profile = reliability_profile.replace(name="rtoken", emulator_image=image, emulator_port=24599,
                                          redis_port=26399)
    service = EnvironmentService(profile, docker_connection, TOKEN)
    try:
        with pytest.raises(LambdadeskError) as failed:
            await service.up()
        said = f"{failed.value.message}\n{failed.value.next_step}"
        assert "token=********" in said and TOKEN not in said
    finally:
        await service.down()
        await asyncio.to_thread(client.images.remove, image, force=True)
