"""`lambdadesk demo`: the seed flow end to end, as the window's Demo tab runs it."""

from __future__ import annotations

from lambdadesk.cli.context import EXIT_FAILED, EXIT_OK, Commands, Context
from lambdadesk.flows.seed_flow import run_seed_flow


def register(commands: Commands) -> None:
    demo = commands.add_parser("demo", help="run the seed flow end to end (starts the environment if needed)")
    demo.add_argument("--runtime", default="python3.12", help="Lambda runtime of the sample function")
    demo.set_defaults(run_command=_demo)


async def _demo(context: Context) -> int:
    session = await context.session()
    await session.up()
    report = await run_seed_flow(session, context.args.runtime, context.printer.step)
    verdict = "PASS" if report.ok else "FAIL"
    context.printer.result(report, f"seed flow on {context.args.runtime}: {verdict} in {report.seconds:.1f} s")
    return EXIT_OK if report.ok else EXIT_FAILED
