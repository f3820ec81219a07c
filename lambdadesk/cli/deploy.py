"""`lambdadesk deploy | invoke | api | state`: the Deploy tab, headless."""

from __future__ import annotations

import asyncio
import dataclasses
import json
from pathlib import Path
from typing import TYPE_CHECKING

from lambdadesk.cli.context import EXIT_FAILED, EXIT_OK, Commands, Context
from lambdadesk.cli.live import until_stopped
from lambdadesk.core.copy_as import INVOKE_FORMS
from lambdadesk.core.errors import LambdadeskError
from lambdadesk.core.event_templates import TEMPLATES
from lambdadesk.core.events import Notice
from lambdadesk.core.function_spec import FunctionSpec
from lambdadesk.core.safe_json import typed_json

if TYPE_CHECKING:  # what a command uses is imported when it runs: `lambdadesk --help` stays quick
    from lambdadesk.deploy.source_reload import Reload



def register(commands: Commands) -> None:
    deploy = commands.add_parser("deploy", help="deploy a Lambda zip or source folder (create or update) and wait "
                                                "until Active")
    deploy.add_argument("code", type=Path, metavar="ZIP|FOLDER",
                        help="a zip, or a source folder: Python with its requirements.txt, Go built into bootstrap")
    deploy.add_argument("--name", required=True)
    deploy.add_argument("--runtime", default="python3.12")
    deploy.add_argument("--handler", default="lambda_function.lambda_handler")
    deploy.add_argument("--memory", type=int, default=256, help="MB")
    deploy.add_argument("--timeout", type=int, default=30, help="seconds")
    deploy.add_argument("-e", "--env", action="append", default=[], metavar="KEY=VALUE",
                        help="a variable of your own (wins over the injected addresses)")
    deploy.add_argument("--watch", action="store_true",
                        help="keep running and redeploy whenever the zip changes (a folder: reload only the code on "
                             "every save)")
    deploy.add_argument("--debug", action="store_true",
                        help="then make it wait for a debugger (debugpy) on 127.0.0.1:PORT until Ctrl-C, which "
                             "puts it back (Python; host topology)")
    deploy.add_argument("--debug-port", type=int, default=5678, metavar="PORT")
    deploy.add_argument("--debug-wait", type=float, default=60, metavar="SECONDS",
                        help="how long each request waits for the debugger to attach (default 60)")
    deploy.set_defaults(run_command=_deploy)
    invoke = commands.add_parser("invoke", help="invoke a function directly with a JSON payload")
    invoke.add_argument("name")
    event = invoke.add_mutually_exclusive_group()
    event.add_argument("--payload", help="the event, as JSON (default: {})")
    event.add_argument("--template", choices=TEMPLATES, help="an event as that service sends it, filled in for "
                       "the function: " + "; ".join(f"{name}: {what}" for name, what in TEMPLATES.items()))
    event.add_argument("--saved-payload", metavar="NAME", help="an event saved earlier with --save-payload")
    invoke.add_argument("--save-payload", metavar="NAME", help="also save the event under NAME (beside the saved "
                        "requests)")
    invoke.add_argument("--as", dest="copy_as", choices=INVOKE_FORMS,
                        help="print it as a command to run elsewhere (the aws CLI, or a boto3 script) instead")
    invoke.set_defaults(run_command=_invoke)
    api = commands.add_parser("api", help="wire a REST API to a function, or list wired APIs")
    api.add_argument("action", choices=["wire", "list"])
    api.add_argument("function", nargs="?")
    api.add_argument("--name", help="the API's name (default: the function's)")
    api.add_argument("--stage", default="dev")
    api.set_defaults(run_command=_api)
    state = commands.add_parser("state", help="what was deployed and wired: show, apply (again) or clear")
    state.add_argument("action", choices=["show", "apply", "clear"])
    state.set_defaults(run_command=_state)


async def _deploy(context: Context) -> int:
    from lambdadesk.deploy.source_package import code_from

    args = context.args
    if args.debug and args.watch:
        raise LambdadeskError("--debug and --watch do not go together yet: a reload would replace the code that "
                              "waits for the debugger.", "Leave one out: debug (Ctrl-C puts the function back), "
                              "then run deploy --watch again.")
    package = await asyncio.to_thread(code_from, args.code, args.runtime, args.handler)
    spec = FunctionSpec(args.name, args.runtime, args.handler, package.code, args.memory, args.timeout,
                        _variables(args.env))
    for problem in package.problems:
        context.printer.error(f"{problem} (deployed as it is)")
    await _deploy_and_say(context, spec)
    if args.debug:
        await _debug(context, spec, args.code if args.code.is_dir() else None)
    elif args.watch and args.code.is_dir():
        await _reload_on_save(context, args.code, spec)
    elif args.watch:
        await _redeploy_on_change(context, args.code, spec)
    return EXIT_OK


async def _deploy_and_say(context: Context, spec: FunctionSpec) -> None:
    done, _route = await (await context.session()).deploy(spec)
    context.printer.record(done, f"{done.said()}: {done.state} ({done.seconds:.1f} s)")


