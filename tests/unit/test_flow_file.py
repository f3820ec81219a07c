"""Flow files read into flows, and every kind of mistake refused with its file, line, column and field."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import jsonschema
import pytest
import yaml

from lambdadesk.core.desired_state import ApiRecord, DesiredState, FunctionRecord
from lambdadesk.core.http_request import METHODS
from lambdadesk.flows import flow_parser
from lambdadesk.flows.flow_model import SAMPLES
from lambdadesk.flows.flow_parser import parse_flow, read_flow
from lambdadesk.flows.flow_starter import starter_flow
from lambdadesk.flows.flow_yaml import FlowFileError
from lambdadesk.flows.sample_flows import sample_files, sample_flow

GOOD = """\
name: orders
vars: {runtime: python3.12}
topics: [orders]
functions:
  order-handler:
    zip: ./build/orders.zip
    runtime: ${runtime}
    handler: app.handle
    env: {TOPIC: "${topic:orders}", LOG: debug}
apis:
  orders: {function: order-handler}
steps:
  - request: {api: orders, path: /orders, json: {order: 1001}}
    expect: {status: 200, json: {id: {exists: true}}}
    save: {id: response.json.id}
  - sns: {topic: orders, within: 5s, expect: {message: "${id}"}}
  - redis: {key: "order:${id}", expect: {type: hash}}
    retry: {within: 3s, every: 200ms}
  - sleep: 500ms
