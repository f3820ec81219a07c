"""CLI commands for the AWS flow: deploy, invoke, api, request, redis. Same services as the window."""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
from pathlib import Path

from lambdadesk.cli_live import capture, until_stopped, watch_redis
from lambdadesk.cli_output import Printer
from lambdadesk.core.display import ttl_text
from lambdadesk.core.errors import LambdadeskError
from lambdadesk.core.events import Notice
from lambdadesk.core.function_spec import FunctionSpec
from lambdadesk.core.http_request import RequestSpec, check_request, parse_header_lines
from lambdadesk.core.lambda_zip import read_lambda_zip
from lambdadesk.core.topology import addresses
from lambdadesk.paths import requests_dir
from lambdadesk.services import api_gateway
from lambdadesk.services.desired_state_store import DesiredStateStore, reapply
from lambdadesk.services.function_invoker import FunctionInvoker
from lambdadesk.services.injected_environment import injected_environment
from lambdadesk.services.lambda_deployer import LambdaDeployer
from lambdadesk.services.orchestrator import Orchestrator
from lambdadesk.services.redis_inspector import RedisInspector
from lambdadesk.services.request_runner import send
from lambdadesk.services.request_store import RequestStore
from lambdadesk.services.zip_watcher import ZipWatcher

AWS_COMMANDS = ("deploy", "invoke", "api", "request", "redis", "state", "capture")


def add_aws_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    deploy = commands.add_parser("deploy", help="deploy a Lambda zip (create or update) and wait until Active")
    deploy.add_argument("zip", type=Path)
    deploy.add_argument("--name", required=True)
    deploy.add_argument("--runtime", default="python3.12")
    deploy.add_argument("--handler", default="lambda_function.lambda_handler")
    deploy.add_argument("--memory", type=int, default=256, help="MB")
    deploy.add_argument("--timeout", type=int, default=30, help="seconds")
    deploy.add_argument("-e", "--env", action="append", default=[], metavar="KEY=VALUE",
                        help="a variable of your own (wins over the injected addresses)")
    deploy.add_argument("--watch", action="store_true", help="keep running and redeploy whenever the zip changes")
    invoke = commands.add_parser("invoke", help="invoke a function directly with a JSON payload")
    invoke.add_argument("name")
    invoke.add_argument("--payload", default="{}", help="JSON")
    api = commands.add_parser("api", help="wire a REST API to a function, or list wired APIs")
    api.add_argument("action", choices=["wire", "list"])
    api.add_argument("function", nargs="?")
    api.add_argument("--name", help="the API's name (default: the function's)")
    api.add_argument("--stage", default="dev")
    request = commands.add_parser("request", help="send a request through API Gateway (kept in the history)")
    request.add_argument("method", nargs="?", default="GET")
    request.add_argument("path", nargs="?", default="/")
    request.add_argument("--api", default="", help="the API's name (default: the first wired one)")
    request.add_argument("--query", default="")
    request.add_argument("-H", "--header", action="append", default=[], help="Name: value")
    request.add_argument("-d", "--data", default="", help="the body")
    request.add_argument("--json-body", action="store_true", help="the body is JSON (checked before sending)")
    request.add_argument("--save", metavar="NAME", help="also save this request under NAME")
    request.add_argument("--saved", metavar="NAME", help="send a saved request")
    redis = commands.add_parser("redis", help="read Redis: get KEY, or scan [PATTERN]")
    redis.add_argument("action", choices=["get", "scan", "watch"])
    redis.add_argument("target", nargs="?", default="*", help="a key (get) or a pattern (scan, watch)")
    redis.add_argument("--count", type=int, help="watch: stop after this many changes")
    capture = commands.add_parser("capture", help="subscribe an endpoint to SNS topics; show each message beside "
                                                  "the Redis value it points to")
    capture.add_argument("topics", nargs="+", metavar="TOPIC")
    capture.add_argument("--count", type=int, help="stop after this many notifications")
    state = commands.add_parser("state", help="what was deployed and wired: show, apply (again) or clear")
    state.add_argument("action", choices=["show", "apply", "clear"])


async def run_aws_command(args: argparse.Namespace, orchestrator: Orchestrator, printer: Printer) -> int:
    profile = orchestrator.profile
    endpoint = addresses(profile).host.emulator_url
    if args.command == "deploy":
        spec = FunctionSpec(args.name, args.runtime, args.handler, read_lambda_zip(args.zip), args.memory, args.timeout,
                            _variables(args.env))
        deployer = LambdaDeployer(endpoint, profile.region, await asyncio.to_thread(injected_environment, profile))
        await _deploy_and_say(deployer, spec, profile.name, printer)
        if args.watch:
            await _redeploy_on_change(args.zip, deployer, spec, profile.name, printer)
    elif args.command == "invoke":
        result = await asyncio.to_thread(FunctionInvoker(endpoint, profile.region).invoke, args.name,
                                         _json_argument(args.payload, "--payload"))
        text = f"{result.status} {result.function_error or 'OK'} in {result.seconds * 1000:.0f} ms" \
               f" ({'cold' if result.cold else 'warm'})\n{result.payload}\n--- log tail ---\n{result.log_tail}"
        printer.result(result, text)
        return 0 if result.function_error is None else 1
    elif args.command == "api":
        return await _api(args, profile.name, endpoint, profile.region, printer)
    elif args.command == "request":
        return await _request(args, endpoint, profile.region, printer)
    elif args.command == "redis" and args.action == "watch":
        return await watch_redis(args, orchestrator, printer)
    elif args.command == "redis":
        await _redis(args, orchestrator, printer)
    elif args.command == "capture":
        return await capture(args, orchestrator, printer)
    elif args.command == "state":
        await _state(args.action, orchestrator, printer)
    return 0


