"""`lambdadesk invocations`, `replay` and `trace`: the Invocations tab, headless."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from lambdadesk.cli.context import EXIT_FAILED, EXIT_OK, Commands, Context
from lambdadesk.core.atomic_file import write_atomic
from lambdadesk.core.copy_as import INVOKE_FORMS, REQUEST_FORMS
from lambdadesk.core.invocation import describe
from lambdadesk.core.trace import otlp, spans, waterfall


def register(commands: Commands) -> None:
    listing = commands.add_parser("invocations", help="the kept invocations of a function (or of all), newest first")
    listing.add_argument("function", nargs="?", help="one function (default: all)")
    listing.add_argument("--last", type=int, default=20, metavar="N", help="how many (default 20)")
    listing.add_argument("--show", metavar="ID", help="everything kept of one invocation (an id or its start)")
    listing.set_defaults(run_command=_invocations)
    replay = commands.add_parser("replay", help="make a kept invocation's call again: the same request or event")
    replay.add_argument("id", help="the invocation's id (or its start), as lambdadesk invocations prints it")
    replay.add_argument("--as", dest="copy_as", choices=REQUEST_FORMS + INVOKE_FORMS,
                        help="print its call as a command to run elsewhere instead: curl or python for a request, "
                             "aws or boto3 for an invoke")
    replay.set_defaults(run_command=_replay)
    trace = commands.add_parser("trace", help="one kept invocation on a time axis: call, init, run, SNS, Redis")
    trace.add_argument("which", nargs="?", default="last", help="last (default), or an invocation's id")
    trace.add_argument("--otlp", metavar="FILE", type=Path, help="also write it as OpenTelemetry JSON (Jaeger, Tempo)")
    trace.set_defaults(run_command=_trace)


async def _invocations(context: Context) -> int:
    args, printer = context.args, context.printer
    session = await context.session()
    if args.show:
        invocation = session.invocations.store.find(args.show)
        printer.result(invocation.to_dict(), describe(invocation))
        return EXIT_OK
    kept = (await session.invocation_history(args.function))[:max(args.last, 0)]
    for problem in session.invocations.store.problems:
        printer.error(problem)
    if not kept:
        printer.result([], "No invocations kept yet. Send a request (lambdadesk request) or invoke a function.")
        return EXIT_OK
    printer.result([one.to_dict() for one in kept], "\n".join(one.summary() for one in kept))
    return EXIT_OK


async def _replay(context: Context) -> int:
    if context.args.copy_as:
        text = await (await context.session()).invocation_as(context.args.id, context.args.copy_as)
        context.printer.result({"form": context.args.copy_as, "text": text}, text)
        return EXIT_OK
    invocation = await (await context.session()).replay(context.args.id)
    context.printer.result(invocation.to_dict(), describe(invocation))
    return EXIT_OK if invocation.error is None else EXIT_FAILED


async def _trace(context: Context) -> int:
    args = context.args
    invocation = await (await context.session()).invocation(args.which)
    text = waterfall(invocation)
    if args.otlp:
        exported = json.dumps(otlp(invocation), indent=1).encode()
        await asyncio.to_thread(write_atomic, args.otlp, exported)
        text += f"\nOpenTelemetry JSON written to {args.otlp}"
    context.printer.result({"invocation": invocation.to_dict(), "trace": spans(invocation)}, text)
    return EXIT_OK
