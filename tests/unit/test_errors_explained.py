import os
import subprocess
import sys
from pathlib import Path

import pytest

from lambdadesk.adapters.docker.docker_connection import connect, explain_connection_error
from lambdadesk.adapters.docker.image_puller import explain_pull_error
from lambdadesk.core.errors import DockerUnavailableError


def test_a_missing_socket_says_so_and_mentions_docker_host_and_contexts(tmp_path: Path) -> None:
    with pytest.raises(DockerUnavailableError) as caught:
        connect(f"unix://{tmp_path}/no-such.sock", timeout_s=2)
    assert "no Docker socket" in caught.value.message
    assert "DOCKER_HOST" in caught.value.next_step and "docker context" in caught.value.next_step


def test_a_refused_tcp_connection_says_nothing_answers() -> None:
    with pytest.raises(DockerUnavailableError, match="nothing answers"):
        connect("tcp://127.0.0.1:1", timeout_s=2)


def test_permission_denied_suggests_the_docker_group() -> None:
    outer = RuntimeError("Error while fetching server API version")
    outer.__cause__ = PermissionError(13, "Permission denied")
    error = explain_connection_error("unix:///var/run/docker.sock", outer)
    assert "permission denied" in error.message and "docker group" in error.next_step


@pytest.mark.parametrize(("error", "says"), [
    ("Get https://registry-1.docker.io/v2/: dial tcp: lookup registry-1.docker.io: no such host", "cannot be reached"),
    ("manifest unknown: manifest unknown", "no such image or tag"),
    ("pull access denied for private/thing, repository does not exist", "refused access"),
])
def test_pull_failures_are_explained(error: str, says: str) -> None:
    assert says in explain_pull_error("some/image:1", error).message


def test_a_refused_localstack_pull_points_at_the_auth_token() -> None:
    error = explain_pull_error("localstack/localstack-pro:latest", "unauthorized: authentication required")
    assert "auth token" in error.next_step


def test_an_ssh_engine_without_paramiko_says_which_extra_to_install() -> None:
    # a real lambdadesk process in which paramiko cannot be imported, as in an install without the ssh extra
    program = ("import sys; sys.modules['paramiko'] = None\n"
               "from lambdadesk.cli.main import main\nsys.exit(main(['status']))")
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=60,
                            env={**os.environ, "DOCKER_HOST": "ssh://me@engine.example.com:22"}, check=False)
    assert result.returncode == 3, result.stderr
    assert ("lambdadesk cannot reach the ssh engine at ssh://me@engine.example.com:22: this install has no ssh "
            "support (paramiko).") in result.stderr
    assert "pip install 'lambdadesk[ssh]' (pipx: pipx inject lambdadesk paramiko)" in result.stderr
