"""Reads a flow file into a `Flow`, or refuses it with the file, line, column and field of the first mistake and
what to write instead. Nothing runs from a file that does not read cleanly."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from lambdadesk.core.function_spec import FunctionNameError, check_function_name
from lambdadesk.flows.flow_model import SAMPLES, ApiDef, Flow, FunctionDef, RedisSeed
from lambdadesk.flows.flow_yaml import FlowFileError, LocatedDocument, Where, load_located, unknown_key_problem
from lambdadesk.flows.step_parser import StepParser, parse_duration
from lambdadesk.flows.variables import parse_reference, references

TOP_KEYS = ("name", "description", "vars", "functions", "apis", "topics", "redis", "steps")
FUNCTION_KEYS = ("zip", "source", "sample", "runtime", "handler", "memory", "timeout", "env")
API_KEYS = ("function", "stage")
SEED_KEYS = ("value", "json", "hash", "ttl")
SAMPLE_HANDLERS = {"seed-python": "lambda_function.lambda_handler", "seed-go": "bootstrap"}
MAX_FILE_BYTES = 1024 * 1024


def read_flow(file: Path, variables: Mapping[str, str] | None = None,
              environ: Mapping[str, str] | None = None) -> Flow:
    """The flow in `file`; `variables` override the file's `vars:`; `${env:…}` must be set in `environ`."""
    try:
        if file.stat().st_size > MAX_FILE_BYTES:
            raise FlowFileError(file, 1, 1, "", "the file is larger than 1 MB; a flow file is a few hundred lines")
        text = file.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise FlowFileError(file, 1, 1, "", "the file is not UTF-8 text") from exc
    except OSError as exc:
        raise FlowFileError(file, 1, 1, "", f"cannot be read: {exc.strerror or exc}") from exc
    return parse_flow(file, text, variables or {}, os.environ if environ is None else environ)


def parse_flow(file: Path, text: str, variables: Mapping[str, str], environ: Mapping[str, str]) -> Flow:
    document = load_located(file, text)
    return _FlowParser(document, variables, environ).flow()


