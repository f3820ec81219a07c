"""What lambdadesk finds and removes by its labels, against a stand-in Docker client that filters by label as the
engine does (every `label=k=v` must match) and, in the second case, one whose filter lets foreign objects
through: the ownership re-check must still leave them alone. (The engine's own filtering is exercised by every
engine test that resets or stops an environment.)"""

from __future__ import annotations

from typing import Any, cast

import docker
import pytest
from docker.errors import APIError, NotFound

from lambdadesk.adapters.docker import owned_objects
from lambdadesk.core import labels


class Thing:
    def __init__(self, name: str, owned_by: dict[str, str], gone: Exception | None = None) -> None:
        self.name = name
        self.labels = owned_by
        self.attrs = {"Labels": owned_by}
        self.removed = False
        self.gone = gone  # what inspecting it raises: it was removed after the listing

    def reload(self) -> None:
        if self.gone is not None:
            raise self.gone

    def remove(self, **_: Any) -> None:
        self.removed = True


class Collection:
    def __init__(self, things: list[Thing], filter_works: bool) -> None:
        self.things = things
        self.filter_works = filter_works

    def list(self, all: bool = False, filters: dict[str, list[str]] | None = None,
             sparse: bool = False) -> list[Thing]:
        wanted = [tuple(item.split("=", 1)) for item in (filters or {}).get("label", [])]
        if not self.filter_works:
            return list(self.things)
        return [t for t in self.things if all_match(t.labels, wanted)]


def all_match(have: dict[str, str], wanted: list[tuple[str, ...]]) -> bool:
    return all(have.get(key) == value for key, value in wanted)


class Client:
    def __init__(self, things: list[Thing], filter_works: bool = True) -> None:
        self.containers = Collection(things, filter_works)
        self.networks = Collection(things, filter_works)


def _world() -> list[Thing]:
    return [Thing("redis", labels.owned_labels("p", "redis")), Thing("emulator", labels.owned_labels("p", "emulator")),
            Thing("other-profile", labels.owned_labels("q", "redis")),
            Thing("foreign", {labels.PROFILE: "p", labels.SERVICE: "redis"}),  # no managed label: not ours
            Thing("look-alike", {labels.MANAGED: "false", labels.PROFILE: "p"})]


def test_a_service_is_found_by_its_own_label_only() -> None:
    client = cast(docker.DockerClient, Client(_world()))
    assert [c.name for c in owned_objects.containers(client, "p", "redis")] == ["redis"]
    assert [c.name for c in owned_objects.containers(client, "p")] == ["redis", "emulator"]


def test_a_filter_that_lets_foreign_objects_through_never_makes_them_ours() -> None:
    world = _world()
    client = cast(docker.DockerClient, Client(world, filter_works=False))
    assert [c.name for c in owned_objects.containers(client, "p")] == ["redis", "emulator"]
    owned_objects.remove_networks(client, "p")
    assert [t.name for t in world if t.removed] == ["redis", "emulator"]  # the three others are left alone


def _response(status: int) -> Any:
    class Response:
        status_code = status
        reason = "Internal Server Error"
        url = "http+docker://localhost/v1.41/containers/4408/json"
    return Response()


PODMAN_GONE = APIError("500 Server Error", response=_response(500),
                       explanation="container 4408 does not exist in database: no such container")


def test_a_container_removed_after_the_listing_is_left_out_on_docker_and_on_podman() -> None:
    world = [*_world(), Thing("lambda-1", labels.owned_labels("p", "lambda"), NotFound("No such container: x")),
             Thing("lambda-2", labels.owned_labels("p", "lambda"), PODMAN_GONE)]
    client = cast(docker.DockerClient, Client(world))
    assert [c.name for c in owned_objects.containers(client, "p")] == ["redis", "emulator"]


def test_any_other_engine_error_while_inspecting_is_not_taken_for_gone() -> None:
    broken = APIError("500 Server Error", response=_response(500), explanation="database is locked")
    client = cast(docker.DockerClient, Client([Thing("redis", labels.owned_labels("p", "redis"), broken)]))
    with pytest.raises(APIError, match="database is locked"):
        owned_objects.containers(client, "p")
    assert not owned_objects.is_gone(broken)
    assert owned_objects.is_gone(PODMAN_GONE) and owned_objects.is_gone(NotFound("No such container: x"))
