"""The steps of a flow file: one kind each (request, invoke, publish, sns, redis, sleep), what it expects, what
it saves for later steps, and an optional retry bound. Every `${name}` must be saved by an earlier step."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from lambdadesk.core.http_request import METHODS
from lambdadesk.flows.expectations import is_operator_mapping, parse_path
from lambdadesk.flows.flow_model import STEP_KINDS, ApiDef, FunctionDef, Retry, Step
from lambdadesk.flows.flow_yaml import LocatedDocument, Where, unknown_key_problem

if TYPE_CHECKING:
    from lambdadesk.flows.flow_parser import _FlowParser

STEP_KEYS = ("name", *STEP_KINDS, "expect", "save", "retry")
ACTION_KEYS = {
    "request": ("api", "method", "path", "query", "headers", "json", "body"),
    "invoke": ("function", "payload"),
    "publish": ("topic", "message", "subject", "attributes"),
    "sns": ("topic", "within", "expect"),
    "redis": ("key", "field", "expect"),
}
RESULT_KEYS = {  # what each kind's result holds: what `expect` may check and `save` may reach
    "request": ("status", "headers", "body", "json", "log"),
    "invoke": ("status", "error", "payload", "cold", "log"),
    "publish": ("message_id",),
    "sns": ("message", "subject", "attributes", "json", "topic", "message_id"),
    "redis": ("exists", "type", "ttl", "value", "json"),
    "sleep": (),
}
RESULT_ROOT = {"request": "response", "invoke": "response", "publish": "message", "sns": "message",
               "redis": "value", "sleep": ""}
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$")


def parse_duration(value: Any) -> float | None:
    """5, "5s", "500ms", "1.5m", "2h" -> seconds; None when it does not parse."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value) if value >= 0 else None
    match = _DURATION.match(value) if isinstance(value, str) else None
    if match is None:
        return None
    return float(match.group(1)) * {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0, None: 1.0}[match.group(2)]


