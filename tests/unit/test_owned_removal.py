"""Removal of an owned container when something else (the emulator's own reset) is already removing it."""

from __future__ import annotations

from typing import Any, cast

import pytest
from docker.errors import APIError, NotFound
from docker.models.containers import Container

from lambdadesk.adapters.docker.owned_objects import stop_and_remove
from lambdadesk.core.errors import LambdadeskError


class Response:
    def __init__(self, status: int) -> None:
        self.status_code = status
        self.reason = "Conflict"


class RemovingElsewhere:
    """A container whose removal another client started: remove() conflicts, it disappears after `reloads`."""

    def __init__(self, reloads: int, conflict: str = "removal of container x is already in progress") -> None:
        self.name, self.status, self.reloads, self.conflict = "lambda-1", "exited", reloads, conflict

    def reload(self) -> None:
        if self.reloads == 0:
            raise NotFound("gone")
        self.reloads -= 1

    def stop(self, timeout: int) -> None:
        raise AssertionError("an exited container is not stopped")

    def remove(self, **_: Any) -> None:
        raise APIError("409", response=cast(Any, Response(409)), explanation=self.conflict)


def test_a_removal_already_in_progress_is_waited_for() -> None:
    container = RemovingElsewhere(reloads=3)
    stop_and_remove(cast(Container, container), 1)
    assert container.reloads == 0


def test_a_removal_that_never_ends_is_reported() -> None:
    with pytest.raises(LambdadeskError, match="still removing container lambda-1"):
        stop_and_remove(cast(Container, RemovingElsewhere(reloads=10**6)), 1, settle_s=0.3)


def test_another_conflict_is_not_hidden() -> None:
    with pytest.raises(APIError):
        stop_and_remove(cast(Container, RemovingElsewhere(reloads=3, conflict="container is paused")), 1)
