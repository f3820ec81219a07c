from types import SimpleNamespace
from typing import Any

from lambdadesk.environment.down_report import DownReport, container_data


def _container(name: str, mounts: list[dict[str, str]]) -> Any:
    return SimpleNamespace(name=name, attrs={"Mounts": mounts})


def test_only_the_volumes_docker_made_for_the_image_go_with_a_container() -> None:
    redis = _container("lambdadesk-p-redis", [{"Type": "volume", "Name": "3f9a" * 16, "Destination": "/data"}])
    dind = _container("lambdadesk-p-dind", [{"Type": "volume", "Name": "lambdadesk-p-dind-storage",
                                             "Destination": "/var/lib/docker"},
                                            {"Type": "bind", "Source": "/tmp/certs", "Destination": "/certs"}])
    assert container_data(redis, {"lambdadesk-p-dind-storage"}) == ["lambdadesk-p-redis: /data"]
    assert container_data(dind, {"lambdadesk-p-dind-storage"}) == []
    assert container_data(_container("x", None), set()) == []  # type: ignore[arg-type]


def test_the_summary_says_what_was_removed_and_what_kept() -> None:
    report = DownReport(["lambdadesk-p-emulator", "lambdadesk-p-redis"], ["lambdadesk-p-redis: /data"],
                        ["lambdadesk-p"], [], ["lambdadesk-p-dind-storage"])
    assert report.summary() == (
        "Down: removed 2 containers (lambdadesk-p-emulator, lambdadesk-p-redis) and network lambdadesk-p; with its "
        "container, the data in lambdadesk-p-redis: /data (Docker made that volume for the image; a new container "
        "starts empty); kept volume lambdadesk-p-dind-storage (down --volumes removes it).")
    assert DownReport().summary() == "Down: nothing of lambdadesk's was there to remove."
    both = DownReport(volumes_removed=["a", "b"])
    assert both.summary() == "Down: removed 2 volumes (a, b)."
    assert DownReport(["e"], lambda_containers=2, networks=["n"]).summary() == \
        "Down: removed container e, 2 Lambda containers and network n."