async def _redeploy_on_change(context: Context, path: Path, spec: FunctionSpec) -> None:
    from lambdadesk.deploy.zip_watcher import ZipWatcher

    async def redeploy(code: bytes) -> None:
        try:
            await _deploy_and_say(context, dataclasses.replace(spec, code=code))
        except LambdadeskError as exc:  # a broken build is reported and the watch goes on
            context.printer.failure(exc)

    watcher = ZipWatcher(path, redeploy)
    watcher.start()
    context.printer.event(Notice(f"watching {path}; Ctrl-C to stop"))
    try:
        await until_stopped(asyncio.Event().wait())
    finally:
        await watcher.stop()


async def _debug(context: Context, spec: FunctionSpec, source: Path | None) -> None:
    from lambdadesk.deploy.function_debugger import FunctionDebugger

    printer = context.printer
    debugger = FunctionDebugger(await context.session(), spec, source, lambda text: printer.event(Notice(text)),
                                context.args.debug_port, context.args.debug_wait)
    said = await debugger.start()
    configuration = debugger.attach_configuration()
    printer.result({"debugging": spec.name, "port": debugger.port, "vscode": configuration},
                   f"{said}\nVS Code (launch.json, configurations):\n{json.dumps(configuration, indent=2)}")
    try:
        await until_stopped(debugger.restored.wait())
    finally:
        await debugger.stop()


async def _reload_on_save(context: Context, folder: Path, spec: FunctionSpec) -> None:
    from lambdadesk.deploy.source_reload import SourceReloader

    printer = context.printer

    def said(reload: Reload) -> None:
        printer.record(reload, reload.text())  # what went wrong is in the record: one line per reload

    lost = asyncio.Event()

    def watch_lost(why: str) -> None:
        printer.error(why)
        lost.set()

    reloader = SourceReloader(await context.session(), folder, spec, said, watch_lost)
    reloader.start()
    printer.event(Notice(f"watching {folder}: every save reloads {spec.name}; Ctrl-C to stop"))
    try:
        await until_stopped(lost.wait())
    finally:
        await reloader.stop()


async def _invoke(context: Context) -> int:
    payload = await _event(context)
    if context.args.copy_as:
        text = (await context.session()).invoke_as(context.args.name, payload, context.args.copy_as)
        context.printer.result({"form": context.args.copy_as, "text": text}, text)
        return EXIT_OK
    result = await (await context.session()).invoke(context.args.name, payload)
    text = f"{result.status} {result.function_error or 'OK'} in {result.seconds * 1000:.0f} ms" \
           f" ({'cold' if result.cold else 'warm'})\n{result.payload}\n--- log tail ---\n{result.log_tail}"
    context.printer.result(result, text)
    return EXIT_OK if result.function_error is None else EXIT_FAILED


async def _api(context: Context) -> int:
    args, printer = context.args, context.printer
    session = await context.session()
    if args.action == "list":
        routes = await session.routes()
        lines = [f"{r.api_id} {r.stage:<6} -> {r.function_name or '?'}\n  {r.url()}\n  {r.execute_api_url()}"
                 for r in routes]
        printer.result([{"api_id": r.api_id, "stage": r.stage, "function": r.function_name, "url": r.url()}
                        for r in routes], "\n".join(lines) or "No REST API is wired.")
        return EXIT_OK
    if not args.function:
        raise LambdadeskError("api wire needs the function to wire.", "Run lambdadesk api wire FUNCTION_NAME.")
    route = await session.wire(args.function, args.name or "", args.stage)
    printer.result({"api_id": route.api_id, "url": route.url()}, f"Wired {args.function}:\n  {route.url()}\n"
                   f"  {route.execute_api_url()}")
    return EXIT_OK


async def _state(context: Context) -> int:
    from lambdadesk.adapters.store.desired_state_store import DesiredStateStore

    action, printer = context.args.action, context.printer
    store = DesiredStateStore(context.profile.name)
    if action == "show":
        state = store.load()
        printer.result(state.to_dict(), json.dumps(state.to_dict(), indent=2))
    elif action == "apply":
        done = await (await context.session()).reapply()
        printer.result(done, "\n".join(done) or ("Nothing is recorded for this profile." if store.load().empty
                                                  else "The emulator has everything recorded: nothing to re-apply."))
    else:
        store.clear()
        printer.result({"cleared": True}, f"Forgot what was deployed in profile {context.profile.name!r}.")
    return EXIT_OK


async def _event(context: Context) -> object:
    """The event to invoke with: --payload, a saved one, a template's, or {}; saved when --save-payload says so."""
    args = context.args
    if args.payload is not None:
        payload = _json_argument(args.payload, "--payload")
    elif args.saved_payload:
        payload = (await context.session()).requests.load_payload(args.saved_payload)
    elif args.template:
        payload = await (await context.session()).event_template(args.template, args.name)
    else:
        payload = {}
    if args.save_payload:
        path = (await context.session()).requests.save_payload(args.save_payload, payload)
        context.printer.event(Notice(f"saved the event as {args.save_payload!r} ({path})"))
    return payload


def _variables(pairs: list[str]) -> dict[str, str]:
    variables = {}
    for pair in pairs:
        key, equals, value = pair.partition("=")
        if not equals or not key:
            raise LambdadeskError(f"{pair!r} is not KEY=VALUE.", "Pass variables as -e NAME=value.")
        variables[key] = value
    return variables


def _json_argument(text: str, option: str) -> object:
    return typed_json(text, option, "Quote the JSON for your shell, e.g. --payload '{\"a\": 1}'.")
