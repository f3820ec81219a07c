"""The pool's leases and members without an engine: one lease per member however many jobs race for it, a job
that waits gets the member released meanwhile, the env file a job sources, and free ports that are free."""

from __future__ import annotations

import asyncio
import socket
import threading
from pathlib import Path

import pytest

from lambdadesk.adapters.docker.docker_connection import connect
from lambdadesk.adapters.host.free_ports import free_ports
from lambdadesk.adapters.store import profile_store
from lambdadesk.adapters.store.pool_store import LEASE_VARIABLE, LeaseTakenOverError, PoolStore, Taken
from lambdadesk.core.errors import DockerUnavailableError
from lambdadesk.core.profile import Profile
from lambdadesk.flows.step_parser import parse_duration
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
        won.append(store.take("ci-pool1", f"job {number}") is not None)

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
    first, second = (await pool.acquire("job 1")).profile, (await pool.acquire("job 2")).profile
    assert {first.name, second.name} == {"ci-pool1", "ci-pool2"} and first.emulator_port != second.emulator_port
    with pytest.raises(PoolError, match="All 2 environments of the pool of 'ci' are in use"):
        await pool.acquire("job 3")

    later = asyncio.get_running_loop().call_later(0.3, PoolStore("ci").give_back, second.name)
    third = (await pool.acquire("job 3", wait_s=5)).profile
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


def _race_for_a_run_out_lease(store: PoolStore, racers: int) -> tuple[Taken, list[Taken]]:
    first = store.take("ci-pool1", "job 1", hold_s=0.0)  # runs out at once, as a job that died long ago
    assert first is not None and first.took_over_from is None
    won: list[Taken] = []
    start = threading.Barrier(racers)

    def job(number: int) -> None:
        start.wait()
        taken = store.take("ci-pool1", f"job {number}", hold_s=600)
        if taken is not None:
            won.append(taken)

    threads = [threading.Thread(target=job, args=(n,)) for n in range(2, 2 + racers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return first, won


def test_a_lease_that_ran_out_is_taken_over_once_and_its_late_release_frees_nothing() -> None:
    store = PoolStore("ci")
    for _ in range(15):  # a taker that got in unaware of the takeover would get a dead job's member, not reset
        first, won = _race_for_a_run_out_lease(store, 8)
        assert len(won) == 1 and won[0].took_over_from is not None and won[0].took_over_from["holder"] == "job 1"
        with pytest.raises(LeaseTakenOverError) as late:  # job 1 comes back: the member is not its own any more
            store.give_back("ci-pool1", first.lease)
        assert late.value.current["lease"] == won[0].lease
        assert store.lease("ci-pool1") is not None  # still the new holder's
        assert store.take("ci-pool1", "job 11") is None  # a lease with time left is not taken over
        assert store.give_back("ci-pool1", won[0].lease) and store.lease("ci-pool1") is None


def test_a_lease_given_for_no_time_at_all_is_refused_and_status_says_when_a_lease_runs_out() -> None:
    pool = _pool_of(1)
    with pytest.raises(PoolError, match="would run out before the job begins"):
        asyncio.run(pool.acquire("job", hold_s=0))
    taken = asyncio.run(pool.acquire("job", hold_s=60))
    member = pool.members()[0]
    assert member.holder == "job" and member.until is not None and 59 < member.until - member.since <= 60
    lines = dict(line.split("=", 1) for line in env_file_text(taken.profile, taken.lease).splitlines())
    assert lines[LEASE_VARIABLE] == taken.lease


async def test_a_release_with_a_lease_that_is_not_the_members_resets_nothing() -> None:
    pool = _pool_of(1)  # no engine: a reset would raise, so the refusal must come before it
    store = PoolStore("ci")
    old = store.take("ci-pool1", "job 1", hold_s=0.0)
    new = store.take("ci-pool1", "job 2", hold_s=600)
    assert old is not None and new is not None
    with pytest.raises(PoolError, match="not yours any more: job 2 holds it now, under another lease") as refused:
        await pool.release("ci-pool1", reset=True, lease=old.lease)
    assert "--for" in refused.value.next_step and store.lease("ci-pool1") is not None
    assert await pool.release("ci-pool1", reset=False, lease=new.lease)


def test_a_duration_reads_hours_too() -> None:
    assert parse_duration("2h") == 7200 and parse_duration("90m") == 5400 and parse_duration("1x") is None


async def test_a_late_release_of_a_member_no_one_holds_any_more_resets_nothing() -> None:
    pool = _pool_of(1)  # no engine: a reset would raise
    old = PoolStore("ci").take("ci-pool1", "job 1", hold_s=0.0)
    newer = PoolStore("ci").take("ci-pool1", "job 2", hold_s=600)
    assert old is not None and newer is not None and PoolStore("ci").give_back("ci-pool1", newer.lease)
    assert await pool.release("ci-pool1", reset=True, lease=old.lease) is False


async def test_a_takeover_whose_reset_fails_leaves_the_run_out_lease_for_the_next_acquire(tmp_path: Path) -> None:
    said: list[object] = []
    pool = EnvironmentPool(Profile(name="ci"), lambda: connect(f"unix://{tmp_path}/no-docker.sock"),
                           lambda: None, said.append)
    _pool_of(1)
    dead = PoolStore("ci").take("ci-pool1", "job 1", hold_s=0.0)
    assert dead is not None
    with pytest.raises(DockerUnavailableError, match="Docker is not reachable"):
        await pool.acquire("job 2", hold_s=600)
    left = PoolStore("ci").lease("ci-pool1")  # not job 2's, which was never told its lease: job 1's, run out
    assert left is not None and left["lease"] == dead.lease and left["holder"] == "job 1"
    assert any("not reset, so not yours" in str(event) for event in said)
    taken = PoolStore("ci").take("ci-pool1", "job 3", hold_s=600)  # the next one takes it over, to reset it
    assert taken is not None and taken.took_over_from is not None and taken.took_over_from["holder"] == "job 1"
