"""What is particular to Podman, on its Docker-compatible API (the Podman run of testbed/podman-tests.sh; skipped on
Docker). The seed flow, the CLI's status and the rest marked every_engine run there as on Docker."""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from lambdadesk.adapters.docker.docker_connection import DockerConnection, connect
from lambdadesk.core.errors import LambdadeskError
from lambdadesk.core.profile import Profile
from lambdadesk.environment.service import EnvironmentService
from tests.engine import remove_everything, shipped_profile_data

pytestmark = [pytest.mark.every_engine, pytest.mark.skipif(
    os.environ.get("LAMBDADESK_TEST_ENGINE") != "podman", reason="Podman only (testbed/podman-tests.sh)")]


@pytest.fixture
def podman_without_catatonit(tmp_path: Path) -> Iterator[DockerConnection]:
    """A second Podman service on the test bed's storage, started in a mount namespace of its own where Podman's
    init binary is not there (an empty tmpfs over /usr/libexec/podman): as on a machine without catatonit."""
    state, socket, log = os.environ["PODMAN_STATE"], tmp_path / "podman.sock", tmp_path / "podman.log"
    with log.open("wb") as errors:  # the child keeps its own copy of the descriptor
        service = subprocess.Popen(
            ["unshare", "--mount", "--propagation", "private", "sh", "-c",
             'mount -t tmpfs none /usr/libexec/podman && exec podman --root "$0/root" --runroot "$0/run" '
             'system service --time=0 "unix://$1"', state, str(socket)],
            env={**os.environ, "CONTAINERS_CONF": f"{state}/containers.conf"}, stderr=errors)
    try:
        deadline = time.monotonic() + 30
        while not socket.exists():
            assert service.poll() is None and time.monotonic() < deadline, log.read_text()
            time.sleep(0.1)
        connection = connect(f"unix://{socket}")
        yield connection
        connection.close()
    finally:
        service.terminate()
        service.wait(timeout=30)


async def test_without_catatonit_starting_says_what_to_install(podman_without_catatonit: DockerConnection) -> None:
    profile = Profile.from_dict(shipped_profile_data(name="itestnoinit"))
    environment = EnvironmentService(profile, podman_without_catatonit, None, lambda _event: None)
    try:
        with pytest.raises(LambdadeskError) as raised:
            await environment.up()
        assert raised.value.message.startswith("Podman cannot create the ")
        assert raised.value.message.endswith(" container: its init binary, catatonit, is not installed.")
        assert raised.value.next_step == ("Install catatonit (Debian, Ubuntu: sudo apt install catatonit; Fedora: "
                                          "sudo dnf install catatonit), then start the environment again.")
    finally:
        await environment.down(remove_volumes=True)
        await remove_everything(podman_without_catatonit.client, profile.name)