"""


def _write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "build").mkdir(exist_ok=True)
    (tmp_path / "build" / "orders.zip").write_bytes(b"PK")
    path = tmp_path / "orders.flow.yaml"
    path.write_text(textwrap.dedent(text))
    return path


def _error(tmp_path: Path, text: str, environ: dict[str, str] | None = None) -> FlowFileError:
    path = _write(tmp_path, text)
    with pytest.raises(FlowFileError) as caught:
        parse_flow(path, path.read_text(), {}, environ or {})
    assert str(caught.value).startswith(f"{path}:{caught.value.line}:{caught.value.column}")
    return caught.value


def test_a_good_file_reads_into_its_environment_and_steps(tmp_path: Path) -> None:
    flow = read_flow(_write(tmp_path, GOOD), {"runtime": "python3.11"}, {})
    assert flow.name == "orders" and flow.topics == ("orders",)
    assert flow.variables == {"runtime": "python3.11"}  # the caller's value wins over vars:
    assert flow.functions["order-handler"].zip == "./build/orders.zip"
    assert flow.apis["orders"].function == "order-handler"
    assert [s.kind for s in flow.steps] == ["request", "sns", "redis", "sleep"]
    assert flow.steps[0].name == "POST /orders" and flow.steps[0].save == {"id": "response.json.id"}
    assert flow.steps[1].action["within"] == 5.0 and flow.steps[1].expect == {"message": "${id}"}
    assert flow.steps[2].retry is not None and flow.steps[2].retry.every_s == pytest.approx(0.2)
    assert flow.steps[3].action == {"seconds": 0.5}


def test_the_shipped_samples_read_cleanly() -> None:
    for runtime in ("python3.11", "python3.12", "provided.al2023"):
        file, variables = sample_flow(runtime)
        flow = read_flow(file, variables, {})
        assert [s.kind for s in flow.steps] == ["request", "sns", "redis"]


@pytest.mark.parametrize(("change", "line", "field", "words"), [
    (("  - sns: {topic: orders", "  - snss: {topic: orders"), 16, "steps[1].snss", "did you mean 'sns'?"),
    (("    expect: {status: 200", "    expext: {status: 200"), 14, "steps[0].expext", "did you mean 'expect'?"),
    (("message: \"${id}\"", "message: \"${idd}\""), 16, "steps[1].sns.expect.message",
     "${idd} is used but never saved"),
    (("within: 5s", "within: five seconds"), 16, "steps[1].sns.within", "not a duration"),
    (("./build/orders.zip", "./build/missing.zip"), 6, "functions.order-handler.zip", "no file './build/missing.zip'"),
    (("zip: ./build/orders.zip", "source: ./src"), 6, "functions.order-handler.source", "no folder './src'"),
    (("zip: ./build/orders.zip", "zip: ./build/orders.zip\n    source: ./build"), 6, "functions.order-handler",
     "exactly one of zip (a path to a .zip), source"),
    (("{api: orders, path", "{api: order, path"), 13, "steps[0].request.api", "'order' is not one of the flow's APIs"),
    (("{function: order-handler}", "{function: other}"), 11, "apis.orders.function", "'other' is not one of"),
    (("expect: {type: hash}", "expect: {kind: hash}"), 17, "steps[2].redis.expect.kind", "not a field of a redis"),
    (("save: {id: response.json.id}", "save: {id: reply.json.id}"), 15, "steps[0].save.id", "start with one of"),
    (("every: 200ms", "every: often"), 18, "steps[2].retry.every", "not a duration"),
    (("name: orders", "name: orders\nname: again"), 2, "name", "'name' is given twice"),
    (("runtime: ${runtime}", "runtime: ${env:RUNTIME}"), 7, "functions.order-handler.runtime", "RUNTIME is not set"),
    (("  - sleep: 500ms", "  - sleep: 500ms\n    invoke: {function: order-handler}"), 19, "steps[3]",
     "does exactly one thing"),
])
def test_each_mistake_is_named_at_its_line(tmp_path: Path, change: tuple[str, str], line: int, field: str,
                                           words: str) -> None:
    assert change[0] in GOOD
    error = _error(tmp_path, GOOD.replace(change[0], change[1], 1))
    assert (error.line, error.field) == (line, field), str(error)
    assert words in error.problem, str(error)


def test_bad_yaml_and_an_empty_file_are_refused_with_a_place(tmp_path: Path) -> None:
    error = _error(tmp_path, "name: x\nsteps: [ {request: {path: /}\n")
    assert error.line == 3 and "not valid YAML" in error.problem
    assert "empty" in _error(tmp_path, "# only a comment\n").problem


def test_a_variable_saved_later_is_not_yet_known(tmp_path: Path) -> None:
    text = GOOD.replace('key: "order:${id}"', 'key: "${later}"').replace("  - sleep: 500ms",
                                                                         "  - sleep: 500ms\n    save: {}")
    error = _error(tmp_path, text)
    assert error.line == 17 and "${later} is used but never saved" in error.problem


def test_a_file_that_cannot_be_read_says_so(tmp_path: Path) -> None:
    with pytest.raises(FlowFileError, match="cannot be read"):
        read_flow(tmp_path / "nowhere.flow.yaml")
    binary = tmp_path / "binary.flow.yaml"
    binary.write_bytes(b"\xff\xfe\x00name")
    with pytest.raises(FlowFileError, match="not UTF-8"):
        read_flow(binary)


def test_the_readme_example_is_a_valid_flow(tmp_path: Path) -> None:
    readme = (Path(__file__).parents[2] / "README.md").read_text()
    example = readme.split("### Flow files", 1)[1].split("```yaml\n", 1)[1].split("```", 1)[0]
    path = _write(tmp_path, example)
    flow = read_flow(path, environ={})
    assert [s.kind for s in flow.steps] == ["request", "sns", "redis", "invoke", "publish", "sleep"]


def test_the_published_schema_agrees_with_the_reader(tmp_path: Path) -> None:
    schema = json.loads((Path(flow_parser.__file__).parent / "flow.schema.json").read_text())
    validator = jsonschema.Draft202012Validator(schema)
    validator.check_schema(schema)
    readme = (Path(__file__).parents[2] / "README.md").read_text()
    for text in (GOOD, readme.split("### Flow files", 1)[1].split("```yaml\n", 1)[1].split("```", 1)[0],
                 *(file.read_text() for file in sample_files())):
        assert list(validator.iter_errors(yaml.safe_load(text))) == []
    for change in (("  - sns: {topic: orders", "  - snss: {topic: orders"), ("within: 5s", "within: five seconds"),
                   ("zip: ./build/orders.zip", "zipp: ./build/orders.zip"), ("  - sleep: 500ms", "  - {}")):
        broken = GOOD.replace(*change)
        assert list(validator.iter_errors(yaml.safe_load(broken))), change  # the schema refuses it ...
        with pytest.raises(FlowFileError):  # ... and so does the reader
            parse_flow(_write(tmp_path, broken), broken, {}, {})


def test_a_starter_from_what_is_deployed_reads_once_its_zip_is_built(tmp_path: Path) -> None:
    state = DesiredState().with_function(FunctionRecord("orders", "python3.11", "app.handle", "orders.zip", 512, 10,
                                                        {"LOG": "debug"}))
    state = state.with_api(ApiRecord("orders-api", "orders")).with_topic("orders")
    path = tmp_path / "mine.flow.yaml"
    path.write_text(starter_flow("mine", "default", state))
    with pytest.raises(FlowFileError, match="build it first"):
        read_flow(path, environ={})
    (tmp_path / "build").mkdir()
    (tmp_path / "build" / "orders.zip").write_bytes(b"PK")
    flow = read_flow(path, environ={})
    assert flow.name == "mine" and flow.topics == ("orders",) and flow.apis["orders-api"].function == "orders"
    function = flow.functions["orders"]
    assert (function.runtime, function.handler, function.memory_mb, function.env) == (
        "python3.11", "app.handle", 512, {"LOG": "debug"})
    assert [(s.kind, s.action["api"]) for s in flow.steps] == [("request", "orders-api")]


def test_with_nothing_deployed_the_starter_is_the_seed_flow(tmp_path: Path) -> None:
    path = tmp_path / "first.flow.yaml"
    path.write_text(starter_flow("first: try", "default", DesiredState()))
    flow = read_flow(path, environ={})
    assert flow.name == "first: try" and [s.kind for s in flow.steps] == ["request", "sns", "redis"]


SEEDED = GOOD.replace("steps:\n", """\
redis:
  feature:x: "on"
  count: 3
  user:${runtime}: {json: {name: ann, tags: [a]}, ttl: 60s}
  cart:1: {hash: {items: 3, owner: ann}}
  token: {value: abc, ttl: 500ms}
