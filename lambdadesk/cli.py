"""`lambdadesk up | down | status | reset | logs | debug | env | demo | deploy | invoke | api | request | redis`:
the headless face of the same core the window uses, so a flow demoed in the window runs in CI.

Exit codes: 0 done; 1 failed with a message and a next step; 2 wrong usage; 3 Docker not reachable;
4 (status) some service is not ready.
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import shlex
import sys
from collections.abc import Sequence
from pathlib import Path

import docker.errors

from lambdadesk.cli_aws import AWS_COMMANDS, add_aws_commands, reapply_state, run_aws_command
from lambdadesk.cli_live import until_stopped
from lambdadesk.cli_output import Printer
from lambdadesk.core.errors import DockerUnavailableError, LambdadeskError
from lambdadesk.core.events import ServiceState
from lambdadesk.core.labels import LAMBDA_SERVICE
from lambdadesk.core.profile import Profile
from lambdadesk.core.topology import EMULATOR, shell_environment
from lambdadesk.services import profile_store, secrets
from lambdadesk.services.desired_state_store import DesiredStateStore
from lambdadesk.services.docker_connection import connect
from lambdadesk.services.log_hub import profile_log_hub
from lambdadesk.services.orchestrator import Orchestrator
from lambdadesk.services.seed_flow import run_seed_flow

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_NO_DOCKER, EXIT_NOT_READY = 0, 1, 2, 3, 4


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="lambdadesk", description="A local AWS test environment for Lambdas.")
    parser.add_argument("--profile", default="default", help="profile name, or a path to a profile .json file")
    parser.add_argument("--json", action="store_true", help="print results as JSON (progress as JSON lines on stderr)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands.add_parser("up", help="start the environment and wait until every service is ready")
    down = commands.add_parser("down", help="stop and remove the environment's containers")
    down.add_argument("--volumes", action="store_true", help="also remove its volumes (the dind image cache)")
    commands.add_parser("status", help="show every container of the environment")
    reset = commands.add_parser("reset", help="return to a clean environment")
    reset.add_argument("--full", action="store_true", help="remove and recreate everything instead of clearing state")
    reset.add_argument("--clear-state", action="store_true", help="also forget what was deployed (lambdadesk state)")
    logs = commands.add_parser("logs", help="print (or follow) container logs")
    logs.add_argument("service", nargs="?", default="all", help="emulator, redis, dind, lambda or all")
    logs.add_argument("-f", "--follow", action="store_true")
    logs.add_argument("--tail", default="100", help="lines of history to show first (a number or 'all')")
    debug = commands.add_parser("debug", help="turn the emulator's DEBUG logging on or off (restarts it)")
    debug.add_argument("state", choices=["on", "off"])
    token = commands.add_parser("token", help="store or forget the LocalStack auth token in the OS keyring")
    token.add_argument("action", choices=["set", "forget", "status"])
    demo = commands.add_parser("demo", help="run the seed flow end to end (starts the environment if needed)")
    demo.add_argument("--runtime", default="python3.12", help="Lambda runtime of the sample function")
    commands.add_parser("env", help="print export lines for your shell (AWS_ENDPOINT_URL, region, dummy keys, Redis)")
    profile = commands.add_parser("profile", help="list profiles or show one")
    profile.add_argument("action", choices=["list", "show"])
    add_aws_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    printer = Printer(args.json)
    try:
        return asyncio.run(_run(args, printer))
    except DockerUnavailableError as exc:
        printer.error(str(exc))
        return EXIT_NO_DOCKER
    except LambdadeskError as exc:
        printer.error(str(exc))
        return EXIT_FAILED
    except docker.errors.APIError as exc:
        printer.error(f"Docker refused a request: {exc.explanation or exc}\n"
                      "Check the Docker daemon (docker ps -a, its log), then try again.")
        return EXIT_FAILED
    except KeyboardInterrupt:
        return 130


async def _run(args: argparse.Namespace, printer: Printer) -> int:
    if args.command == "token":
        return _token(args.action, printer)
    profile = profile_store.load_profile(args.profile)
    if args.command == "profile":
        if args.action == "list":
            names = profile_store.list_profiles()
            printer.result(names, "\n".join(names))
        else:
            printer.result(profile.to_dict(), "\n".join(f"{k}: {v}" for k, v in profile.to_dict().items()))
        return EXIT_OK
    if args.command == "env":
        variables = shell_environment(profile)
        printer.result(variables, "\n".join(f"export {k}={shlex.quote(v)}" for k, v in variables.items()))
        return EXIT_OK
    connection = await asyncio.to_thread(connect)
    try:
        orchestrator = Orchestrator(profile, connection, secrets.auth_token(), printer.event)
        return await _environment_command(args, orchestrator, printer)
    finally:
        connection.close()


async def _environment_command(args: argparse.Namespace, orchestrator: Orchestrator, printer: Printer) -> int:
    if args.command == "up":
        if EMULATOR in await orchestrator.up():
            await reapply_state(orchestrator, printer)  # the emulator (re)started empty
        printer.status_table(await orchestrator.status())
    elif args.command == "down":
        await orchestrator.down(remove_volumes=args.volumes)
        printer.result({"down": True}, f"Environment {orchestrator.profile.name!r} is down.")
    elif args.command == "status":
        rows = await orchestrator.status()
        printer.status_table(rows)
        services = [r for r in rows if r.service != LAMBDA_SERVICE]
        return EXIT_OK if all(r.state is ServiceState.READY for r in services) else EXIT_NOT_READY
    elif args.command == "reset":
        report = await orchestrator.reset(full=args.full)
        if args.clear_state:
            DesiredStateStore(orchestrator.profile.name).clear()
            report.actions.append("forgot what was deployed (desired state)")
        printer.result(report, f"Reset ({report.path} path, {report.seconds:.1f} s):\n  " + "\n  ".join(report.actions))
    elif args.command == "debug":
        await orchestrator.set_debug(args.state == "on")
        _save_back(args.profile, orchestrator.profile)
        await reapply_state(orchestrator, printer)
        printer.result({"debug": orchestrator.profile.debug}, f"Emulator DEBUG is {args.state}.")
    elif args.command == "logs":
        return await _logs(args, orchestrator, printer)
    elif args.command == "demo":
        return await _demo(args.runtime, orchestrator, printer)
    elif args.command in AWS_COMMANDS:
        return await run_aws_command(args, orchestrator, printer)
    return EXIT_OK


async def _demo(runtime: str, orchestrator: Orchestrator, printer: Printer) -> int:
    await orchestrator.up()
    report = await run_seed_flow(orchestrator.profile, orchestrator.connection.client, runtime, printer.step)
    verdict = "PASS" if report.ok else "FAIL"
    printer.result(report, f"seed flow on {runtime}: {verdict} in {report.seconds:.1f} s")
    return EXIT_OK if report.ok else EXIT_FAILED


def _save_back(name_or_path: str, profile: Profile) -> None:
    path = Path(name_or_path) if name_or_path.endswith(".json") else None
    profile_store.save_profile(profile, path)


async def _logs(args: argparse.Namespace, orchestrator: Orchestrator, printer: Printer) -> int:
    service = None if args.service == "all" else args.service
    hub = await profile_log_hub(orchestrator.profile, orchestrator.connection.client, service, follow=args.follow,
                                tail="all" if args.tail == "all" else int(args.tail))
    await hub.start()
    if not hub.sources and not args.follow:
        raise LambdadeskError(f"No {args.service} container exists for profile {orchestrator.profile.name!r}.",
                              "Start the environment with lambdadesk up.")

    async def pump() -> None:
        async for line in hub.lines():
            printer.log_line(line)

    try:
        await until_stopped(pump())
    finally:
        await asyncio.to_thread(hub.close)
    return EXIT_OK


def _token(action: str, printer: Printer) -> int:
    if action == "set":
        value = sys.stdin.readline() if not sys.stdin.isatty() else getpass.getpass("Auth token: ")
        secrets.store_auth_token(value)
        printer.result({"stored": True}, "Token stored in the OS keyring.")
    elif action == "forget":
        secrets.forget_auth_token()
        printer.result({"stored": False}, "Token removed from the OS keyring.")
    else:
        present = secrets.auth_token() is not None
        printer.result({"present": present}, "A token is configured." if present else "No token is configured.")
    return EXIT_OK
