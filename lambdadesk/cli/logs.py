"""`lambdadesk logs`: the Logs tab, headless."""

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
    logs.set_defaults(run_command=_logs)


async def _logs(context: Context) -> int:
    from lambdadesk.logs.log_hub import profile_log_hub

    args = context.args
    session = await context.session()
    service = None if args.service == "all" else args.service
    hub = await profile_log_hub(session.profile, session.connection.client, service, follow=args.follow,
                                tail="all" if args.tail == "all" else int(args.tail))
    await hub.start()
    if not hub.sources and not args.follow:
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