class StepParser:
    def __init__(self, document: LocatedDocument, parser: _FlowParser, variables: set[str], topics: set[str],
                 functions: dict[str, FunctionDef], apis: dict[str, ApiDef]) -> None:
        self.doc, self.parser = document, parser
        self.known = set(variables)  # grows as steps save
        self.topics, self.functions, self.apis = topics, functions, apis

    def steps(self) -> tuple[Step, ...]:
        raw = self.parser.value(("steps",))
        if not isinstance(raw, list) or not raw:
            raise self.doc.error(("steps",), "steps must be a list with at least one step (- request: …)")
        return tuple(self.step(index) for index in range(len(raw)))

    def step(self, index: int) -> Step:
        where: Where = ("steps", index)
        raw = self.parser.mapping(where, "a step", STEP_KEYS)
        kinds = [key for key in raw if key in STEP_KINDS]
        if len(kinds) != 1:
            said = "none" if not kinds else " and ".join(kinds)
            raise self.doc.error(where, f"a step does exactly one thing ({', '.join(STEP_KINDS)}); this one has "
                                        f"{said}")
        kind = kinds[0]
        action, expect = self.action(kind, (*where, kind), raw)
        expect_where = (*where, "expect") if "expect" in raw else (*where, kind, "expect")
        self.parser.check_references(action, (*where, kind), self.known, self.topics)
        self.parser.check_references(expect, expect_where, self.known, self.topics)
        retry = self.retry(raw, (*where, "retry")) if "retry" in raw else None
        save = self.save(kind, raw, (*where, "save")) if "save" in raw else {}
        self.known |= set(save)
        name = self.parser.text(raw, (*where, "name")) or _default_name(kind, action)
        return Step(index, name, kind, action, expect, save, retry, where)

    def action(self, kind: str, where: Where, step: dict[str, Any]) -> tuple[dict[str, Any], Any]:
        if kind == "sleep":
            seconds = parse_duration(step["sleep"])
            if seconds is None:
                raise self.doc.error(where, f"{step['sleep']!r} is not a duration; write 2s, 500ms or 1m")
            return {"seconds": seconds}, None
        action = dict(self.parser.mapping(where, f"a {kind} step", ACTION_KEYS[kind]))
        expect = step.get("expect")
        if "expect" in action:
            if "expect" in step:
                raise self.doc.error((*where, "expect"), "expect is given twice (here and beside the step)")
            expect = action.pop("expect")
            self.check_expect(kind, expect, (*where, "expect"))
        elif "expect" in step:
            self.check_expect(kind, expect, (*where[:-1], "expect"))
        getattr(self, f"_check_{kind}")(action, where)
        return action, expect

    def _check_request(self, action: dict[str, Any], where: Where) -> None:
        api = action.get("api", "")
        if api not in self.apis and (api or len(self.apis) != 1):
            known = ", ".join(self.apis) or "none is declared"
            raise self.doc.error((*where, "api") if api else where,
                                 f"{'api ' + repr(api) if api else 'the request names no api and'} is not one of "
                                 f"the flow's APIs ({known})" + ("" if api else "; name one with api:"))
        method = str(action.get("method", "POST" if {"json", "body"} & set(action) else "GET")).upper()
        if method not in METHODS:
            raise self.doc.error((*where, "method"), f"{method!r} is not an HTTP method; use one of "
                                                     + ", ".join(METHODS))
        if "json" in action and "body" in action:
            raise self.doc.error((*where, "body"), "a request has json or body, not both")
        for key in ("headers", "query"):
            if key in action and not isinstance(action[key], dict):
                raise self.doc.error((*where, key), f"{key} must be a mapping (name: value)")

    def _check_invoke(self, action: dict[str, Any], where: Where) -> None:
        function = self.parser.text(action, (*where, "function"), required=True)
        if function not in self.functions and "${" not in function:
            raise self.doc.error((*where, "function"), f"{function!r} is not one of the flow's functions "
                                                       f"({', '.join(self.functions) or 'none is declared'})")

    def _check_publish(self, action: dict[str, Any], where: Where) -> None:
        self._check_topic(action, where)
        if "message" not in action:
            raise self.doc.error(where, "message is missing: what to publish")
        if "attributes" in action and not isinstance(action["attributes"], dict):
            raise self.doc.error((*where, "attributes"), "attributes must be a mapping (name: value)")

    def _check_sns(self, action: dict[str, Any], where: Where) -> None:
        self._check_topic(action, where)
        within = parse_duration(action.get("within", "10s"))
        if within is None:
            raise self.doc.error((*where, "within"), f"{action['within']!r} is not a duration; write 5s or 500ms")
        action["within"] = within

    def _check_redis(self, action: dict[str, Any], where: Where) -> None:
        self.parser.text(action, (*where, "key"), required=True)
        if "field" in action:
            self.parser.text(action, (*where, "field"))

    def _check_topic(self, action: dict[str, Any], where: Where) -> None:
        topic = self.parser.text(action, (*where, "topic"), required=True)
        if topic not in self.topics:
            raise self.doc.error((*where, "topic"), f"{topic!r} is not one of the flow's topics "
                                                    f"({', '.join(sorted(self.topics)) or 'none is declared'}); "
                                                    "add it to topics")

    def check_expect(self, kind: str, expect: Any, where: Where) -> None:
        if not isinstance(expect, dict) or is_operator_mapping(expect):
            raise self.doc.error(where, f"expect must be a mapping of {', '.join(RESULT_KEYS[kind])}")
        for key in expect:
            if key not in RESULT_KEYS[kind]:
                raise self.doc.error((*where, key), unknown_key_problem(key, RESULT_KEYS[kind],
                                                                        f"a {kind} result"), at_key=True)
        self._check_matchers(expect, where)

    def _check_matchers(self, value: Any, where: Where) -> None:
        if is_operator_mapping(value):
            for operator, operand in value.items():
                if operator == "matches":
                    try:
                        re.compile(str(operand))
                    except re.error as exc:
                        raise self.doc.error((*where, operator), f"{operand!r} is not a regular expression: "
                                                                 f"{exc}") from exc
                if operator == "exists" and not isinstance(operand, bool):
                    raise self.doc.error((*where, operator), "exists is true or false")
        elif isinstance(value, dict):
            for key, item in value.items():
                self._check_matchers(item, (*where, key))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                self._check_matchers(item, (*where, index))

    def save(self, kind: str, step: dict[str, Any], where: Where) -> dict[str, str]:
        raw = self.parser.mapping(where, "save")
        root = RESULT_ROOT[kind]
        for variable, path in raw.items():
            if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", variable):
                raise self.doc.error((*where, variable), f"{variable!r} cannot name a variable; use letters, "
                                                         "digits and _", at_key=True)
            parts = parse_path(path) if isinstance(path, str) else None
            if not parts or parts[0] != root or len(parts) < 2 or parts[1] not in RESULT_KEYS[kind]:
                choices = ", ".join(f"{root}.{key}" for key in RESULT_KEYS[kind]) or "nothing"
                raise self.doc.error((*where, variable), f"{path!r} is not a path into this step's result; "
                                                         f"start with one of {choices}")
        return dict(raw)

    def retry(self, step: dict[str, Any], where: Where) -> Retry:
        raw = self.parser.mapping(where, "retry", ("within", "every"))
        within, every = parse_duration(raw.get("within")), parse_duration(raw.get("every", "500ms"))
        if within is None or within <= 0:
            raise self.doc.error((*where, "within"), "retry needs within: how long to keep trying (e.g. 10s)")
        if every is None or every <= 0:
            raise self.doc.error((*where, "every"), f"{raw.get('every')!r} is not a duration; write 500ms or 1s")
        if "expect" not in step and not any(isinstance(v, dict) and "expect" in v for v in step.values()):
            raise self.doc.error(where, "retry repeats a step until its expect holds; this step expects nothing")
        return Retry(within, every)


def _default_name(kind: str, action: dict[str, Any]) -> str:
    if kind == "request":
        return f"{str(action.get('method', 'POST' if {'json', 'body'} & set(action) else 'GET')).upper()} " \
               f"{action.get('path', '/')}"
    if kind == "invoke":
        return f"invoke {action['function']}"
    if kind in ("publish", "sns"):
        return f"{'publish to' if kind == 'publish' else 'a message on'} {action['topic']}"
    if kind == "redis":
        return f"Redis {action['key']}"
    return f"sleep {action['seconds']:g} s"
