"""The pool's leases and members without an engine: one lease per member however many jobs race for it, a job
that waits gets the member released meanwhile, the env file a job sources, and free ports that are free."""

from __future__ import annotations

import asyncio
import socket
import threading
from pathlib import Path

import pytest

from lambdadesk.adapters.host.free_ports import free_ports
from lambdadesk.adapters.store import profile_store
from lambdadesk.adapters.store.pool_store import PoolStore
from lambdadesk.core.profile import Profile
from lambdadesk.pool.environment_pool import EnvironmentPool, PoolError, env_file_text, member_name


def _pool_of(count: int) -> EnvironmentPool:
    base = Profile(name="ci")
    names = [member_name("ci", number) for number in range(1, count + 1)]
    for number, name in enumerate(names):
        profile_store.save_new_profile(base.replace(name=name, emulator_port=20000 + number))
    PoolStore("ci").save_members(names)
    return EnvironmentPool(base, None, lambda: None, lambda _event: None)


def test_jobs_racing_for_one_member_get_one_lease_between_them() -> None:
    store = PoolStore("ci")
    won: list[bool] = []
    start = threading.Barrier(16)

    def job(number: int) -> None:
        start.wait()
        won.append(store.take("ci-pool1", f"job {number}"))

    threads = [threading.Thread(target=job, args=(n,)) for n in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert won.count(True) == 1
    lease = store.lease("ci-pool1")
    assert lease is not None and str(lease["holder"]).startswith("job ")
    assert store.give_back("ci-pool1") and store.lease("ci-pool1") is None and not store.give_back("ci-pool1")


async def test_acquire_takes_a_free_member_and_a_waiting_job_gets_the_one_released() -> None:
    pool = _pool_of(2)
    first, second = await pool.acquire("job 1"), await pool.acquire("job 2")
    assert {first.name, second.name} == {"ci-pool1", "ci-pool2"} and first.emulator_port != second.emulator_port
    with pytest.raises(PoolError, match="All 2 environments of the pool of 'ci' are in use"):
        await pool.acquire("job 3")

    later = asyncio.get_running_loop().call_later(0.3, PoolStore("ci").give_back, second.name)
    third = await pool.acquire("job 3", wait_s=5)
    later.cancel()
    assert third.name == second.name
    assert [(member.profile.name, member.holder) for member in pool.members()] == [
        ("ci-pool1", "job 1"), ("ci-pool2", "job 3")]


async def test_a_profile_without_a_pool_and_a_name_not_in_it_are_refused_in_words() -> None:
    lonely = EnvironmentPool(Profile(name="solo"), None, lambda: None, lambda _event: None)
    with pytest.raises(PoolError, match="has no pool") as refused:
        await lonely.acquire("job")
    assert "pool up" in refused.value.next_step
    with pytest.raises(PoolError, match="is not an environment of the pool"):
        await _pool_of(1).release("ci-pool7", reset=False)
    with pytest.raises(PoolError, match="attached"):
        EnvironmentPool(Profile(name="a", attach={"emulator_url": "http://127.0.0.1:4566"}), None, lambda: None,
                        lambda _event: None)


def test_the_env_file_names_the_member_and_its_services(tmp_path: Path) -> None:
    member = Profile(name="ci-pool2", emulator_port=31001, redis_port=31002)
    lines = dict(line.split("=", 1) for line in env_file_text(member).splitlines())
    assert lines["LAMBDADESK_PROFILE"] == "ci-pool2"
    assert lines["AWS_ENDPOINT_URL"] == "http://127.0.0.1:31001" and lines["REDIS_URL"] == "redis://127.0.0.1:31002"


def test_free_ports_are_different_and_free() -> None:
    ports = free_ports(5)
    assert len(set(ports)) == 5
    for port in ports:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", port))  # raises if something holds it
