"""`${name}` in a flow: a variable (from `vars:` or saved by an earlier step), `${env:NAME}` from the environment,
`${topic:NAME}` the ARN of a flow's topic. A value that is only a reference keeps the variable's type (a number
stays a number); inside text it is written as text. `$${` is a literal `${`."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from typing import Any

from lambdadesk.core.errors import LambdadeskError

REFERENCE = re.compile(r"\$\$\{|\$\{([^}]*)\}")
_NAME = re.compile(r"^(?:(env|topic):)?([A-Za-z_][A-Za-z0-9_.-]*)$")


class UnknownVariableError(KeyError):
    def __init__(self, reference: str) -> None:
        super().__init__(reference)
        self.reference = reference


def references(value: Any, where: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Every `${…}` inside a value (any nesting): where it is, and what is written between the braces."""
    if isinstance(value, str):
        for match in REFERENCE.finditer(value):
            if match.group(0) != "$${":
                yield where, match.group(1)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from references(item, (*where, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from references(item, (*where, index))


def parse_reference(reference: str) -> tuple[str, str] | None:
    """("", name), ("env", NAME) or ("topic", NAME); None when it is not a reference lambdadesk knows."""
    match = _NAME.match(reference.strip())
    return (match.group(1) or "", match.group(2)) if match else None


def substitute(value: Any, lookup: Mapping[str, Any]) -> Any:
    """The value with each reference filled in from `lookup` (keys: "name", "env:NAME", "topic:NAME")."""
    if isinstance(value, dict):
        return {key: substitute(item, lookup) for key, item in value.items()}
    if isinstance(value, list):
        return [substitute(item, lookup) for item in value]
    if not isinstance(value, str):
        return value
    whole = REFERENCE.fullmatch(value)
    if whole and whole.group(0) != "$${":
        return _look_up(whole.group(1), lookup)

    def text_of(match: re.Match[str]) -> str:
        if match.group(0) == "$${":
            return "${"
        found = _look_up(match.group(1), lookup)
        return found if isinstance(found, str) else json.dumps(found)

    return REFERENCE.sub(text_of, value)


def _look_up(reference: str, lookup: Mapping[str, Any]) -> Any:
    key = reference.strip()
    if key not in lookup:
        raise UnknownVariableError(key)
    return lookup[key]


def parse_assignments(pairs: list[str]) -> dict[str, str]:
    """["runtime=python3.11", …] -> {"runtime": "python3.11"}; what the CLI's --var and the window's field take."""
    variables = {}
    for pair in pairs:
        name, equals, value = pair.partition("=")
        if not equals or parse_reference(name) != ("", name.strip()):
            raise LambdadeskError(f"{pair!r} is not NAME=VALUE.", "Set variables as runtime=python3.11.")
        variables[name.strip()] = value
    return variables
