"""Integration tests run against the test bed's private Docker engine (DOCKER_HOST) and its stand-in images;
the fixtures live in tests/engine.py, shared with the reliability suite."""

from __future__ import annotations

import pytest

from tests.engine import docker_connection, events, foreign_objects, orchestrator, session, testbed_profile
from tests.integration.cli_run import cli_profile

__all__ = ["cli_profile", "docker_connection", "events", "foreign_objects", "orchestrator", "session",
           "testbed_profile"]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/integration/" in str(item.path):
            item.add_marker(pytest.mark.integration)
