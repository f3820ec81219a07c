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


def _podman_service(tmp_path: Path, change: str) -> Iterator[DockerConnection]:
    """A second Podman service on the test bed's storage, in a mount namespace of its own where the shell command
    `change` first hides something of Podman's (in the network namespace the tests run in)."""
    state, socket, log = os.environ["PODMAN_STATE"], tmp_path / "podman.sock", tmp_path / "podman.log"
    with log.open("wb") as errors:  # the child keeps its own copy of the descriptor
        service = subprocess.Popen(
            ["unshare", "--mount", "--propagation", "private", "sh", "-c",
             f'{change} && exec podman --root "$0/root" --runroot "$0/run" system service --time=0 "unix://$1"',
             state, str(socket)],
            env={**os.environ, "CONTAINERS_CONF": f"{state}/containers.conf", "HIDDEN": str(tmp_path / "hidden")},
            stderr=errors)
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


@pytest.fixture
def podman_without_catatonit(tmp_path: Path) -> Iterator[DockerConnection]:
    """As on a machine without catatonit: an empty tmpfs over /usr/libexec/podman, where Podman's init is."""
    yield from _podman_service(tmp_path, "mount -t tmpfs none /usr/libexec/podman")


@pytest.fixture
def podman_without_dns(tmp_path: Path) -> Iterator[DockerConnection]:
    """As on a machine with CNI networks but no dnsname plugin: /usr/lib/cni without it."""
    yield from _podman_service(tmp_path, 'mkdir "$HIDDEN" && cp -a /usr/lib/cni/. "$HIDDEN" && rm "$HIDDEN/dnsname" '
                                         '&& mount --bind "$HIDDEN" /usr/lib/cni')


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


@pytest.mark.every_topology
@pytest.mark.proves("a Podman network without DNS is said before anything starts", topology="bridge",
                    engine="Podman")
@pytest.mark.skipif(os.environ.get("LAMBDADESK_TEST_TOPOLOGY") != "bridge",
                    reason="Podman's bridge networks run in the namespace of the bridge pass only")
async def test_a_network_without_name_resolution_is_said_before_anything_starts(
        podman_without_dns: DockerConnection) -> None:
    profile = Profile.from_dict(shipped_profile_data(name="itestnodns"))
    environment = EnvironmentService(profile, podman_without_dns, None, lambda _event: None)
    try:
        with pytest.raises(LambdadeskError) as raised:
            await environment.up()
        assert raised.value.message == (
            "Podman's network lambdadesk-itestnodns resolves no container names: Podman has no DNS for its networks "
            "on this machine, so the Lambdas would not find redis or the emulator by name, and every request would "
            "time out.")
        assert "golang-github-containernetworking-plugin-dnsname" in raised.value.next_step
        assert podman_without_dns.client.containers.list(all=True, filters={
            "label": "lambdadesk.profile=itestnodns"}) == []  # nothing was started
    finally:
        await environment.down(remove_volumes=True)
        await remove_everything(podman_without_dns.client, profile.name)
