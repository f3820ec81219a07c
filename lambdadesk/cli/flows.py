"""`lambdadesk flow run | check` and `lambdadesk demo`: flow files, headless, as the window's Flows tab runs them.
Exit codes: 0 every flow passed, 1 a step failed, 2 a file is invalid (nothing ran)."""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path
from typing import TYPE_CHECKING

from lambdadesk.cli.context import EXIT_FAILED, EXIT_OK, EXIT_USAGE, Commands, Context
from lambdadesk.core.atomic_file import write_atomic
from lambdadesk.core.errors import LambdadeskError
from lambdadesk.core.events import Notice
from lambdadesk.flows.flow_export import TARGETS

if TYPE_CHECKING:  # what a command uses is imported when it runs: `lambdadesk --help` stays quick
    from lambdadesk.flows.flow_model import Flow
    from lambdadesk.flows.flow_result import FlowReport



def register(commands: Commands) -> None:
    flow = commands.add_parser("flow", help="run or check flow files (YAML: environment, steps, expectations)")
    actions = flow.add_subparsers(dest="flow_action", required=True, metavar="ACTION")
    run = actions.add_parser("run", help="bring the environment up if needed and run each flow file")
    run.add_argument("files", nargs="+", type=Path, metavar="FILE")
    run.add_argument("--junit", type=Path, metavar="PATH", help="write a JUnit XML report (one testcase per step)")
    run.add_argument("--report", type=Path, metavar="PATH", help="write a JSON report of every step")
    _variable_option(run)
    run.set_defaults(run_command=_run)
    check = actions.add_parser("check", help="read each flow file and say what is wrong, without running it")
    check.add_argument("files", nargs="+", type=Path, metavar="FILE")
    _variable_option(check)
    check.set_defaults(run_command=_check)
    export = actions.add_parser("export", help="turn a flow file into a pytest module, a GitHub workflow, or a CI "
                                "configuration (compose, Drone, a Kubernetes Pod) with the profile's images")
    export.add_argument("file", type=Path, metavar="FILE")
    export.add_argument("--to", required=True, choices=TARGETS, help="what to make")
    export.add_argument("-o", "--output", type=Path, metavar="PATH", help="write it here (default: print it)")
    export.set_defaults(run_command=_export)
    new = actions.add_parser("new", help="write NAME.flow.yaml: a commented starter from what is deployed now")
    new.add_argument("name")
    new.add_argument("-o", "--output", type=Path, metavar="PATH", help="default: NAME.flow.yaml here")
    new.set_defaults(run_command=_new)
    schema = actions.add_parser("schema", help="print the path of the flow files' JSON Schema (for editors)")
    schema.set_defaults(run_command=_schema)
    demo = commands.add_parser("demo", help="run the seed flow's sample file end to end (starts the environment)")
    demo.add_argument("--runtime", default="python3.12", help="Lambda runtime of the sample function")
    demo.set_defaults(run_command=_demo)


def _variable_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--var", action="append", default=[], metavar="NAME=VALUE",
                        help="set a flow variable (wins over the file's vars:)")


async def _check(context: Context) -> int:
    flows = _read_all(context)
    if flows is None:
        return EXIT_USAGE
    for flow in flows:
        context.printer.record({"file": str(flow.file), "name": flow.name, "steps": len(flow.steps)},
                               f"{flow.file}: {flow.name!r} is valid ({len(flow.steps)} "
                               f"step{'s' if len(flow.steps) != 1 else ''})")
    return EXIT_OK


async def _new(context: Context) -> int:
    args = context.args
    output = args.output or Path(f"{args.name}.flow.yaml")
    if output.exists():
        raise LambdadeskError(f"{output} exists; lambdadesk does not write over your files.",
                              "Choose another name, or another place with -o.")
    from lambdadesk.adapters.store.desired_state_store import DesiredStateStore
    from lambdadesk.flows.flow_starter import starter_flow

    state = await asyncio.to_thread(DesiredStateStore(context.profile.name).load)
    write_atomic(output, starter_flow(args.name, context.profile.name, state).encode())
    context.printer.result({"file": str(output)}, f"Wrote {output}. Next: lambdadesk flow check {output}")
    return EXIT_OK


async def _schema(context: Context) -> int:
    from lambdadesk.flows.flow_starter import SCHEMA

    context.printer.result({"schema": str(SCHEMA)}, str(SCHEMA))
    return EXIT_OK


async def _export(context: Context) -> int:
    from lambdadesk.flows.flow_export import export_flow
    from lambdadesk.flows.flow_parser import read_flow
    from lambdadesk.flows.flow_yaml import FlowFileError

    args = context.args
    try:
        flow = read_flow(args.file)
    except FlowFileError as exc:
        context.printer.failure(exc)
        return EXIT_USAGE
    text = export_flow(flow, args.to, args.output, context.profile)
    if args.output is None:
        context.printer.out.write(text)
    else:
        write_atomic(args.output, text.encode())
        context.printer.event(Notice(f"wrote {args.output} ({args.to}) from {args.file}"))
    return EXIT_OK


async def _run(context: Context) -> int:
    from lambdadesk.flows.flow_reports import write_reports

    flows = _read_all(context)
    if flows is None:
        return EXIT_USAGE
    reports = await _run_flows(context, flows)
    write_reports(reports, context.args.junit, context.args.report)
    return EXIT_OK if all(report.ok for report in reports) else EXIT_FAILED


async def _demo(context: Context) -> int:
    from lambdadesk.flows.flow_reports import json_report
    from lambdadesk.flows.sample_flows import run_seed_sample

    session = await context.session()
    await session.up()
    report = await run_seed_sample(session, context.args.runtime, context.printer.step)
    verdict = "PASS" if report.ok else "FAIL"
    context.printer.result(json_report([report]), f"seed flow on {context.args.runtime}: {verdict} in "
                                                  f"{report.seconds:.1f} s")
    return EXIT_OK if report.ok else EXIT_FAILED


async def _run_flows(context: Context, flows: list[Flow]) -> list[FlowReport]:
    from lambdadesk.flows.flow_reports import json_report
    from lambdadesk.flows.flow_runner import FlowRunner

    session = await context.session()
    await session.up()
    reports = []
    for flow in flows:
        context.printer.event(Notice(f"flow {flow.name!r} ({flow.file})"))
        report = await FlowRunner(session, flow, context.printer.step).run()
        reports.append(report)
        verdict = "PASS" if report.ok else "FAIL"
        context.printer.result(json_report([report]), f"{flow.name}: {verdict} in {report.seconds:.1f} s")
    return reports


def _read_all(context: Context) -> list[Flow] | None:
    """Every file read, or None after printing each one's problem (nothing runs then)."""
    from lambdadesk.flows.flow_parser import read_flow
    from lambdadesk.flows.flow_yaml import FlowFileError
    from lambdadesk.flows.variables import parse_assignments

    variables = parse_assignments(context.args.var)
    flows, failed = [], False
    for file in context.args.files:
        try:
            flows.append(read_flow(file, variables))
        except FlowFileError as exc:
            context.printer.failure(exc)
            failed = True
    return None if failed else flows