class _FlowParser:
    def __init__(self, document: LocatedDocument, variables: Mapping[str, str], environ: Mapping[str, str]) -> None:
        self.doc = document
        self.overrides = variables
        self.environ = environ

    def flow(self) -> Flow:
        top = self.mapping((), "the flow", TOP_KEYS)
        name = self.text(top, ("name",), required=True)
        file_vars = self.mapping(("vars",), "vars") if "vars" in top else {}
        variables: dict[str, Any] = {**file_vars, **self.overrides}
        topics = self.topics(top)
        functions = self.functions(top, set(variables), set(topics))
        apis = self.apis(top, functions)
        if "steps" not in top:
            raise self.doc.error((), "a flow needs steps: a list of what to send and what to expect")
        seeds = self.redis_seed(top, set(variables), set(topics))
        steps = StepParser(self.doc, self, set(variables), set(topics), functions, apis).steps()
        return Flow(name, self.doc.file, variables, functions, apis, tuple(topics), steps,
                    self.text(top, ("description",)), seeds)

    # --- the environment part ----------------------------------------------------------------------------

    def topics(self, top: dict[str, Any]) -> list[str]:
        raw = top.get("topics", [])
        if not isinstance(raw, list):
            raise self.doc.error(("topics",), "topics is a list of SNS topic names, e.g. [orders]")
        for index, topic in enumerate(raw):
            if not isinstance(topic, str) or not topic.replace("-", "").replace("_", "").isalnum():
                raise self.doc.error(("topics", index), f"{topic!r} cannot name an SNS topic; use letters, digits,"
                                                        " '-' and '_'")
        return list(raw)

    def functions(self, top: dict[str, Any], variables: set[str], topics: set[str]) -> dict[str, FunctionDef]:
        found: dict[str, FunctionDef] = {}
        for name in self.mapping(("functions",), "functions") if "functions" in top else {}:
            where: Where = ("functions", name)
            try:
                check_function_name(name)
            except FunctionNameError as exc:
                raise self.doc.error(where, str(exc), at_key=True) from exc
            raw = self.mapping(where, f"function {name!r}", FUNCTION_KEYS)
            self.check_references(raw, where, variables, topics, saved_ok=False)
            if sum(key in raw for key in ("zip", "source", "sample")) != 1:
                raise self.doc.error(where, f"function {name!r} needs exactly one of zip (a path to a .zip), "
                                            f"source (its source folder) or sample ({', '.join(SAMPLES)})")
            sample = self.text(raw, (*where, "sample"))
            if sample and sample not in SAMPLES:
                raise self.doc.error((*where, "sample"), f"there is no sample {sample!r}; use one of "
                                                         + ", ".join(SAMPLES))
            zip_path = self.text(raw, (*where, "zip"))
            if zip_path and "${" not in zip_path and not (self.doc.file.parent / zip_path).is_file():
                raise self.doc.error((*where, "zip"), f"no file {zip_path!r} next to the flow file "
                                                      f"({(self.doc.file.parent / zip_path).resolve()}); build it "
                                                      "first, or fix the path (it is relative to the flow file)")
            source = self.text(raw, (*where, "source"))
            if source and "${" not in source and not (self.doc.file.parent / source).is_dir():
                raise self.doc.error((*where, "source"), f"no folder {source!r} next to the flow file "
                                                         f"({(self.doc.file.parent / source).resolve()}); fix the "
                                                         "path (it is relative to the flow file)")
            runtime = self.text(raw, (*where, "runtime")) or ("provided.al2023" if sample == "seed-go" else
                                                             "python3.12")
            handler = self.text(raw, (*where, "handler"), required=not sample) or SAMPLE_HANDLERS.get(sample, "")
            env = self.mapping((*where, "env"), "env") if "env" in raw else {}
            for key, value in env.items():
                if isinstance(value, dict | list):
                    raise self.doc.error((*where, "env", key), "a variable's value is text or a number")
            memory, timeout = self.number(raw, (*where, "memory"), 256), self.number(raw, (*where, "timeout"), 30)
            found[name] = FunctionDef(name, runtime, handler, zip_path, sample, memory, timeout, env, source)
        return found

    def apis(self, top: dict[str, Any], functions: dict[str, FunctionDef]) -> dict[str, ApiDef]:
        found: dict[str, ApiDef] = {}
        for name in self.mapping(("apis",), "apis") if "apis" in top else {}:
            where: Where = ("apis", name)
            raw = self.mapping(where, f"API {name!r}", API_KEYS)
            function = self.text(raw, (*where, "function"), required=True)
            if function not in functions:
                known = ", ".join(functions) or "none is declared"
                raise self.doc.error((*where, "function"), f"{function!r} is not one of the flow's functions "
                                                           f"({known}); declare it under functions")
            found[name] = ApiDef(name, function, self.text(raw, (*where, "stage")) or "dev")
        return found

    def redis_seed(self, top: dict[str, Any], variables: set[str], topics: set[str]) -> tuple[RedisSeed, ...]:
        """`redis: {KEY: text | {value: text} | {json: any} | {hash: {field: text}}, with an optional ttl}`."""
        seeds = []
        for key, raw in (self.mapping(("redis",), "redis") if "redis" in top else {}).items():
            where: Where = ("redis", key)
            self.check_references(key, where, variables, topics, saved_ok=False)
            self.check_references(raw, where, variables, topics, saved_ok=False)
            if not isinstance(raw, dict):
                if isinstance(raw, bool) or not isinstance(raw, str | int | float):
                    raise self.doc.error(where, f"the value of {key} is text, or a mapping with one of value, json "
                                                f"or hash (and a ttl), not {_kind(raw)}")
                seeds.append(RedisSeed(str(key), "string", str(raw)))
                continue
            raw = self.mapping(where, f"Redis key {key}", SEED_KEYS)
            kinds = [kind for kind in ("value", "json", "hash") if kind in raw]
            if len(kinds) != 1:
                raise self.doc.error(where, f"Redis key {key} needs exactly one of value, json or hash"
                                            + (f", not {' and '.join(kinds)}" if kinds else ""))
            kind = kinds[0]
            if kind == "value":
                value: Any = self.text(raw, (*where, "value"), required=True)
            elif kind == "hash":
                fields = self.mapping((*where, "hash"), f"the hash of {key}")
                value = {str(name): self.text(fields, (*where, "hash", name), required=True) for name in fields}
            else:
                value = raw["json"]
            ttl = parse_duration(raw["ttl"]) if "ttl" in raw else None
            if "ttl" in raw and not ttl:
                raise self.doc.error((*where, "ttl"), f"{raw['ttl']!r} is not a duration above 0; write 60s or 5m")
            seeds.append(RedisSeed(str(key), "string" if kind == "value" else kind, value, ttl))
        return tuple(seeds)

    # --- shared checks (the step parser uses them too) ---------------------------------------------------

    def value(self, where: Where) -> Any:
        value: Any = self.doc.value
        for part in where:
            value = value[part]
        return value

    def mapping(self, where: Where, what: str, allowed: tuple[str, ...] | None = None) -> dict[str, Any]:
        value = self.value(where)
        if not isinstance(value, dict):
            raise self.doc.error(where, f"{what} must be a mapping (key: value lines), not {_kind(value)}")
        for key in value:
            if allowed is not None and key not in allowed:
                raise self.doc.error((*where, key), unknown_key_problem(key, allowed, what), at_key=True)
        return value

    def text(self, raw: dict[str, Any], where: Where, required: bool = False) -> str:
        key = where[-1]
        if key not in raw:
            if required:
                raise self.doc.error(where[:-1], f"{key} is missing")
            return ""
        value = raw[key]
        if isinstance(value, bool) or not isinstance(value, str | int | float) or value == "":
            raise self.doc.error(where, f"{key} must be text, not {_kind(value)}")
        return str(value)

    def number(self, raw: dict[str, Any], where: Where, default: int) -> int:
        value = raw.get(str(where[-1]), default)
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            raise self.doc.error(where, f"{where[-1]} must be a whole number above 0, not {_kind(value)}")
        return value

    def check_references(self, value: Any, where: Where, variables: set[str], topics: set[str],
                         saved_ok: bool = True) -> None:
        """Every `${…}` in `value` names something that will exist when it is used."""
        for inside, reference in references(value):
            at = (*where, *inside)
            parsed = parse_reference(reference)
            if parsed is None:
                raise self.doc.error(at, f"${{{reference}}} is not a reference; write ${{name}}, "
                                            "${env:NAME} or ${topic:NAME} ($${ for a literal ${)")
            scope, name = parsed
            if scope == "env" and name not in self.environ:
                raise self.doc.error(at, f"${{env:{name}}} is used but {name} is not set in the environment")
            if scope == "topic" and name not in topics:
                raise self.doc.error(at, f"${{topic:{name}}} names a topic the flow does not declare; add it "
                                            "to topics")
            if scope == "" and name not in variables:
                hint = "saved by an earlier step (save:) or set in vars:" if saved_ok else "set in vars:"
                raise self.doc.error(at, f"${{{name}}} is used but never {hint}")


def _kind(value: Any) -> str:
    if value is None or value == "":
        return "empty"
    return {dict: "a mapping", list: "a list", bool: "true/false", str: f"the text {str(value)[:40]!r}"}.get(
        type(value), f"{value!r}")
