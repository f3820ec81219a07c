"""What a step expects, checked against what came back. A plain value must be equal; a mapping matches the keys
it names (others may be there too); a list matches item by item. A mapping whose keys are all operators checks
with them: `equals` (exactly, no partial mapping), `contains` (text, list item, or mapping part), `matches` (a
regular expression searched in the text), `exists` (true or false). Paths such as `json.items[0].id` reach into
a result (`save:` uses them)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

OPERATORS = ("equals", "contains", "matches", "exists")
_PATH_PART = re.compile(r"(?:^|\.)([A-Za-z0-9_$-]+)|\[(\d+)\]")
MISSING = object()


@dataclass(frozen=True)
class Mismatch:
    path: str  # where in the result, e.g. "json.order"
    expected: str
    got: str

    def __str__(self) -> str:
        return f"{self.path or 'the result'}: expected {self.expected}, got {self.got}"


def is_operator_mapping(value: Any) -> bool:
    return isinstance(value, dict) and bool(value) and all(key in OPERATORS for key in value)


def parse_path(text: str) -> list[str | int] | None:
    """"json.items[0].id" -> ["json", "items", 0, "id"]; None when it is not a path."""
    parts: list[str | int] = []
    position = 0
    for match in _PATH_PART.finditer(text):
        if match.start() != position:
            return None
        parts.append(match.group(1) if match.group(1) is not None else int(match.group(2)))
        position = match.end()
    return parts if parts and position == len(text) else None


def follow(value: Any, path: list[str | int]) -> Any:
    """The value at `path`, or MISSING."""
    for part in path:
        in_list = isinstance(part, int) and isinstance(value, list) and part < len(value)
        if in_list or (isinstance(part, str) and isinstance(value, dict) and part in value):
            value = value[part]
        else:
            return MISSING
    return value


def compare(expected: Any, got: Any, path: str = "") -> list[Mismatch]:
    """Each way `got` differs from `expected`; empty when it matches."""
    if is_operator_mapping(expected):
        return [m for operator, operand in expected.items() for m in _apply(operator, operand, got, path)]
    if got is MISSING:
        return [Mismatch(path, show(expected), "nothing (missing)")]
    if isinstance(expected, dict):
        if not isinstance(got, dict):
            return [Mismatch(path, "a mapping", show(got))]
        return [m for key, item in expected.items() for m in compare(item, got.get(key, MISSING), _join(path, key))]
    if isinstance(expected, list):
        if not isinstance(got, list) or len(got) != len(expected):
            return [Mismatch(path, show(expected), show(got))]
        return [m for index, item in enumerate(expected) for m in compare(item, got[index], f"{path}[{index}]")]
    return [] if _same(expected, got) else [Mismatch(path, show(expected), show(got))]


def _apply(operator: str, operand: Any, got: Any, path: str) -> list[Mismatch]:
    if operator == "exists":
        present = got is not MISSING and got is not None
        return [] if present == bool(operand) else [
            Mismatch(path, "to exist" if operand else "not to exist", show(got) if present else "nothing")]
    if got is MISSING:
        return [Mismatch(path, f"{operator} {show(operand)}", "nothing (missing)")]
    if operator == "equals":
        return [] if _same(operand, got) and _exactly(operand, got) else [Mismatch(path, show(operand), show(got))]
    if operator == "matches":
        text = got if isinstance(got, str) else json.dumps(got)
        return [] if re.search(str(operand), text) else [Mismatch(path, f"text matching /{operand}/", show(got))]
    if isinstance(got, str):
        held = isinstance(operand, str) and operand in got
    elif isinstance(got, list):
        held = any(not compare(operand, item) for item in got)
    elif isinstance(got, dict):
        held = not compare(operand, got) if isinstance(operand, dict) else operand in got
    else:
        held = False
    return [] if held else [Mismatch(path, f"something containing {show(operand)}", show(got))]


def _same(expected: Any, got: Any) -> bool:
    if isinstance(expected, bool) or isinstance(got, bool):
        return type(expected) is type(got) and expected == got
    if isinstance(expected, dict | list):
        return not compare(expected, got)
    return bool(expected == got)


def _exactly(expected: Any, got: Any) -> bool:
    if isinstance(expected, dict) and isinstance(got, dict):
        return expected.keys() == got.keys() and all(_exactly(expected[k], got[k]) for k in expected)
    return True


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def show(value: Any) -> str:
    """A value as the user wrote it (JSON), cut to stay readable."""
    if value is MISSING:
        return "nothing (missing)"
    shown = json.dumps(value, ensure_ascii=False, default=str)
    return shown if len(shown) <= 300 else shown[:300] + "…"
