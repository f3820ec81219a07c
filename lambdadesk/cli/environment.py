"""`lambdadesk up | down | status | reset | debug | env | profile | token`: the Environment tab, headless."""

from __future__ import annotations

import argparse
import dataclasses
import getpass
import sys

from lambdadesk.adapters.store import profile_store
from lambdadesk.cli.context import EXIT_NOT_READY, EXIT_OK, Commands, Context
from lambdadesk.core.errors import LambdadeskError
from lambdadesk.core.events import ServiceState
from lambdadesk.core.labels import LAMBDA_SERVICE
from lambdadesk.core.topology import shell_environment
from lambdadesk.environment.shell_exports import shell_exports


def register(commands: Commands) -> None:
    commands.add_parser("up", help="start the environment and wait until every service is ready").set_defaults(
        run_command=_up)
    down = commands.add_parser("down", help="stop and remove the environment's containers")
    down.add_argument("--volumes", action="store_true", help="also remove its volumes (the dind image cache)")
    down.set_defaults(run_command=_down)
    commands.add_parser("status", help="show every container of the environment").set_defaults(run_command=_status)
    reset = commands.add_parser("reset", help="return to a clean environment (and forget what was deployed)")
    reset.add_argument("--full", action="store_true", help="remove and recreate everything instead of clearing state")
    reset.add_argument("--clear-state", action="store_true", help=argparse.SUPPRESS)  # always so now; kept for scripts
    reset.set_defaults(run_command=_reset)
    debug = commands.add_parser("debug", help="turn the emulator's DEBUG logging on or off (restarts it)")
    debug.add_argument("state", choices=["on", "off"])
    debug.set_defaults(run_command=_debug)
    commands.add_parser("env", help="print export lines for your shell (AWS_ENDPOINT_URL, region, dummy keys, "
                                    "Redis)").set_defaults(run_command=_env)
    profile = commands.add_parser("profile", help="list profiles, show one, or save one under a name (to edit)")
    profile.add_argument("action", choices=["list", "show", "save"])
    profile.add_argument("name", nargs="?", help="save: the new profile's name (it starts as --profile's settings)")
    profile.set_defaults(run_command=_profile)
    token = commands.add_parser("token", help="store or forget the LocalStack auth token in the OS keyring")
    token.add_argument("action", choices=["set", "forget", "status"])
    token.set_defaults(run_command=_token)


async def _up(context: Context) -> int:
    session = await context.session()
    await session.up()
    context.printer.status_table(await session.status(), await session.engine())
    return EXIT_OK


async def _down(context: Context) -> int:
    session = await context.session()
    report = await session.down(remove_volumes=context.args.volumes)
    context.printer.result(report, f"Environment {session.profile.name!r} is down.\n"
                                   + report.summary("\n  ").replace("Down: ", "  ", 1))
    return EXIT_OK


async def _status(context: Context) -> int:
    session = await context.session()
    rows = await session.status()
    context.printer.status_table(rows, await session.engine())
    services = [r for r in rows if r.service != LAMBDA_SERVICE]
    return EXIT_OK if all(r.state is ServiceState.READY for r in services) else EXIT_NOT_READY


async def _reset(context: Context) -> int:
    report = await (await context.session()).reset(full=context.args.full)
    context.printer.result(report, report.summary("\n  ").replace("): ", "):\n  ", 1))
    return EXIT_OK


async def _debug(context: Context) -> int:
    session = await context.session()
    await session.set_debug(context.args.state == "on")
    context.printer.result({"debug": session.profile.debug}, f"Emulator DEBUG is {context.args.state}.")
    return EXIT_OK


async def _env(context: Context) -> int:
    context.printer.result(shell_environment(context.profile), shell_exports(context.profile))
    return EXIT_OK


async def _profile(context: Context) -> int:
    if context.args.action == "list":
        names = profile_store.list_profiles()
        context.printer.result(names, "\n".join(names))
    elif context.args.action == "save":
        name = context.args.name
        if not name:
            raise LambdadeskError("profile save needs the new profile's name.", "Run lambdadesk profile save NAME.")
        path = profile_store.save_new_profile(dataclasses.replace(context.profile, name=name))
        context.printer.result({"saved": str(path)}, f"Saved profile {name!r} to {path}; edit it there, then use "
                                                     f"it with --profile {name}.")
    else:
        data = context.profile.to_dict()
        context.printer.result(data, "\n".join(f"{k}: {v}" for k, v in data.items()))
    return EXIT_OK


async def _token(context: Context) -> int:
    from lambdadesk.adapters.store import secrets  # the keyring: loaded by the one command that needs it

    action, printer = context.args.action, context.printer
    if action == "set":
        problem = secrets.keyring_problem()
        if problem:  # said before the user types the token, not after
            raise LambdadeskError(f"The token cannot be stored: {problem}.",
                                  f"Set {secrets.ENV_VAR} in your environment instead (export {secrets.ENV_VAR}=…).")
        value = sys.stdin.readline() if not sys.stdin.isatty() else getpass.getpass("Auth token: ")
        secrets.store_auth_token(value)
        printer.result({"stored": True}, "Token stored in the OS keyring.")
    elif action == "forget":
        removed = secrets.forget_auth_token()
        still = f" {secrets.ENV_VAR} is still set in this shell: unset it too." \
            if secrets.auth_token_source() == "environment" else ""
        printer.result({"removed": removed}, ("Token removed from the OS keyring." if removed else
                                              "No token was stored in the OS keyring; nothing to remove.") + still)
    else:
        present = secrets.auth_token() is not None
        printer.result({"present": present}, "A token is configured." if present else "No token is configured.")
    return EXIT_OK
