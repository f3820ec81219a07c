"""`lambdadesk pool up N | acquire | release NAME | status | down`: a pool of environments made from --profile,
for CI jobs that each need one at once (lambdadesk/pool/environment_pool.py)."""

from __future__ import annotations

import argparse
import asyncio
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING

from lambdadesk.adapters.store.pool_store import LEASE_VARIABLE, has_run_out
from lambdadesk.cli.context import EXIT_OK, Commands, Context

if TYPE_CHECKING:
    from lambdadesk.pool.environment_pool import EnvironmentPool


def register(commands: Commands) -> None:
    pool = commands.add_parser("pool", help="a pool of environments (copies of --profile on free ports) for CI jobs")
    actions = pool.add_subparsers(dest="action", required=True, metavar="ACTION")
    up = actions.add_parser("up", help="make the pool N environments (free ports each) and bring them all up at once")
    up.add_argument("count", type=int, metavar="N")
    up.set_defaults(run_command=_up)
    acquire = actions.add_parser("acquire", help="take an environment no job holds; prints its profile's name")
    acquire.add_argument("--env-file", type=Path, metavar="PATH", help="also write KEY=VALUE lines for the job "
                         "(LAMBDADESK_PROFILE, AWS_ENDPOINT_URL, REDIS_URL, …)")
    acquire.add_argument("--wait", type=float, default=0.0, metavar="SECONDS",
                         help="wait up to this long for one to be released (default: fail at once)")
    acquire.add_argument("--holder", metavar="TEXT", help="who takes it, shown by pool status (default: the CI job "
                         "or this host and process)")
    acquire.add_argument("--for", dest="hold", type=_duration, metavar="DURATION",
                         help="the lease runs out after this long (90m, 2h, 3600s): a job that dies without releasing "
                         "holds the environment no longer; the next acquire resets it and takes it (default: held "
                         "until released)")
    acquire.set_defaults(run_command=_acquire)
    release = actions.add_parser("release", help="reset an environment (fast) and give it back to the pool")
    release.add_argument("member", metavar="NAME")
    release.add_argument("--no-reset", action="store_true", help="give it back as it is")
    release.add_argument("--lease", default=os.environ.get(LEASE_VARIABLE, ""), metavar="ID",
                         help=f"release only if this lease still holds it (default: ${LEASE_VARIABLE}, which the env "
                         "file of acquire sets): a job whose lease ran out never resets the next job's environment")
    release.set_defaults(run_command=_release)
    actions.add_parser("status", help="the pool's environments and who holds each").set_defaults(run_command=_status)
    actions.add_parser("down", help="stop and remove every environment of the pool, and the pool").set_defaults(
        run_command=_down)


def _duration(text: str) -> float:
    from lambdadesk.flows.step_parser import parse_duration

    seconds = parse_duration(text)
    if seconds is None:
        raise argparse.ArgumentTypeError(f"{text!r} is not a duration: give one such as 90m, 2h or 3600s")
    return seconds


def _auth_token() -> str | None:
    from lambdadesk.adapters.store import secrets

    return secrets.auth_token()


def _pool(context: Context) -> EnvironmentPool:
    """The pool; the engine is connected to only when a member is started, reset or stopped (leases need none)."""
    from lambdadesk.pool.environment_pool import EnvironmentPool

    return EnvironmentPool(context.profile, context.connection, _auth_token, context.printer.event)


async def _up(context: Context) -> int:
    started = time.monotonic()
    members = await _pool(context).up(context.args.count)
    lines = [f"{member.name}: emulator http://127.0.0.1:{member.emulator_port}, Redis 127.0.0.1:{member.redis_port}"
             for member in members]
    context.printer.result([member.name for member in members],
                           "\n".join(lines) + f"\n{len(members)} environments up in {time.monotonic() - started:.1f} s")
    return EXIT_OK


async def _acquire(context: Context) -> int:
    from lambdadesk.core.atomic_file import write_atomic
    from lambdadesk.pool.environment_pool import default_holder, env_file_text

    taken = await _pool(context).acquire(context.args.holder or default_holder(), context.args.wait, context.args.hold)
    if context.args.env_file is not None:
        await asyncio.to_thread(write_atomic, context.args.env_file, env_file_text(taken.profile, taken.lease).encode())
    context.printer.result({"profile": taken.profile.name, "lease": taken.lease}, taken.profile.name)
    return EXIT_OK


async def _release(context: Context) -> int:
    held = await _pool(context).release(context.args.member, not context.args.no_reset, context.args.lease)
    said = "reset and free" if not context.args.no_reset else "free"
    context.printer.result({"released": context.args.member, "was_held": held},
                           f"{context.args.member} is {said}" + ("" if held else " (no job held it)"))
    return EXIT_OK


async def _status(context: Context) -> int:
    members = _pool(context).members()
    now = time.time()
    lines = [f"{m.profile.name}: " + (f"held by {m.holder} for {now - m.since:.0f} s{_until(m.until, now)}"
                                      if m.holder else "free") for m in members]
    context.printer.result([{"profile": m.profile.name, "holder": m.holder, "since": m.since, "until": m.until}
                            for m in members],
                           "\n".join(lines) or f"Profile {context.profile.name!r} has no pool.")
    return EXIT_OK


async def _down(context: Context) -> int:
    removed = await _pool(context).down()
    context.printer.result(removed, f"Removed {len(removed)} environments: " + ", ".join(removed) if removed
                           else f"Profile {context.profile.name!r} has no pool.")
    return EXIT_OK


def _until(until: float | None, now: float) -> str:
    if until is None:
        return ""
    if has_run_out(until, now):
        return f", its lease ran out {now - until:.0f} s ago (the next acquire resets it and takes it)"
    return f", its lease runs out in {until - now:.0f} s"
