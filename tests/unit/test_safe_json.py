"""Message content from outside never crashes or freezes: deep nesting, huge numbers and key-like floods."""

import json
import time

import pytest

from lambdadesk.core import safe_json
from lambdadesk.core.correlation import MAX_CANDIDATES, candidate_keys
from lambdadesk.core.display import pretty_json
from lambdadesk.core.errors import LambdadeskError
from lambdadesk.core.sns_message import SnsPostError, parse_sns_post

DEEP = "[" * 100_000 + "]" * 100_000
DEEP_OBJECT = '{"a":' * 100_000 + "1" + "}" * 100_000
HUGE_NUMBER = "9" * 5_000


@pytest.mark.parametrize(("text", "says"), [(DEEP, "nested too deeply"), (DEEP_OBJECT, "nested too deeply"),
                                            (HUGE_NUMBER, "digits"), ("{bad", "Expecting")])
def test_the_loader_raises_only_its_own_error_saying_why(text: str, says: str) -> None:
    with pytest.raises(safe_json.NotJsonError, match=says):
        safe_json.loads(text)


@pytest.mark.parametrize("text", [DEEP, DEEP_OBJECT, HUGE_NUMBER, '{"k": ' + HUGE_NUMBER + "}"])
def test_bad_content_is_shown_as_text_and_searched_for_keys_without_raising(text: str) -> None:
    assert pretty_json(text) == text
    assert isinstance(candidate_keys(text), list)


@pytest.mark.parametrize("text", [DEEP, '{"Type": "Notification", "n": ' + HUGE_NUMBER + "}"])
def test_an_sns_post_with_such_a_body_is_refused_as_bad_input(text: str) -> None:
    with pytest.raises(SnsPostError, match="not JSON"):
        parse_sns_post({"x-amz-sns-message-type": "Notification"}, text.encode())


def test_a_flood_of_key_like_strings_gives_a_bounded_list_quickly() -> None:
    message = json.dumps({f"k{n}": f"seed:{n}" for n in range(20_000)})  # ~400 KB, 20,000 candidates
    began = time.perf_counter()
    keys = candidate_keys(message)
    assert len(keys) == MAX_CANDIDATES
    assert keys[:2] == ["seed:0", "seed:1"]
    assert time.perf_counter() - began < 1.0  # was 1.7 s for 20,000 keys (a quadratic dedupe) on the GUI thread


def test_ordinary_json_is_still_pretty_and_its_keys_found_first() -> None:
    assert pretty_json('{"b":1,"a":[1,2]}') == '{\n  "b": 1,\n  "a": [\n    1,\n    2\n  ]\n}'
    assert safe_json.dumps_pretty({"name": "Zoë ✓"}) == '{\n  "name": "Zoë ✓"\n}'  # as written, not \\u escapes
    deep: list[object] = []
    for _ in range(100_000):
        deep = [deep]
    with pytest.raises(safe_json.NotJsonError, match=r"^nested too deeply$"):
        safe_json.dumps_pretty(deep)
    assert candidate_keys('{"requestId": "req-7", "note": "x"}')[:2] == ['{"requestId": "req-7", "note": "x"}',
                                                                          "req-7"]


def test_message_attributes_are_candidates_after_the_message_and_its_key_fields() -> None:
    body = json.dumps({"order": "paid", "id": "orders:7"})
    keys = candidate_keys(body, {"trace": "t-1", "cacheKey": "orders:8"})
    assert keys[:5] == [body, "orders:7", "orders:8", "t-1", "paid"]
    assert candidate_keys("plain text", {"key": "k-1"})[:2] == ["plain text", "k-1"]


def test_typed_json_names_the_place_of_the_mistake_and_never_raises_anything_else() -> None:
    assert safe_json.typed_json('{"a": [1, 2]}', "The event", "Fix it.") == {"a": [1, 2]}
    with pytest.raises(LambdadeskError) as wrong:
        safe_json.typed_json('{"a": 1,\n  "b": }', "The event", "Fix it.")
    assert wrong.value.message == "The event is not valid JSON: Expecting value at line 2, column 8."
    assert wrong.value.next_step == "Fix it."
    with pytest.raises(LambdadeskError) as deep:
        safe_json.typed_json("[" * 100_000, "--payload", "Quote it.")
    assert deep.value.message == "--payload is not valid JSON: nested too deeply."
