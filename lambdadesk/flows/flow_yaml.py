"""A flow file's YAML read into plain values, with the line and column of every value, so a mistake is reported
where the user made it. Safe loading only (no Python objects); a key given twice is an error, not a silent win."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from lambdadesk.core.errors import LambdadeskError

Where = tuple[str | int, ...]  # the path of a value in the document: ("steps", 0, "request", "path")


class FlowFileError(LambdadeskError):
    """A flow file that cannot run; the text names the file, line, column and field, and says what to do."""

    def __init__(self, file: Path, line: int, column: int, field: str, problem: str) -> None:
        self.file, self.line, self.column, self.field, self.problem = file, line, column, field, problem
        at = f" ({field})" if field else ""
        super().__init__(f"{file}:{line}:{column}{at}: {problem}", "Fix the file and save it; nothing ran.")

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class LocatedDocument:
    file: Path
    value: Any
    places: dict[Where, tuple[int, int]]  # 1-based (line, column) of each value
    key_places: dict[Where, tuple[int, int]]  # ... and of each mapping key

    def error(self, where: Where, problem: str, at_key: bool = False) -> FlowFileError:
        """An error at the value at `where` (its key with `at_key`), or at the nearest enclosing value."""
        if at_key and where in self.key_places:
            line, column = self.key_places[where]
            return FlowFileError(self.file, line, column, field_name(where), problem)
        probe = where
        while probe and probe not in self.places:
            probe = probe[:-1]
        line, column = self.places.get(probe, (1, 1))
        return FlowFileError(self.file, line, column, field_name(where), problem)


def field_name(where: Where) -> str:
    """("steps", 0, "request", "path") -> "steps[0].request.path"."""
    text = ""
    for part in where:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def unknown_key_problem(key: str, allowed: tuple[str, ...], what: str) -> str:
    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    hint = f"did you mean {close[0]!r}?" if close else "use one of " + ", ".join(allowed)
    return f"{key!r} is not a field of {what}; {hint}"


def load_located(file: Path, text: str) -> LocatedDocument:
    places: dict[Where, tuple[int, int]] = {}
    key_places: dict[Where, tuple[int, int]] = {}
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise FlowFileError(file, line, column, "", f"not valid YAML: {exc.problem or exc.context}") from exc
    except yaml.YAMLError as exc:
        raise FlowFileError(file, 1, 1, "", f"not valid YAML: {exc}") from exc
    if node is None:
        raise FlowFileError(file, 1, 1, "", "the file is empty; a flow needs at least a name and steps")
    return LocatedDocument(file, _Converter(file, places, key_places).plain(node, ()), places, key_places)


class _Converter:
    def __init__(self, file: Path, places: dict[Where, tuple[int, int]],
                 key_places: dict[Where, tuple[int, int]]) -> None:
        self.file, self.places, self.key_places = file, places, key_places
        self._scalars = yaml.SafeLoader("")  # types a scalar as YAML does (1001, true, null, text)

    def plain(self, node: yaml.Node, where: Where) -> Any:
        return _plain(self, node, where)


def _plain(converter: _Converter, node: yaml.Node, where: Where) -> Any:
    file, places = converter.file, converter.places
    places[where] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise _at(file, key_node, where, "a key must be a plain word, not a list or mapping")
            key = str(key_node.value)
            if key == "<<":
                raise _at(file, key_node, where, "merge keys (<<) are not supported in flow files")
            if key in result:
                raise _at(file, key_node, (*where, key), f"{key!r} is given twice")
            converter.key_places[(*where, key)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            result[key] = converter.plain(value_node, (*where, key))
        return result
    if isinstance(node, yaml.SequenceNode):
        return [converter.plain(item, (*where, index)) for index, item in enumerate(node.value)]
    return converter._scalars.construct_object(node)


def _at(file: Path, node: yaml.Node, where: Where, problem: str) -> FlowFileError:
    return FlowFileError(file, node.start_mark.line + 1, node.start_mark.column + 1, field_name(where), problem)
