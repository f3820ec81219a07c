"""The functions deployed in the emulator, as the Deploy tab and `lambdadesk state` list them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lambdadesk.adapters.aws.aws_clients import emulator_client
from lambdadesk.core.profile import Profile
from lambdadesk.core.topology import addresses


@dataclass(frozen=True)
class FunctionSummary:
    name: str
    runtime: str
    handler: str
    state: str
    memory_mb: int
    timeout_s: int
    last_modified: str


def list_functions(profile: Profile) -> list[FunctionSummary]:
    """Blocking. Every function with its state, sorted by name."""
    client: Any = emulator_client("lambda", addresses(profile).host.emulator_url, profile.region)
    found = []
    for page in client.get_paginator("list_functions").paginate():
        for item in page["Functions"]:
            state = client.get_function(FunctionName=item["FunctionName"])["Configuration"].get("State", "?")
            found.append(FunctionSummary(item["FunctionName"], item.get("Runtime", ""), item.get("Handler", ""),
                                         state, item.get("MemorySize", 0), item.get("Timeout", 0),
                                         item.get("LastModified", "")))
    return sorted(found, key=lambda summary: summary.name)
