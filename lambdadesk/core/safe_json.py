"""One JSON loader for text that comes from outside (SNS posts, Redis values, response bodies, saved files):
whatever the text, it returns a value or raises ValueError, never RecursionError (100,000 nested brackets) or
anything else, and it refuses what would take long to parse."""

from __future__ import annotations

import json
from typing import Any

from lambdadesk.core.errors import LambdadeskError

MAX_TEXT = 64 * 1024 * 1024  # characters; beyond this the text is shown as text, not parsed


class NotJsonError(ValueError):
    """The text is not JSON we will parse; the message says why, for people."""


def loads(text: str | bytes) -> Any:
    if len(text) > MAX_TEXT:
        raise NotJsonError(f"larger than {MAX_TEXT // (1024 * 1024)} MiB")
    try:
        return json.loads(text)
    except RecursionError as exc:  # nesting deeper than the interpreter's stack
        raise NotJsonError("nested too deeply") from exc
    except ValueError as exc:  # JSONDecodeError, an int of more digits than Python converts, bad UTF-8
        raise NotJsonError(str(exc).split("\n", 1)[0]) from exc


def typed_json(text: str, what: str, next_step: str) -> Any:
    """JSON a person typed (an invoke's event): its value, or a LambdadeskError saying where `what` breaks."""
    try:
        return loads(text)
    except NotJsonError as exc:
        cause = exc.__cause__
        if isinstance(cause, json.JSONDecodeError):
            raise LambdadeskError(f"{what} is not valid JSON: {cause.msg} at line {cause.lineno}, column "
                                  f"{cause.colno}.", next_step) from exc
        raise LambdadeskError(f"{what} is not valid JSON: {exc}.", next_step) from exc


def dumps_pretty(value: Any) -> str:
    """Indented, non-ASCII kept; raises NotJsonError for a value nested too deeply to write."""
    try:
        return json.dumps(value, indent=2, ensure_ascii=False)
    except (RecursionError, ValueError) as exc:
        raise NotJsonError("nested too deeply") from exc
