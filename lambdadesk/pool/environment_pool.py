"""A pool of environments (seed 004): copies of one profile on free ports, all up at once on one engine, so each
CI job gets one at once and none waits for another's start. Each member is a profile of its own (its containers,
ports, functions, topics and keys are its own); a job takes one with `acquire` (a lease only it holds) and gives it
back with `release`, which resets it for the next job. A lease taken for a while (`hold_s`) is taken over, the
member reset first, once that has passed; a job whose lease was taken over cannot release (nor reset) the member
another job holds now. `lambdadesk pool …` is the front end."""

from __future__ import annotations

import asyncio
import dataclasses
import os
import socket
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from lambdadesk.adapters.host.free_ports import free_ports
from lambdadesk.adapters.store import profile_store
from lambdadesk.adapters.store.pool_store import LEASE_VARIABLE, LeaseTakenOverError, PoolStore, until_of
from lambdadesk.core.errors import LambdadeskError, ProfileError
from lambdadesk.core.events import Event, EventSink, Notice, PullProgress, StateChanged
from lambdadesk.core.profile import Profile
from lambdadesk.core.topology import shell_environment
from lambdadesk.session import Session

if TYPE_CHECKING:  # `acquire` and `status` load no Docker SDK
    from lambdadesk.adapters.docker.docker_connection import DockerConnection

ACQUIRE_POLL_S = 1.0


class PoolError(LambdadeskError):
    """The pool cannot do what was asked (no pool, every member held, a member that is not one)."""


@dataclass(frozen=True)
class Member:
    profile: Profile
    holder: str = ""  # who leased it; empty when free
    since: float = 0.0  # when, in epoch seconds
    until: float | None = None  # when the lease runs out (epoch seconds); None: when it is given back


@dataclass(frozen=True)
class Acquired:
    profile: Profile
    lease: str  # the lease's id, for `release` (LAMBDADESK_POOL_LEASE in the env file)


def member_name(base: str, number: int) -> str:
    return f"{base}-pool{number}"


def env_file_text(profile: Profile, lease: str = "") -> str:
    """KEY=VALUE lines for a CI job (GitHub's $GITHUB_ENV, docker --env-file, `set -a; . FILE`): the member's
    profile for lambdadesk, its lease (so that `release` frees only its own), and its emulator and Redis for the
    job's own tools."""
    lines = {"LAMBDADESK_PROFILE": profile.name, **({LEASE_VARIABLE: lease} if lease else {}),
             **shell_environment(profile)}
    return "".join(f"{key}={value}\n" for key, value in lines.items())


def default_holder() -> str:
    """Who takes a member, in words: the CI job when the CI says (GitHub, GitLab, Drone), else this host and PID."""
    for variable in ("GITHUB_RUN_ID", "CI_JOB_ID", "DRONE_BUILD_NUMBER"):
        if os.environ.get(variable):
            return f"{variable}={os.environ[variable]} on {socket.gethostname()}"
    return f"pid {os.getppid()} on {socket.gethostname()}"


