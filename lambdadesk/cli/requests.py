"""`lambdadesk request`: the Requests tab, headless. Sent through the session, so it is kept in the history."""

from __future__ import annotations

from lambdadesk.cli.context import EXIT_FAILED, EXIT_OK, Commands, Context
from lambdadesk.core.copy_as import REQUEST_FORMS
from lambdadesk.core.http_request import RequestSpec, check_request, parse_header_lines


def register(commands: Commands) -> None:
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
    request.add_argument("--as", dest="copy_as", choices=REQUEST_FORMS,
                         help="print it as a command to run elsewhere (curl, or a Python script) instead of sending")
    request.set_defaults(run_command=_request)


async def _request(context: Context) -> int:
    args = context.args
    session = await context.session()
    if args.saved:
        spec = session.requests.load(args.saved)
    else:
        spec = check_request(RequestSpec(args.method, args.path, args.query, parse_header_lines("\n".join(args.header)),
                                         args.data, args.json_body, args.api))
    if args.save:
        session.requests.save(args.save, spec)
    if args.copy_as:
        text = await session.request_as(spec, args.copy_as)
        context.printer.result({"form": args.copy_as, "text": text}, text)
        return EXIT_OK
    response = await session.send(spec)
    headers = "\n".join(f"{k}: {v}" for k, v in response.headers)
    context.printer.result(response, f"HTTP {response.status} in {response.seconds * 1000:.0f} ms\n{headers}\n\n"
                                     f"{response.pretty_body()}")
    return EXIT_OK if response.status < 400 else EXIT_FAILED
