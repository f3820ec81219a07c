"""`lambdadesk ls` / `describe` / `delete`: the Resources tab, headless. What the emulator holds, as lines, JSON
or CSV; one resource's details; one deleted, after a confirmation (or --yes)."""

from __future__ import annotations

import json
import sys

from lambdadesk.cli.context import EXIT_FAILED, EXIT_OK, Commands, Context
from lambdadesk.core.errors import LambdadeskError
from lambdadesk.core.events import Notice
from lambdadesk.core.resource import KINDS, SERVICES, Resource, as_csv, as_text
from lambdadesk.resources.resource_delete import deletion_question


def register(commands: Commands) -> None:
    listing = commands.add_parser("ls", help="list what the emulator holds (functions, APIs, topics, queues, …)")
    listing.add_argument("service", nargs="?", choices=SERVICES, help="only this service")
    listing.add_argument("--csv", action="store_true", help="one CSV row per resource")
    listing.set_defaults(run_command=_list)
    describe = commands.add_parser("describe", help="one resource's details, as the emulator gives them")
    describe.add_argument("reference", metavar="NAME|ARN")
    describe.add_argument("--kind", choices=KINDS, default="", help="when a name is shared (a function and a topic)")
    describe.set_defaults(run_command=_describe)
    delete = commands.add_parser("delete", help="delete one resource from the emulator (asks first)")
    delete.add_argument("reference", metavar="NAME|ARN")
    delete.add_argument("--kind", choices=KINDS, default="", help="when a name is shared (a function and a topic)")
    delete.add_argument("--yes", action="store_true", help="do not ask")
    delete.set_defaults(run_command=_delete)


async def _list(context: Context) -> int:
    session = await context.session()
    listings = await session.resources([context.args.service] if context.args.service else SERVICES)
    if context.args.csv:  # a service left out says why on stderr: the CSV stays rows of resources
        for listing in listings:
            if listing.error:
                context.printer.event(Notice(f"{listing.service} not listed: {listing.error}"))
        print(as_csv(listings), end="", file=context.printer.out, flush=True)
    else:
        context.printer.result(listings, as_text(listings))
    return EXIT_OK


async def _describe(context: Context) -> int:
    resource = await (await context.session()).describe(context.args.reference, context.args.kind)
    context.printer.result(resource, _described(resource))
    return EXIT_OK


async def _delete(context: Context) -> int:
    session = await context.session()
    resource = await session.describe(context.args.reference, context.args.kind)
    if not context.args.yes and not _confirmed(deletion_question(resource)):
        context.printer.error("Nothing was deleted.")
        return EXIT_FAILED
    done = await session.delete_resource(resource)
    context.printer.result({"deleted": resource, "done": done}, done)
    return EXIT_OK


def _confirmed(question: str) -> bool:
    """Asked on the terminal; with no terminal to ask on, refused with what to do."""
    if not sys.stdin.isatty():
        raise LambdadeskError(f"{question} There is no terminal to ask on, so nothing was deleted.",
                              "Add --yes to delete without asking.")
    return input(f"{question} [y/N] ").strip().lower() in ("y", "yes")


def _described(resource: Resource) -> str:
    problem = f"\n! {resource.problem}" if resource.problem else ""
    return (f"{resource.kind} {resource.name}\n{resource.arn}\n{resource.summary}{problem}\n\n"
            + json.dumps(resource.details, indent=2, default=str))
