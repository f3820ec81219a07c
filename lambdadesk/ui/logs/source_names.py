"""Short names for log sources, as tabs and the "all" tab's lines show them: "emulator", "redis", "dind", and
"λ seed 3f2a" for a Lambda container (the function, and the start of the container's own id)."""

from __future__ import annotations

import re

_SERVICE = re.compile(r"^lambdadesk-.+-(emulator|redis|dind)$")
_LAMBDA = re.compile(r"-lambda-(?P<function>.+)-(?P<instance>[0-9a-f]{4,})$")  # LocalStack's Lambda containers


def short_source(name: str) -> str:
    if match := _LAMBDA.search(name):
        return f"λ {match['function']} {match['instance'][:4]}"
    if match := _SERVICE.match(name):
        return match[1]
    return name.removeprefix("lambdadesk-")


def is_lambda(name: str) -> bool:
    return _LAMBDA.search(name) is not None
