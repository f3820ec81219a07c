"""A real pull: Debian's registry serves an image on the loopback, and `up` pulls it with per-layer progress."""

import contextlib
import io
import os
import subprocess
import tarfile
import time
from collections.abc import Iterator
from pathlib import Path

import docker
import pytest

from lambdadesk.core.events import PullProgress, ServiceState, StateChanged
from lambdadesk.environment.service import EnvironmentService
from tests.engine import IMAGE_PREFIX, EventLog
from tests.loopback import answers, free_port


@pytest.fixture
def local_registry(tmp_path: Path) -> Iterator[str]:
    """A registry on 127.0.0.1 (Docker trusts loopback registries without TLS); yields its host:port."""
    port = free_port()
    config = tmp_path / "registry.yml"
    config.write_text(f"version: 0.1\nstorage:\n  filesystem:\n    rootdirectory: {tmp_path}/data\n"
                      f"http:\n  addr: 127.0.0.1:{port}\n")
    process = subprocess.Popen(["docker-registry", "serve", str(config)], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while not answers(port):
        assert time.monotonic() < deadline and process.poll() is None, "the registry did not start"
        time.sleep(0.05)
    yield f"127.0.0.1:{port}"
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def redis_only_in_registry(local_registry: str) -> Iterator[str]:
    """The Redis stand-in plus a layer of random bytes that exists nowhere but in the registry."""
    client = docker.from_env()
    remote = f"{local_registry}/lambdadesk-itest/redis"
    builder = client.containers.create(f"{IMAGE_PREFIX}/redis:7", network_mode="none")
    try:
        # outside /data, which is a volume (as in the official image): a commit leaves volumes out
        builder.put_archive("/", _tar_with("random.bin", os.urandom(256 * 1024)))
        builder.commit(repository=remote, tag="7")
    finally:
        builder.remove(force=True)
    for item in client.api.push(remote, tag="7", stream=True, decode=True):
        assert "error" not in item, item
    client.images.remove(f"{remote}:7")  # now only the registry has it
    yield f"{remote}:7"
    with contextlib.suppress(docker.errors.APIError):
        client.images.remove(f"{remote}:7", force=True)
    client.close()


def _tar_with(name: str, data: bytes) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        info = tarfile.TarInfo(name)
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


async def test_up_pulls_a_missing_image_and_reports_each_layer(orchestrator: EnvironmentService, events: EventLog,
                                                              redis_only_in_registry: str) -> None:
    orchestrator.profile = orchestrator.profile.replace(redis_image=redis_only_in_registry)
    await orchestrator.up()

    progress = [e for e in events if isinstance(e, PullProgress)]
    assert progress and all(e.service == "redis" and e.image == redis_only_in_registry for e in progress)
    statuses = {e.layer: e.status for e in progress if e.layer}
    assert "Pull complete" in statuses.values(), statuses  # the new layer was downloaded
    assert "Already exists" in statuses.values(), statuses  # the stand-in's layer was not
    assert StateChanged("redis", ServiceState.READY) in events
    assert orchestrator.connection.client.images.get(redis_only_in_registry) is not None