steps:
""", 1)


def test_redis_seed_data_is_read_with_its_kind_and_ttl(tmp_path: Path) -> None:
    flow = read_flow(_write(tmp_path, SEEDED), {}, {})
    assert [(s.key, s.kind, s.value, s.ttl_s) for s in flow.redis] == [
        ("feature:x", "string", "on", None), ("count", "string", "3", None),
        ("user:${runtime}", "json", {"name": "ann", "tags": ["a"]}, 60.0),
        ("cart:1", "hash", {"items": "3", "owner": "ann"}, None), ("token", "string", "abc", 0.5)]
    schema = json.loads((Path(flow_parser.__file__).parent / "flow.schema.json").read_text())
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(yaml.safe_load(SEEDED))) == []


@pytest.mark.parametrize(("change", "field", "words"), [
    (("{value: abc, ttl: 500ms}", "{value: abc, json: 1}"), "redis.token", "exactly one of value, json or hash, "
                                                                          "not value and json"),
    (("{value: abc, ttl: 500ms}", "{ttl: 5s}"), "redis.token", "exactly one of value, json or hash"),
    (("{value: abc, ttl: 500ms}", "{value: abc, ttl: soon}"), "redis.token.ttl", "'soon' is not a duration"),
    (("{value: abc, ttl: 500ms}", "{valeu: abc}"), "redis.token.valeu", "did you mean 'value'?"),
    (("count: 3", "count: [1, 2]"), "redis.count", "text, or a mapping with one of value, json or hash"),
    (("feature:x: \"on\"", "feature:x: \"${nope}\""), "redis.feature:x", "${nope} is used but never set in vars:"),
])
def test_bad_redis_seed_data_is_named_at_its_field(tmp_path: Path, change: tuple[str, str], field: str,
                                                   words: str) -> None:
    assert change[0] in SEEDED
    error = _error(tmp_path, SEEDED.replace(change[0], change[1], 1))
    assert error.field == field and words in error.problem, str(error)


@pytest.mark.parametrize(("change", "line", "field", "problem"), [
    (("retry: {within: 3s, every: 200ms}", "retry: {every: 200ms}"), 18, "steps[2].retry.within",
     "retry needs within: how long to keep trying (e.g. 10s)"),
    (("retry: {within: 3s, every: 200ms}", "retry: {within: 0s}"), 18, "steps[2].retry.within",
     "retry needs within: how long to keep trying (e.g. 10s)"),
    (("retry: {within: 3s, every: 200ms}", "retry: {within: 3s, every: 0ms}"), 18, "steps[2].retry.every",
     "'0ms' is not a duration; write 500ms or 1s"),
    (("  - sleep: 500ms", "  - sleep: 500ms\n    retry: {within: 2s}"), 20, "steps[3].retry",
     "retry repeats a step until its expect holds; this step expects nothing"),
    (("  - sleep: 500ms", "  - publish: {topic: orders}"), 19, "steps[3].publish",
     "message is missing: what to publish"),
    (("  - sleep: 500ms", "  - publish: {topic: orders, message: hi, attributes: [a]}"), 19,
     "steps[3].publish.attributes", "attributes must be a mapping (name: value)"),
    (("  - sleep: 500ms", "  - invoke: {function: other}"), 19, "steps[3].invoke.function",
     "'other' is not one of the flow's functions (order-handler)"),
    (("retry: {within: 3s, every: 200ms}", "retry: {within: 3s, evry: 200ms}"), 18, "steps[2].retry.evry",
     "'evry' is not a field of retry; did you mean 'every'?"),
    (("retry: {within: 3s, every: 200ms}", "retry: 3s"), 18, "steps[2].retry",
     "retry must be a mapping (key: value lines), not the text '3s'"),
    (("  - sleep: 500ms", "  - invoke: {payload: {a: 1}}"), 19, "steps[3].invoke", "function is missing"),
    (("{api: orders, path: /orders, json", "{api: order, path: /orders, json"), 13, "steps[0].request.api",
     "api 'order' is not one of the flow's APIs (orders)"),
    (("{api: orders, path: /orders, json: {order: 1001}}", "{path: /orders, method: TRACE}"), 13,
     "steps[0].request.method", "'TRACE' is not an HTTP method; use one of " + ", ".join(METHODS)),
    (("json: {order: 1001}}", "json: {order: 1001}, body: x}"), 13, "steps[0].request.body",
     "a request has json or body, not both"),
    (("json: {order: 1001}}", "json: {order: 1001}, headers: [a]}"), 13, "steps[0].request.headers",
     "headers must be a mapping (name: value)"),
    (("json: {order: 1001}}", "json: {order: 1001}, query: a=1}"), 13, "steps[0].request.query",
     "query must be a mapping (name: value)"),
    (("  - sleep: 500ms", "  - sleep: soon"), 19, "steps[3].sleep", "'soon' is not a duration; write 2s, 500ms or 1m"),
    (("within: 5s, expect: {message: \"${id}\"}}", "within: 5s, expect: {message: a}}\n    expect: {message: b}"),
     16, "steps[1].sns.expect", "expect is given twice (here and beside the step)"),
])
def test_each_mistake_in_a_step_says_exactly_what_to_write(tmp_path: Path, change: tuple[str, str], line: int,
                                                           field: str, problem: str) -> None:
    assert change[0] in GOOD
    error = _error(tmp_path, GOOD.replace(change[0], change[1], 1))
    assert (error.line, error.field, error.problem) == (line, field, problem), str(error)


def test_a_retry_reads_its_times_and_an_invoke_may_name_its_function_by_a_variable(tmp_path: Path) -> None:
    text = GOOD.replace("  - sleep: 500ms", "  - invoke: {function: \"${fn}\"}\n    expect: {status: 200}\n"
                                           "    retry: {within: 2s}").replace("vars: {runtime: python3.12}",
                                                                           "vars: {runtime: python3.12, fn: x}")
    flow = read_flow(_write(tmp_path, text), {}, {})
    assert flow.steps[2].retry is not None and (flow.steps[2].retry.within_s, flow.steps[2].retry.every_s) == (
        pytest.approx(3.0), pytest.approx(0.2))
    retry = flow.steps[3].retry
    assert retry is not None and (retry.within_s, retry.every_s) == (pytest.approx(2.0), pytest.approx(0.5))
    brief = read_flow(_write(tmp_path, text.replace("retry: {within: 2s}", "retry: {within: 500ms}")), {}, {})
    assert brief.steps[3].retry is not None and brief.steps[3].retry.within_s == pytest.approx(0.5)


def test_an_invoke_of_an_undeclared_function_lists_every_declared_one(tmp_path: Path) -> None:
    other = "  other:\n    zip: ./build/orders.zip\n    runtime: python3.12\n    handler: app.handle\n"
    text = GOOD.replace("  order-handler:\n", other + "  order-handler:\n", 1).replace(
        "  - sleep: 500ms", "  - invoke: {function: nope}")
    error = _error(tmp_path, text)
    assert error.problem == "'nope' is not one of the flow's functions (other, order-handler)"


@pytest.mark.parametrize(("change", "problem"), [
    (("name: orders", "name: [orders]"), "name must be text, not a list"),
    (("name: orders", "name: true"), "name must be text, not true/false"),
    (("name: orders", "name: ''"), "name must be text, not empty"),
    (("name: orders", "name: {a: 1}"), "name must be text, not a mapping"),
    (("vars: {runtime: python3.12}", "vars: " + "v" * 50), f"vars must be a mapping (key: value lines), not the text "
                                                           f"{'v' * 40!r}"),
    (("vars: {runtime: python3.12}", "vars: 3"), "vars must be a mapping (key: value lines), not 3"),
    (("vars: {runtime: python3.12}", "vars:"), "vars must be a mapping (key: value lines), not empty"),
    (("    handler: app.handle", "    handler: app.handle\n    timeout: 0"),
     "timeout must be a whole number above 0, not 0"),
    (("    handler: app.handle", "    handler: app.handle\n    memory: 1.5"),
     "memory must be a whole number above 0, not 1.5"),
])
def test_a_value_of_the_wrong_kind_is_named_by_its_kind(tmp_path: Path, change: tuple[str, str], problem: str) -> None:
    assert change[0] in GOOD
    assert _error(tmp_path, GOOD.replace(change[0], change[1], 1)).problem == problem


def test_a_request_names_its_api_when_there_are_several_and_gets_by_default(tmp_path: Path) -> None:
    plain = GOOD.replace("  - sleep: 500ms", "  - request: {path: /health}\n    expect: {status: 200}")
    assert read_flow(_write(tmp_path, plain), {}, {}).steps[3].action == {"path": "/health"}  # one API, GET
    two = plain.replace("  orders: {function: order-handler}",
                        "  orders: {function: order-handler}\n  admin: {function: order-handler}")
    error = _error(tmp_path, two)
    assert (error.field, error.problem) == (
        "steps[3].request", "the request names no api and is not one of the flow's APIs (orders, admin); name one "
                            "with api:")
    none = GOOD.replace("apis:\n  orders: {function: order-handler}\n", "")
    assert _error(tmp_path, none).problem == "api 'orders' is not one of the flow's APIs (none is declared)"


def test_each_step_without_a_name_is_named_by_what_it_does(tmp_path: Path) -> None:
    text = GOOD.replace("  - sleep: 500ms", "\n".join([
        "  - sleep: 1.5s",
        "  - request: {path: /health}",
        "  - request: {method: delete, path: /orders/1}",
        "  - request: {body: hi}",
        "  - invoke: {function: order-handler}",
        "  - publish: {topic: orders, message: hi}",
        "  - redis: {key: k}"]))
    names = [step.name for step in read_flow(_write(tmp_path, text), {}, {}).steps]
    assert names == ["POST /orders", "a message on orders", "Redis order:${id}", "sleep 1.5 s", "GET /health",
                     "DELETE /orders/1", "POST /", "invoke order-handler", "publish to orders", "Redis k"]


@pytest.mark.parametrize(("change", "field", "problem"), [
    (("save: {id: response.json.id}", "save: {1id: response.json.id}"), "steps[0].save.1id",
     "'1id' cannot name a variable; use letters, digits and _"),
    (("save: {id: response.json.id}", "save: {id: message.json.id}"), "steps[0].save.id",
     "'message.json.id' is not a path into this step's result; start with one of response.status, "
     "response.headers, response.body, response.json, response.log"),
    (("save: {id: response.json.id}", "save: {id: response}"), "steps[0].save.id",
     "'response' is not a path into this step's result; start with one of response.status, response.headers, "
     "response.body, response.json, response.log"),
    (("save: {id: response.json.id}", "save: {id: response.cookies}"), "steps[0].save.id",
     "'response.cookies' is not a path into this step's result; start with one of response.status, "
     "response.headers, response.body, response.json, response.log"),
    (("{topic: orders, within: 5s", "{topic: events, within: 5s"), "steps[1].sns.topic",
     "'events' is not one of the flow's topics (orders); add it to topics"),
    (("expect: {type: hash}", "expect: [hash]"), "steps[2].redis.expect",
     "expect must be a mapping of exists, type, ttl, value, json"),
    (("expect: {status: 200, json: {id: {exists: true}}}", "expect: [200]"), "steps[0].expect",
     "expect must be a mapping of status, headers, body, json, log"),
    (("expect: {type: hash}", "expect: {equals: hash}"), "steps[2].redis.expect",
     "expect must be a mapping of exists, type, ttl, value, json"),
    (("expect: {type: hash}", "expect: {value: {matches: \"(\"}}"), "steps[2].redis.expect.value.matches",
     "'(' is not a regular expression: missing ), unterminated subpattern at position 0"),
    (("expect: {type: hash}", "expect: {json: {a: {exists: yes please}}}"), "steps[2].redis.expect.json.a.exists",
     "exists is true or false"),
])
def test_each_mistake_in_what_a_step_expects_or_saves_is_named(tmp_path: Path, change: tuple[str, str], field: str,
                                                                problem: str) -> None:
    assert change[0] in GOOD
    error = _error(tmp_path, GOOD.replace(change[0], change[1], 1))
    assert (error.field, error.problem) == (field, problem), str(error)


@pytest.mark.parametrize(("change", "field", "problem"), [
    (("topics: [orders]", "topics: orders"), "topics", "topics is a list of SNS topic names, e.g. [orders]"),
    (("topics: [orders]", "topics: [orders, 'a b']"), "topics[1]",
     "'a b' cannot name an SNS topic; use letters, digits, '-' and '_'"),
    (("zip: ./build/orders.zip", "sample: seed-rust"), "functions.order-handler.sample",
     "there is no sample 'seed-rust'; use one of " + ", ".join(SAMPLES)),
    (("    zip: ./build/orders.zip\n", ""), "functions.order-handler",
     "function 'order-handler' needs exactly one of zip (a path to a .zip), source (its source folder) or sample ("
     + ", ".join(SAMPLES) + ")"),
    (("env: {TOPIC: \"${topic:orders}\", LOG: debug}", "env: {TOPIC: [a]}"), "functions.order-handler.env.TOPIC",
     "a variable's value is text or a number"),
    (("env: {TOPIC: \"${topic:orders}\", LOG: debug}", "env: {TOPIC: \"${topic:events}\"}"),
     "functions.order-handler.env.TOPIC", "${topic:events} names a topic the flow does not declare; add it to topics"),
    (("env: {TOPIC: \"${topic:orders}\", LOG: debug}", "env: {TOPIC: \"${a b}\"}"),
     "functions.order-handler.env.TOPIC",
     "${a b} is not a reference; write ${name}, ${env:NAME} or ${topic:NAME} ($${ for a literal ${)"),
])
def test_each_mistake_at_the_top_of_a_flow_file_is_named_in_full(tmp_path: Path, change: tuple[str, str],
                                                                  field: str, problem: str) -> None:
    assert change[0] in GOOD
    error = _error(tmp_path, GOOD.replace(change[0], change[1], 1))
    assert (error.field, error.problem) == (field, problem), str(error)


def test_a_flow_file_over_1_mb_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = _write(tmp_path, GOOD + "#" * (1024 * 1024))
    with pytest.raises(FlowFileError) as refused:
        read_flow(path, {}, {})
    assert (refused.value.line, refused.value.column, refused.value.field, refused.value.problem) == (
        1, 1, "", "the file is larger than 1 MB; a flow file is a few hundred lines")


def test_a_sample_function_gets_its_runtime_and_handler() -> None:
    text = GOOD.replace("    zip: ./build/orders.zip\n    runtime: ${runtime}\n    handler: app.handle\n",
                        "    sample: seed-go\n")
    assert text != GOOD
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        function = read_flow(_write(Path(folder), text), {}, {}).functions["order-handler"]
    assert (function.runtime, function.sample, function.zip) == ("provided.al2023", "seed-go", "")
