"""Which SNS subscriptions lead nowhere: an HTTP endpoint on this machine that nothing answers at any more (a
capture endpoint of a run that ended), a Lambda or a queue that was deleted. Endpoints on other machines are
not tried: lambdadesk sends nothing off this machine to check them."""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import replace
from urllib.parse import urlsplit

from lambdadesk.core.resource import Resource

CONNECT_TIMEOUT_S = 0.5


def mark_dangling(resources: list[Resource]) -> list[Resource]:
    """The same list, each subscription that leads nowhere given its problem in words."""
    functions = {r.arn for r in resources if r.kind == "function"}
    queues = {r.arn for r in resources if r.kind == "queue"}
    listed = {r.service for r in resources}
    marked = []
    for resource in resources:
        problem = _problem(resource, functions if "lambda" in listed else None, queues if "sqs" in listed else None)
        marked.append(replace(resource, problem=problem) if problem else resource)
    return marked


def _problem(resource: Resource, functions: set[str] | None, queues: set[str] | None) -> str:
    if resource.kind != "subscription":
        return ""
    protocol, endpoint = resource.details.get("Protocol", ""), resource.details.get("Endpoint", "")
    if protocol in ("http", "https"):
        return unanswered(endpoint)
    if protocol == "lambda" and functions is not None:
        unqualified = ":".join(endpoint.split(":")[:7])  # without a version or an alias
        if unqualified not in functions:
            return f"dangling: the function {unqualified.rsplit(':', 1)[-1]} no longer exists"
    if protocol == "sqs" and queues is not None and endpoint not in queues:
        return f"dangling: the queue {endpoint.rsplit(':', 1)[-1]} no longer exists"
    return ""


def unanswered(url: str) -> str:
    """"dangling: …" when `url` is on this machine and nothing accepts a connection at its port; "" when something
    does, or when it is elsewhere (not tried)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    if not _on_this_machine(host):
        return ""
    address = "127.0.0.1" if host == "localhost" else host
    try:
        with socket.create_connection((address, port), timeout=CONNECT_TIMEOUT_S):
            return ""
    except OSError:
        return f"dangling: nothing answers at {host}:{port} (the endpoint that subscribed is gone)"


def _on_this_machine(host: str) -> bool:
    """A loopback name or address, or an address one of this machine's interfaces has (a Docker network's
    gateway): binding to it succeeds only then, and sends nothing."""
    if host == "localhost":
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False  # a name: resolving it could ask a DNS server elsewhere
    if address.is_loopback:
        return True
    family = socket.AF_INET6 if address.version == 6 else socket.AF_INET
    try:
        with socket.socket(family, socket.SOCK_DGRAM) as probe:
            probe.bind((host, 0))
    except OSError:
        return False
    return True
