"""A failed connection to the Docker socket must not leave the socket open (docker-py leaks it unpatched)."""

from __future__ import annotations

import gc
import warnings
from pathlib import Path

import docker
import pytest
import requests

from lambdadesk.adapters.docker import docker_connection  # noqa: F401  (installs the fix)


def test_a_refused_unix_connection_leaves_no_open_socket(tmp_path: Path) -> None:
    client = docker.APIClient(base_url=f"unix://{tmp_path / 'no-engine.sock'}", version="1.41", timeout=2)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ResourceWarning)
        for _ in range(3):
            with pytest.raises(requests.exceptions.ConnectionError):
                client.ping()
        gc.collect()
    client.close()
    assert not [w for w in caught if issubclass(w.category, ResourceWarning)]
