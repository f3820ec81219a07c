"""`lambdadesk logs`: the Logs tab, headless; and a function's CloudWatch Logs (`--function`), all of them or one
request's."""

from __future__ import annotations

import asyncio

from lambdadesk.cli.context import EXIT_OK, Commands, Context
from lambdadesk.cli.live import until_stopped
from lambdadesk.core.errors import LambdadeskError


def register(commands: Commands) -> None:
    logs = commands.add_parser("logs", help="print (or follow) container logs")
    logs.add_argument("service", nargs="?", default="all", help="emulator, redis, dind, lambda or all")
    logs.add_argument("-f", "--follow", action="store_true")
    logs.add_argument("--tail", default="100", help="lines of history to show first (a number or 'all')")
    logs.add_argument("--function", metavar="NAME", help="the function's log events in the emulator's CloudWatch "
                      "Logs instead of the containers' logs (every emulator that keeps them)")
    logs.add_argument("--request-id", metavar="ID", help="with --function: only that request's lines, START to REPORT")
    logs.set_defaults(run_command=_logs)


async def _logs(context: Context) -> int:
    args = context.args
    if args.function:
        return await _function_logs(context)
    if args.request_id:
        raise LambdadeskError("--request-id picks lines out of a function's CloudWatch Logs.",
                              "Name the function too: lambdadesk logs --function NAME --request-id ID.")
    from lambdadesk.logs.log_hub import profile_log_hub

    session = await context.session()
    service = None if args.service == "all" else args.service
    client = session.connection.client if session.connection is not None else None
    hub = await profile_log_hub(session.profile, client, service, follow=args.follow,
                                tail="all" if args.tail == "all" else int(args.tail))
    await hub.start()
    if not hub.sources and not args.follow:
        if session.profile.attached is not None:
            raise LambdadeskError(f"Profile {session.profile.name!r} is attached: lambdadesk has no container there, "
                                  "and no function has logged yet.", "Read the emulator's own log where you started "
                                  "it; a function's lines come here once it ran (lambdadesk logs --function NAME).")
        raise LambdadeskError(f"No {args.service} container exists for profile {session.profile.name!r}.",
                              "Start the environment with lambdadesk up.")

    async def pump() -> None:
        async for line in hub.lines():
            context.printer.log_line(line)

    try:
        await until_stopped(pump())
    finally:
        await asyncio.to_thread(hub.close)
    return EXIT_OK


async def _function_logs(context: Context) -> int:
    """The function's CloudWatch log events (one request's, with --request-id: its whole history is read for it),
    history first, then what comes with --follow."""
    from lambdadesk.logs.function_logs import FunctionLogs

    args = context.args
    source = FunctionLogs(context.profile, args.function, args.request_id or "", follow=args.follow,
                          tail="all" if args.tail == "all" else int(args.tail))
    await source.start()

    async def pump() -> None:
        async for line in source.lines():
            context.printer.log_line(line)

    try:
        await until_stopped(pump())
    finally:
        await source.aclose()
    if not source.shown and not args.follow:
        which = f" of request {args.request_id}" if args.request_id else ""
        raise LambdadeskError(f"No log line{which} of {args.function} is in the emulator's CloudWatch Logs.",
                              "Check the name (lambdadesk ls logs lists the log groups); an emulator may take a "
                              "moment to hand a log over after the call.")
    return EXIT_OK
