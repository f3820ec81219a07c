"""Expectations, variables and reports of flows: pure logic, checked against values that must match or not."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree

import pytest

from lambdadesk.deploy.function_logs import last_invocation
from lambdadesk.flows.expectations import MISSING, Mismatch, compare, follow, parse_path
from lambdadesk.flows.flow_reports import json_report, junit_xml
from lambdadesk.flows.flow_result import FlowReport, StepResult
from lambdadesk.flows.variables import UnknownVariableError, substitute

RESULT = {"status": 200, "json": {"order": 1001, "paid": True, "items": [{"id": "a"}, {"id": "b"}]},
          "body": "order 1001 stored", "headers": {"content-type": "application/json"}}


@pytest.mark.parametrize("expected", [
    {"status": 200},
    {"json": {"order": 1001}},  # a mapping matches the keys it names
    {"json": {"items": [{"id": "a"}, {"id": "b"}]}},
    {"body": {"contains": "1001"}},
    {"body": {"matches": r"^order \d+ stored$"}},
    {"json": {"missing": {"exists": False}, "order": {"exists": True}}},
    {"json": {"items": {"contains": {"id": "b"}}}},
    {"json": {"paid": {"equals": True}}},
])
def test_what_holds_gives_no_mismatch(expected: dict[str, object]) -> None:
    assert compare(expected, RESULT) == []


@pytest.mark.parametrize(("expected", "path", "got"), [
    ({"status": 201}, "status", "200"),
    ({"json": {"order": 1002}}, "json.order", "1001"),
    ({"json": {"paid": 1}}, "json.paid", "true"),  # true is not 1
    ({"json": {"order": "1001"}}, "json.order", "1001"),  # text is not a number
    ({"json": {"absent": 1}}, "json.absent", "nothing (missing)"),
    ({"body": {"contains": "1002"}}, "body", '"order 1001 stored"'),
    ({"body": {"matches": "^stored"}}, "body", '"order 1001 stored"'),
    ({"json": {"order": {"exists": False}}}, "json.order", "1001"),
    ({"json": {"items": [{"id": "a"}]}}, "json.items", '[{"id": "a"}, {"id": "b"}]'),
    ({"json": {"equals": {"order": 1001}}}, "json", '{"order": 1001'),  # equals is exact, not partial
])
def test_what_differs_is_named_with_expected_and_got(expected: dict[str, object], path: str, got: str) -> None:
    mismatches = compare(expected, RESULT)
    assert len(mismatches) == 1 and mismatches[0].path == path
    assert mismatches[0].got.startswith(got), mismatches[0]


def test_paths_reach_into_results() -> None:
    assert parse_path("response.json.items[1].id") == ["response", "json", "items", 1, "id"]
    assert parse_path("response..json") is None and parse_path("") is None and parse_path("a b") is None
    assert follow({"response": RESULT}, ["response", "json", "items", 1, "id"]) == "b"
    assert follow(RESULT, ["json", "items", 5]) is MISSING and follow(RESULT, ["status", "x"]) is MISSING


def test_variables_keep_their_type_alone_and_become_text_inside_text() -> None:
    values = {"id": "r-1", "order": 1001, "env:HOME": "/home/u", "topic:t": "arn:aws:sns:x:t"}
    assert substitute("${order}", values) == 1001
    assert substitute("order ${order} at ${env:HOME}", values) == "order 1001 at /home/u"
    assert substitute({"key": ["${id}", "$${id}"], "n": 5}, values) == {"key": ["r-1", "${id}"], "n": 5}
    assert substitute("${topic:t}", values) == "arn:aws:sns:x:t"
    with pytest.raises(UnknownVariableError):
        substitute("${nope}", values)


def _report() -> FlowReport:
    return FlowReport("orders", "orders.flow.yaml", [
        StepResult("deploy", True, 1.5, "created"),
        StepResult("POST /orders", False, 0.25, "json.order: expected 1002, got 1001", "request",
                   mismatches=(Mismatch("json.order", "1002", "1001"),), log="START RequestId: 1\nEND"),
        StepResult("Redis order", False, 0.0, "not run: an earlier step failed", "redis", skipped=True),
        StepResult("notified", True, 0.1, "Message=r-1", "sns", sent={"topic": "orders"},
                   received={"message": "r-1", "attributes": {"kind": "créé"}})])


def test_junit_has_one_testcase_per_step_with_expected_beside_got() -> None:
    root = ElementTree.fromstring(junit_xml([_report()]))
    suite = root.find("testsuite")
    assert suite is not None and suite.get("tests") == "4" and suite.get("failures") == "1"
    assert suite.get("skipped") == "1"
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == ["deploy", "POST /orders", "Redis order", "notified"]
    failure = cases[1].find("failure")
    assert failure is not None and "expected: 1002" in (failure.text or "") and "got:      1001" in (failure.text or "")
    assert (cases[1].findtext("system-out") or "").startswith("START RequestId")
    assert cases[0].find("failure") is None and cases[2].find("skipped") is not None
    # a step that runs no Lambda shows what it sent and received; setup and skipped steps show nothing
    assert cases[3].findtext("system-out") == ('sent: {"topic": "orders"}\n'
                                               'received: {"message": "r-1", "attributes": {"kind": "créé"}}')
    assert cases[0].find("system-out") is None and cases[2].find("system-out") is None


def test_the_json_report_says_which_step_failed() -> None:
    report = json_report([_report()])
    assert report["ok"] is False
    steps = report["flows"][0]["steps"]
    assert [s["ok"] for s in steps] == [True, False, False, True] and steps[2]["skipped"] is True
    assert steps[1]["mismatches"] == [{"path": "json.order", "expected": "1002", "got": "1001"}]


def test_a_steps_log_is_its_own_invocations_lines() -> None:
    lines = ["START RequestId: 1", "one", "END RequestId: 1", "REPORT RequestId: 1", "START RequestId: 2", "two",
             "END RequestId: 2", "REPORT RequestId: 2", "START RequestId: 3", "three, not done"]
    assert last_invocation(lines) == ["START RequestId: 2", "two", "END RequestId: 2", "REPORT RequestId: 2",
                                      "START RequestId: 3", "three, not done"]
    assert last_invocation(lines[:4]) == lines[:4] and last_invocation(["no marks"]) == ["no marks"]


def test_a_steps_log_is_not_an_earlier_calls_even_when_its_own_is_not_written_yet() -> None:
    earlier = ["START RequestId: 1", "one", "END RequestId: 1", "REPORT RequestId: 1\tDuration: 2 ms"]
    own = ["START RequestId: 2", "two", "END RequestId: 2", "REPORT RequestId: 2\tDuration: 3 ms"]
    assert last_invocation(earlier + own[:2], earlier={"1"}) == own[:2]  # its own, not done yet
    assert last_invocation(earlier + own, earlier={"1"}) == own == last_invocation(own + earlier, earlier={"1"})
    assert last_invocation(earlier, earlier={"1"}) == []  # nothing of its own logged: nothing, not another's
    assert last_invocation(earlier + own) == own and last_invocation(own + earlier) == earlier


@pytest.mark.parametrize(("expected", "said"), [
    ({"status": 201}, "status: expected 201, got 200"),
    ({"json": {"absent": 1}}, "json.absent: expected 1, got nothing (missing)"),
    ({"json": {"absent": {"contains": "x"}}}, 'json.absent: expected contains "x", got nothing (missing)'),
    ({"status": {"order": 1}}, "status: expected a mapping, got 200"),
    ({"json": {"items": [{"id": "a"}]}}, 'json.items: expected [{"id": "a"}], got [{"id": "a"}, {"id": "b"}]'),
    ({"json": {"items": [{"id": "a"}, {"id": "c"}]}}, 'json.items[1].id: expected "c", got "b"'),
    ({"json": {"order": {"exists": False}}}, "json.order: expected not to exist, got 1001"),
    ({"json": {"absent": {"exists": True}}}, "json.absent: expected to exist, got nothing"),
    ({"json": {"equals": {"order": 1001}}},
     'json: expected {"order": 1001}, got {"order": 1001, "paid": true, "items": [{"id": "a"}, {"id": "b"}]}'),
    ({"json": {"items": {"contains": {"id": "z"}}}},
     'json.items: expected something containing {"id": "z"}, got [{"id": "a"}, {"id": "b"}]'),
    ({"headers": {"contains": "x-missing"}},
     'headers: expected something containing "x-missing", got {"content-type": "application/json"}'),
    ({"status": {"contains": 2}}, "status: expected something containing 2, got 200"),
    ({"body": {"matches": "^stored"}}, 'body: expected text matching /^stored/, got "order 1001 stored"'),
    ({"status": 200, "json": {"paid": False}}, "json.paid: expected false, got true"),
])
def test_a_mismatch_says_where_what_was_expected_and_what_came(expected: dict[str, object], said: str) -> None:
    assert [str(m) for m in compare(expected, RESULT)] == [said]


def test_the_whole_result_is_named_when_it_is_the_value_itself_and_long_values_are_cut() -> None:
    assert str(compare(2, 1)[0]) == "the result: expected 2, got 1"
    long = "x" * 400
    mismatch = compare("short", long)[0]
    assert mismatch.got == '"' + "x" * 299 + "…" and mismatch.expected == '"short"'
    assert follow([1, 2], [2]) is MISSING and follow([1, 2], [1]) == 2  # the index just past the end is missing
    assert compare({"a": {"exists": True}}, {"a": None}) == [Mismatch("a", "to exist", "nothing")]  # null is absence
    assert compare({"order": {"matches": "^10"}}, {"order": 1001}) == []  # a number is matched as its JSON text
    assert str(compare({"order": {"matches": "^2"}}, {"order": 1001})[0]) == \
        "order: expected text matching /^2/, got 1001"


def test_an_escaped_reference_stays_as_written_and_an_unknown_one_is_named() -> None:
    assert substitute("$${id}", {"id": 7}) == "${id}" and substitute("a $${id} b", {"id": 7}) == "a ${id} b"
    with pytest.raises(UnknownVariableError) as unknown:
        substitute("order:${ nope }", {"id": 7})
    assert unknown.value.reference == "nope"


def test_variables_given_as_name_equals_value_are_read_and_anything_else_refused() -> None:
    from lambdadesk.core.errors import LambdadeskError
    from lambdadesk.flows.variables import parse_assignments

    assert parse_assignments(["runtime=python3.11", " fn =a=b", "empty="]) == {
        "runtime": "python3.11", "fn": "a=b", "empty": ""}  # the first '=' splits; the name is trimmed
    assert parse_assignments([]) == {}
    for wrong in ("runtime", "=value", "env:HOME=x", "topic:t=x", "two words=x", "9lives=x"):
        with pytest.raises(LambdadeskError) as refused:
            parse_assignments([wrong])
        assert (refused.value.message, refused.value.next_step) == (
            f"{wrong!r} is not NAME=VALUE.", "Set variables as runtime=python3.11."), wrong


@pytest.mark.parametrize(("expected", "holds"), [
    ({"headers": {"contains": "content-type"}}, True),  # a mapping contains a key
    ({"headers": {"contains": {"content-type": "application/json"}}}, True),  # or a part of itself
    ({"headers": {"contains": {"content-type": "text/plain"}}}, False),
    ({"json": {"contains": {"order": 1001, "paid": True}}}, True),
    ({"json": {"equals": {"order": 1001, "paid": True, "items": [{"id": "a"}, {"id": "b"}]}}}, True),
    ({"json": {"equals": {"order": 1001, "paid": True, "items": [{"id": "a"}, {"id": "c"}]}}}, False),
    ({"json": {"items": {"equals": [{"id": "a"}, {"id": "b"}]}}}, True),
    ({"json": {"items": {"equals": [{"id": "a"}]}}}, False),
    ({"nested": {"equals": {"a": {"b": 1}}}}, False),  # exact at every depth: {"b": 1, "c": 2} is more
    ({"nested": {"equals": {"a": {"b": 1, "c": 2}}}}, True),
    ({"nested": {"equals": {"a": 1}}}, False),
])
def test_contains_and_equals_on_mappings_and_lists(expected: dict[str, object], holds: bool) -> None:
    result = {**RESULT, "nested": {"a": {"b": 1, "c": 2}}}
    assert (compare(expected, result) == []) is holds


def test_values_are_shown_as_written_cut_after_300_characters() -> None:
    from datetime import date

    from lambdadesk.flows.expectations import show

    assert show(MISSING) == "nothing (missing)"
    assert show("café") == '"café"' and show(date(2026, 12, 7)) == '"2026-12-07"'  # not JSON: its text
    exactly = "y" * 298  # with its quotes: 300 characters, not cut
    assert show(exactly) == f'"{exactly}"' and show(exactly + "y") == f'"{exactly}y' + "…"
