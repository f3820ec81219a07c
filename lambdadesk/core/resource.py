"""What the emulator holds, as the Resources tab and `lambdadesk ls` / `describe` show it: plain data, the rows
of a listing and their text (a table line, CSV), and how a name given on the command line finds one."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from lambdadesk.core.errors import LambdadeskError

SERVICES = ("lambda", "apigateway", "sns", "sqs", "s3", "logs", "iam")
"""What the browser reads, in the order it shows them."""

KINDS = ("function", "rest-api", "topic", "subscription", "queue", "bucket", "log-group", "role")

CSV_COLUMNS = ("service", "kind", "name", "arn", "summary", "problem")


@dataclass(frozen=True)
class Resource:
    service: str  # one of SERVICES
    kind: str  # one of KINDS
    name: str
    arn: str  # its ARN, or the id the service names it by where it has no ARN (a REST API's id)
    summary: str  # one line of what matters most ("python3.12 · 1.2 kB · sha256 3f2a…")
    details: dict[str, Any] = field(default_factory=dict)  # what describe shows, as the emulator answered
    problem: str = ""  # what is wrong with it, in words ("dangling: nothing answers at 127.0.0.1:41234")
    parent: str = ""  # the ARN it belongs to (a subscription's topic), "" for none

    def line(self) -> str:
        """One line of `lambdadesk ls`."""
        warning = f"  ! {self.problem}" if self.problem else ""
        indent = "  " if self.parent else ""
        return f"{self.service:<10} {indent + self.kind:<13} {self.name:<40} {self.summary}{warning}"

    def matches(self, reference: str) -> bool:
        """Whether `reference` (an ARN, a name, or an id) names this resource."""
        return reference in (self.arn, self.name)


@dataclass(frozen=True)
class ServiceListing:
    """One service's resources, or why the emulator could not list them (a service it lacks)."""

    service: str
    resources: list[Resource]
    error: str = ""


def as_csv(listings: list[ServiceListing]) -> str:
    """Every resource as one CSV row (a header first); details are left to describe."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for listing in listings:
        for resource in listing.resources:
            writer.writerow([getattr(resource, column) for column in CSV_COLUMNS])
    return out.getvalue()


def as_text(listings: list[ServiceListing]) -> str:
    """Every resource, a line each, services in order; a service that could not be listed says why."""
    lines = []
    for listing in listings:
        if listing.error:
            lines.append(f"{listing.service:<10} (not listed: {listing.error})")
        lines.extend(resource.line() for resource in listing.resources)
    return "\n".join(lines) if lines else "Nothing is deployed in the emulator."


def find_resource(listings: list[ServiceListing], reference: str, kind: str = "") -> Resource:
    """The one resource `reference` names (of `kind`, when given); a name two resources share must be given as an
    ARN or with its kind."""
    found = [r for listing in listings for r in listing.resources if r.matches(reference) and kind in ("", r.kind)]
    if not found:
        what = f"No {kind}" if kind else "Nothing"
        raise LambdadeskError(f"{what} named {reference!r} is in the emulator.",
                              "List what is there with lambdadesk ls, then give a name or an ARN from it.")
    if len(found) > 1:
        names = ", ".join(f"{r.kind} {r.arn}" for r in found)
        kinds = ", ".join(sorted({r.kind for r in found}))
        raise LambdadeskError(f"{reference!r} names more than one resource: {names}.",
                              f"Give the ARN of the one you mean, or its kind (--kind {kinds}).")
    return found[0]


def check_service(service: str) -> str:
    if service not in SERVICES:
        raise LambdadeskError(f"lambdadesk does not browse {service!r}.", "Choose one of " + ", ".join(SERVICES) + ".")
    return service


def count_text(count: int, singular: str, plural: str = "") -> str:
    """"1 object", "3 objects", "2 managed policies"."""
    return f"{count} {singular if count == 1 else plural or singular + 's'}"


def size_text(size: int) -> str:
    """Bytes in the unit a person reads (512 B, 1.2 kB, 3.4 MB)."""
    value = float(size)
    for unit in ("B", "kB", "MB"):
        if value < 1000:
            return f"{size} B" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1000
    return f"{value:.1f} GB"