class EnvironmentPool:
    def __init__(self, base: Profile, connection: DockerConnection | Callable[[], DockerConnection] | None,
                 auth_token: Callable[[], str | None], on_event: EventSink) -> None:
        """`connection`: the engine's, or how to make it when first needed (leases alone need none); None: leases
        and members only (status, release without a reset, acquire of a member no lease ran out on)."""
        if base.attached is not None:
            raise PoolError(f"Profile {base.name!r} is attached to services started elsewhere: lambdadesk cannot "
                            "start copies of them.", "Make the pool from a profile lambdadesk starts.")
        self.base = base
        self._store = PoolStore(base.name)
        self._connection = connection
        self._auth_token = auth_token
        self._on_event = on_event

    def members(self) -> list[Member]:
        found = []
        for name in self._store.members():
            lease = self._store.lease(name) or {}
            found.append(Member(profile_store.load_profile(name), str(lease.get("holder", "")),
                                float(str(lease.get("since", 0.0))), until_of(lease)))
        return found

    async def up(self, count: int) -> list[Profile]:
        """`count` members, made if missing (free ports each), all brought up at once; returns them."""
        if count < 1:
            raise PoolError(f"A pool of {count} environments is not one.", "Ask for 1 or more: lambdadesk pool up 4.")
        names = self._store.members()
        profiles = [profile_store.load_profile(name) for name in names[:count]]
        for number in range(len(names) + 1, count + 1):
            profiles.append(await asyncio.to_thread(self._make_member, number))
            names.append(profiles[-1].name)
            self._store.save_members(names)
        await asyncio.gather(*(self._with_session(profile, lambda session: session.up()) for profile in profiles))
        return profiles

    async def acquire(self, holder: str, wait_s: float = 0.0, hold_s: float | None = None) -> Acquired:
        """A member no one holds, leased to `holder` (for `hold_s` seconds; None: until released); waits up to
        `wait_s` for one to be released or for a lease to run out. A member taken over from a lease that ran out is
        reset first (the job that held it may have died mid-way); a reset that fails leaves the run-out lease as
        it was."""
        names = self._store.members()
        if not names:
            raise PoolError(f"Profile {self.base.name!r} has no pool.",
                            f"Make one first: lambdadesk --profile {self.base.name} pool up 4.")
        if hold_s is not None and hold_s <= 0:
            raise PoolError(f"A lease of {hold_s:g} s would run out before the job begins.",
                            "Give the job's longest run, e.g. --for 60m.")
        deadline = time.monotonic() + wait_s
        while True:
            for name in names:
                taken = await asyncio.to_thread(self._store.take, name, holder, hold_s)
                if taken is None:
                    continue
                profile = profile_store.load_profile(name)
                if taken.took_over_from is not None:
                    earlier = taken.took_over_from.get("holder", "a job")
                    self._on_event(Notice(f"{name}: the lease of {earlier} ran out; it is reset before it is yours."))
                    try:
                        await self._with_session(profile, lambda session: session.reset())
                    except BaseException:  # not reset, so not the job's: the next acquire takes it over again
                        await asyncio.to_thread(self._store.undo_takeover, name, taken)
                        self._on_event(Notice(f"{name}: not reset, so not yours; the next acquire takes it over "
                                              "and resets it."))
                        raise
                return Acquired(profile, taken.lease)
            if time.monotonic() >= deadline:
                raise PoolError(f"All {len(names)} environments of the pool of {self.base.name!r} are in use.",
                                "Wait for one (--wait SECONDS), release one (lambdadesk pool release NAME), or "
                                f"make the pool bigger (lambdadesk pool up {len(names) + 1}).")
            await asyncio.sleep(ACQUIRE_POLL_S)

    async def release(self, member: str, reset: bool = True, lease: str = "") -> bool:
        """The member reset (fast: its functions, APIs, topics and keys gone, its containers kept) for the next
        job, then free again. Returns False when no one held it. With `lease` (the job's own, from `acquire`):
        refused, nothing reset, when the member is another job's now (that lease ran out and it was taken over);
        False, nothing reset, when no one holds it any more."""
        if member not in self._store.members():
            raise PoolError(f"{member!r} is not an environment of the pool of {self.base.name!r}.",
                            "lambdadesk pool status lists them.")
        try:
            if lease and not self._store.still_held(member, lease):
                return False  # the lease ran out and the member was taken over and given back since: not ours
            if reset:
                await self._with_session(profile_store.load_profile(member), lambda session: session.reset())
            return await asyncio.to_thread(self._store.give_back, member, lease)  # the lease checked again
        except LeaseTakenOverError as exc:  # taken over before the release, or while the member was being reset
            raise _taken_over(member, exc.current) from exc

    async def down(self) -> list[str]:
        """Every member stopped and removed with its volumes, its profile file and the pool record deleted."""
        names = self._store.members()
        profiles = [profile_store.load_profile(name) for name in names]
        await asyncio.gather(*(self._with_session(profile, lambda session: session.down(remove_volumes=True))
                               for profile in profiles))
        for name in names:
            profile_store.profile_path(name).unlink(missing_ok=True)
        self._store.remove()
        return names

    def _make_member(self, number: int) -> Profile:
        emulator_port, redis_port, dind_port = free_ports(3)
        member = self.base.replace(name=member_name(self.base.name, number), emulator_port=emulator_port,
                                   redis_port=redis_port, dind_port=dind_port)
        try:
            profile_store.save_new_profile(member)
        except ProfileError as exc:
            raise PoolError(f"{exc.message} It is not a member of the pool of {self.base.name!r}.",
                            "Rename or remove that profile, then make the pool again.") from exc
        return member

    async def _with_session(self, profile: Profile, action: Callable[[Session], Awaitable[object]]) -> None:
        """`action` on the member's own session (its events said under its name), then the session closed."""
        def said(event: Event) -> None:
            if isinstance(event, (StateChanged, PullProgress)):
                event = dataclasses.replace(event, service=f"{profile.name} {event.service}")
            elif isinstance(event, Notice):
                event = Notice(f"{profile.name}: {event.text}")
            self._on_event(event)

        if self._connection is None:
            raise ValueError("starting, resetting or stopping a member needs the Docker connection")
        if callable(self._connection):
            self._connection = self._connection()
        session = Session(profile, self._connection, self._auth_token, said)
        try:
            await action(session)
        finally:
            await session.close()


def _taken_over(member: str, current: dict[str, object]) -> PoolError:
    return PoolError(f"{member} is not yours any more: {current.get('holder', 'another job')} holds it now, under "
                     f"another lease than the one given ({LEASE_VARIABLE} or --lease): yours ran out and the member "
                     "was taken over, or it is another member's lease. Nothing was reset or released.",
                     "Acquire again, with a longer --for if the job needs it. To free the member whoever holds it: "
                     "pool release NAME --lease ''.")
