"""A function's environment as lambdadesk deploys it: the variables it injects under the user's own, kept within
AWS's limit on a function's environment (4 KB, measured as compact JSON, as Lambda and the emulators measure it)."""

from __future__ import annotations

import json
from dataclasses import dataclass

from lambdadesk.core.errors import LambdadeskError

LIMIT_BYTES = 4096
TOPIC_PREFIX = "SNS_TOPIC_ARN"


class EnvironmentTooLargeError(LambdadeskError):
    """The function's own variables alone pass AWS's limit."""


@dataclass(frozen=True)
class FunctionEnvironment:
    variables: dict[str, str]
    topics_left_out: int = 0  # topic ARNs not injected: with them the environment would pass the limit

    def note(self, function: str) -> str:
        """What was left out and what to do, in words; "" when nothing was."""
        if not self.topics_left_out:
            return ""
        return (f"The ARNs of {self.topics_left_out} SNS topics were not put in {function}'s environment "
                f"({TOPIC_PREFIX}_…): with them it would pass AWS's {LIMIT_BYTES // 1024} KB limit. Give it the "
                "ones it needs as its own variables.")


def size_bytes(variables: dict[str, str]) -> int:
    return len(json.dumps(variables, separators=(",", ":"), ensure_ascii=False).encode())


def function_environment(function: str, injected: dict[str, str], own: dict[str, str]) -> FunctionEnvironment:
    """The injected variables under the user's own (theirs win). When that passes the limit, the injected topic
    ARNs are left out, all of them (a function never gets some topics and not others by their names' order);
    when the user's own variables pass it alone, refused in words before anything is sent."""
    merged = {**injected, **own}
    if size_bytes(merged) <= LIMIT_BYTES:
        return FunctionEnvironment(merged)
    topics = [key for key in injected if key.startswith(TOPIC_PREFIX) and key not in own]
    trimmed = {key: value for key, value in merged.items() if key not in topics}
    if size_bytes(trimmed) > LIMIT_BYTES:
        raise EnvironmentTooLargeError(
            f"The environment of {function} would be {size_bytes(trimmed):,} bytes; AWS allows {LIMIT_BYTES:,} "
            f"(its own variables are {size_bytes(own):,} of them).",
            "Shorten or remove some of its variables, or keep large values elsewhere (a file in the zip, SSM).")
    return FunctionEnvironment(trimmed, sum(1 for key in topics if key != TOPIC_PREFIX))