async def _deploy_and_say(deployer: LambdaDeployer, spec: FunctionSpec, profile: str, printer: Printer) -> None:
    done = await asyncio.to_thread(deployer.deploy, spec)
    DesiredStateStore(profile).record_function(spec)
    printer.record(done, f"{'Created' if done.created else 'Updated'} {done.arn}: {done.state} ({done.seconds:.1f} s)")


async def _redeploy_on_change(path: Path, deployer: LambdaDeployer, spec: FunctionSpec, profile: str,
                              printer: Printer) -> None:
    async def redeploy(code: bytes) -> None:
        try:
            await _deploy_and_say(deployer, dataclasses.replace(spec, code=code), profile, printer)
        except LambdadeskError as exc:  # a broken build is reported and the watch goes on
            printer.error(str(exc))

    watcher = ZipWatcher(path, redeploy)
    watcher.start()
    printer.event(Notice(f"watching {path}; Ctrl-C to stop"))
    try:
        await until_stopped(asyncio.Event().wait())
    finally:
        await watcher.stop()


async def reapply_state(orchestrator: Orchestrator, printer: Printer) -> list[str]:
    """After the emulator restarted (its state is in memory), deploy and wire again what the user had."""
    done = await asyncio.to_thread(reapply, orchestrator.profile)
    if done:
        printer.event(Notice("Re-applied what was deployed: " + ", ".join(done)))
    return done


async def _state(action: str, orchestrator: Orchestrator, printer: Printer) -> None:
    store = DesiredStateStore(orchestrator.profile.name)
    if action == "show":
        state = store.load()
        printer.result(state.to_dict(), json.dumps(state.to_dict(), indent=2))
    elif action == "apply":
        done = await reapply_state(orchestrator, printer)
        printer.result(done, "\n".join(done) or "Nothing is recorded for this profile.")
    else:
        store.clear()
        printer.result({"cleared": True}, f"Forgot what was deployed in profile {orchestrator.profile.name!r}.")


async def _api(args: argparse.Namespace, profile_name: str, endpoint: str, region: str, printer: Printer) -> int:
    if args.action == "list":
        routes = await asyncio.to_thread(api_gateway.list_routes, endpoint, region)
        lines = [f"{r.api_id} {r.stage:<6} -> {r.function_name or '?'}\n  {r.url()}\n  {r.execute_api_url()}"
                 for r in routes]
        printer.result([{"api_id": r.api_id, "stage": r.stage, "function": r.function_name, "url": r.url()}
                        for r in routes], "\n".join(lines) or "No REST API is wired.")
        return 0
    if not args.function:
        raise LambdadeskError("api wire needs the function to wire.", "Run lambdadesk api wire FUNCTION_NAME.")
    arn = await asyncio.to_thread(LambdaDeployer(endpoint, region, {}).arn, args.function)
    name = args.name or args.function
    route = await asyncio.to_thread(api_gateway.wire_rest_api, endpoint, region, arn, name, args.stage)
    DesiredStateStore(profile_name).record_api(name, args.function, args.stage)
    printer.result({"api_id": route.api_id, "url": route.url()}, f"Wired {args.function}:\n  {route.url()}\n"
                   f"  {route.execute_api_url()}")
    return 0


async def _request(args: argparse.Namespace, endpoint: str, region: str, printer: Printer) -> int:
    store = RequestStore(requests_dir())
    if args.saved:
        spec = store.load(args.saved)
    else:
        spec = check_request(RequestSpec(args.method, args.path, args.query, parse_header_lines("\n".join(args.header)),
                                         args.data, args.json_body, args.api))
    if args.save:
        store.save(args.save, spec)
    route = await asyncio.to_thread(api_gateway.find_route, endpoint, region, spec.api)
    response = await send(route.url(), spec)
    store.record(spec, response)
    headers = "\n".join(f"{k}: {v}" for k, v in response.headers)
    printer.result(response, f"HTTP {response.status} in {response.seconds * 1000:.0f} ms\n{headers}\n\n"
                             f"{response.pretty_body()}")
    return 0 if response.status < 400 else 1


async def _redis(args: argparse.Namespace, orchestrator: Orchestrator, printer: Printer) -> None:
    view = addresses(orchestrator.profile).host
    inspector = RedisInspector(view.redis_host, view.redis_port)
    try:
        if args.action == "get":
            value = await inspector.read(args.target)
            if value is None:
                raise LambdadeskError(f"Redis has no key {args.target!r}.", "List keys with lambdadesk redis scan.")
            printer.result(value, f"{value.key} ({value.type}, {ttl_text(value.ttl_s)}, size {value.size})\n"
                                  f"{value.text}")
        else:
            keys: list[str] = []
            cursor = 0
            while len(keys) < 10_000:
                cursor, page = await inspector.scan(args.target, cursor)
                keys += page
                if cursor == 0:
                    break
            printer.result(sorted(keys), "\n".join(sorted(keys)))
    finally:
        await inspector.close()


def _variables(pairs: list[str]) -> dict[str, str]:
    variables = {}
    for pair in pairs:
        key, equals, value = pair.partition("=")
        if not equals or not key:
            raise LambdadeskError(f"{pair!r} is not KEY=VALUE.", "Pass variables as -e NAME=value.")
        variables[key] = value
    return variables


def _json_argument(text: str, option: str) -> object:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise LambdadeskError(f"{option} is not valid JSON: {exc.msg} at column {exc.colno}.",
                              "Quote the JSON for your shell, e.g. --payload '{\"a\": 1}'.") from exc
