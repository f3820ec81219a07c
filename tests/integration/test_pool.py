"""A pool of environments from a shell, as CI jobs use it: two members up at once on free ports, each job leases
its own (a third is refused in words), what one job makes (a function, a topic, a Redis key) the other never sees,
a release resets only its own member, a lease that ran out is taken over (reset first) and its late release
refused, and down removes everything the pool made."""

from __future__ import annotations

import json
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from lambdadesk.adapters.aws.aws_clients import emulator_client
from lambdadesk.adapters.docker.docker_connection import DockerConnection
from lambdadesk.core import labels
from tests.engine import shipped_profile_data
from tests.integration.cli_run import lambdadesk

pytestmark = pytest.mark.every_topology

HANDLER = "def handle(event, context):\n    return {'ok': True}\n"


def _env(path: Path) -> dict[str, str]:
    return dict(line.split("=", 1) for line in path.read_text().splitlines())


@pytest.fixture
def base(tmp_path: Path, docker_connection: DockerConnection) -> Iterator[str]:
    path = tmp_path / "itestpool.json"
    path.write_text(json.dumps(shipped_profile_data(name="itestpool")))
    yield str(path)
    lambdadesk("--profile", str(path), "pool", "down")


def _what_it_has(env: dict[str, str]) -> tuple[list[str], list[str], list[str]]:
    url = env["AWS_ENDPOINT_URL"]
    functions = [f["FunctionName"] for f in emulator_client("lambda", url, "us-east-1").list_functions()["Functions"]]
    topics = [t["TopicArn"].rsplit(":", 1)[-1]
              for t in emulator_client("sns", url, "us-east-1").list_topics()["Topics"]]
    with redis.Redis.from_url(env["REDIS_URL"]) as client:
        keys = sorted(key.decode() for key in client.keys("*"))
    return functions, topics, keys


def test_a_pool_gives_each_job_an_environment_of_its_own(base: str, tmp_path: Path,
                                                         docker_connection: DockerConnection) -> None:
    def run(*args: str) -> tuple[int, str, str]:
        result = lambdadesk("--profile", base, "pool", *args)
        return result.returncode, result.stdout.strip(), result.stderr

    code, out, err = run("up", "2")
    assert code == 0 and "2 environments up" in out, err
    first, second = (run("acquire", "--holder", f"job {n}", "--env-file", str(tmp_path / f"{n}.env")) for n in (1, 2))
    assert first[0] == 0 and second[0] == 0 and {first[1], second[1]} == {"itestpool-pool1", "itestpool-pool2"}
    code, _, err = run("acquire")
    assert code == 1 and "All 2 environments of the pool of 'itestpool' are in use" in err
    job1, job2 = _env(tmp_path / "1.env"), _env(tmp_path / "2.env")
    assert job1["LAMBDADESK_PROFILE"] == first[1] and job1["AWS_ENDPOINT_URL"] != job2["AWS_ENDPOINT_URL"]

    archive = tmp_path / "fn.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("app.py", HANDLER)
    deployed = lambdadesk("deploy", str(archive), "--name", "job1fn", "--handler", "app.handle",
                          env={"LAMBDADESK_PROFILE": job1["LAMBDADESK_PROFILE"]})  # the profile from the env file
    assert deployed.returncode == 0, deployed.stderr
    emulator_client("sns", job1["AWS_ENDPOINT_URL"], "us-east-1").create_topic(Name="job1-topic")
    with redis.Redis.from_url(job1["REDIS_URL"]) as client:
        client.set("job1-key", "1")
    with redis.Redis.from_url(job2["REDIS_URL"]) as client:
        client.set("job2-key", "2")

    assert _what_it_has(job1) == (["job1fn"], ["job1-topic"], ["job1-key"])
    assert _what_it_has(job2) == ([], [], ["job2-key"])  # nothing of job 1's

    code, out, err = run("status")
    assert code == 0 and f"{first[1]}: held by job 1" in out and f"{second[1]}: held by job 2" in out, out + err
    code, out, err = run("release", first[1])
    assert code == 0 and out == f"{first[1]} is reset and free", out + err
    assert _what_it_has(job1) == ([], [], [])  # reset for the next job
    assert _what_it_has(job2) == ([], [], ["job2-key"])  # the other job's untouched
    code, out, err = run("acquire", "--holder", "job 3", "--for", "1s", "--env-file", str(tmp_path / "3.env"))
    assert code == 0 and out == first[1], err  # the released one, again, for a second
    job3 = _env(tmp_path / "3.env")
    with redis.Redis.from_url(job3["REDIS_URL"]) as client:
        client.set("job3-key", "3")  # then job 3 dies without releasing
    time.sleep(1.1)
    assert "its lease ran out" in run("status")[1]
    code, out, err = run("acquire", "--holder", "job 4", "--for", "10m", "--env-file", str(tmp_path / "4.env"))
    assert code == 0 and out == first[1] and "the lease of job 3 ran out; it is reset" in err, out + err
    assert _what_it_has(job3) == ([], [], [])  # job 4 does not get job 3's leftovers
    with redis.Redis.from_url(job3["REDIS_URL"]) as client:
        client.set("job4-key", "4")
    late = lambdadesk("--profile", base, "pool", "release", first[1], env={"LAMBDADESK_POOL_LEASE": job3[
        "LAMBDADESK_POOL_LEASE"]})  # job 3 was only slow: its late release must not reset job 4's environment
    assert late.returncode == 1 and "not yours any more: job 4 holds it now" in late.stderr
    assert _what_it_has(job3) == ([], [], ["job4-key"])
    assert _env(tmp_path / "4.env")["LAMBDADESK_POOL_LEASE"] != job3["LAMBDADESK_POOL_LEASE"]

    code, out, err = run("down")
    assert code == 0 and out == "Removed 2 environments: itestpool-pool1, itestpool-pool2", out + err
    for member in (first[1], second[1]):
        owned = {"label": [f"{labels.PROFILE}={member}"]}
        assert docker_connection.client.containers.list(all=True, filters=owned) == []
    assert run("status")[1] == "Profile 'itestpool' has no pool."
