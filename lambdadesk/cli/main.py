"""`lambdadesk COMMAND`: the headless face of the same session the window uses, so a flow demoed in the window
runs in CI. Each command group lives in its own module (named like the window's tab) and registers its parsers
and handlers; this module only dispatches.

Exit codes: 0 done; 1 failed with a message and a next step; 2 wrong usage; 3 Docker not reachable;
4 (status) some service is not ready.
"""

from __future__ import annotations

import argparse
import asyncio
import os
from collections.abc import Sequence

from lambdadesk import __version__
from lambdadesk.adapters.errors import explain
from lambdadesk.cli import capture, deploy, environment, flows, invocations, logs, pool, requests, resources
from lambdadesk.cli.context import EXIT_FAILED, EXIT_NO_DOCKER, Commands, Context
from lambdadesk.cli.output import Printer
from lambdadesk.core.errors import DockerUnavailableError, LambdadeskError

GROUPS = (environment, logs, flows, deploy, requests, invocations, capture, resources, pool)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="lambdadesk", description="A local AWS test environment for Lambdas.")
    parser.add_argument("--profile", default=os.environ.get("LAMBDADESK_PROFILE") or "default",
                        help="profile name, or a path to a profile .json file (default: $LAMBDADESK_PROFILE, "
                             "else 'default')")
    parser.add_argument("--json", action="store_true", help="print results as JSON (progress as JSON lines on stderr)")
    parser.add_argument("--emulator-url", metavar="URL", help="attach to an emulator started elsewhere, for this "
                        "command (the profile's attach emulator_url): lambdadesk starts, stops and resets nothing")
    parser.add_argument("--redis-url", metavar="URL", help="with --emulator-url: the Redis to use (redis://HOST:PORT)")
    parser.add_argument("--capture-host", metavar="HOST", help="with --emulator-url: this machine's address as the "
                        "emulator reaches it, for SNS deliveries to the capture endpoint (default 127.0.0.1)")
    parser.add_argument("--version", action="version", version=f"lambdadesk {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for group in GROUPS:
        group.register(commands)
    _json_after_the_command(commands)
    return parser


def _json_after_the_command(commands: Commands) -> None:
    """`lambdadesk ls --json` means `lambdadesk --json ls`: every command, and every action of a command group,
    takes --json too (unset unless given, so it never undoes the one before the command)."""
    for parser in set(commands.choices.values()):
        actions = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        for nested in actions:
            _json_after_the_command(nested)
        parser.add_argument("--json", action="store_true", default=argparse.SUPPRESS,
                            help="print results as JSON (as lambdadesk --json COMMAND does)")


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    printer = Printer(args.json)
    try:
        return asyncio.run(_run(Context(args, printer)))
    except DockerUnavailableError as exc:
        printer.failure(exc)
        return EXIT_NO_DOCKER
    except LambdadeskError as exc:
        printer.failure(exc)
        return EXIT_FAILED
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # the emulator, Redis or Docker failing is said in words; anything else is a bug
        explained = explain(f"run lambdadesk {args.command}", exc)
        if explained is None:
            raise
        printer.failure(explained)
        return EXIT_FAILED


async def _run(context: Context) -> int:
    try:
        return int(await context.args.run_command(context))
    finally:
        await context.close()
