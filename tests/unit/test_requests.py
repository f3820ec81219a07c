from pathlib import Path

import pytest

from lambdadesk.adapters.store.paths import requests_dir
from lambdadesk.adapters.store.request_store import HISTORY_KEPT, RequestStore
from lambdadesk.core.errors import LambdadeskError
from lambdadesk.core.http_request import HttpResponse, RequestInputError, RequestSpec, check_request, parse_header_lines


def test_header_lines_are_parsed_and_blank_lines_skipped() -> None:
    assert parse_header_lines("X-Trace: 1\n\nAccept:  application/json ") == (
        ("X-Trace", "1"), ("Accept", "application/json"))
    assert parse_header_lines("Host: localhost:4566") == (("Host", "localhost:4566"),)  # the first colon splits


@pytest.mark.parametrize(("text", "line"), [("no colon here", 1), ("A: 1\nBad Name: 2", 2), ("A: 1\n: value", 2)])
def test_a_malformed_header_line_is_named_by_number(text: str, line: int) -> None:
    with pytest.raises(RequestInputError, match=f"Header line {line} "):
        parse_header_lines(text)


def test_a_body_marked_json_must_be_json_and_says_where_it_breaks() -> None:
    with pytest.raises(RequestInputError, match="line 2, column 8"):
        check_request(RequestSpec("POST", "/seed", body='{\n  "a": }', body_is_json=True))


def test_a_json_body_gets_its_content_type_and_the_path_is_rooted() -> None:
    spec = check_request(RequestSpec("post", "seed", "?a=1", body='{"a": 1}', body_is_json=True))
    assert (spec.method, spec.path, spec.query) == ("POST", "/seed", "a=1")
    assert ("Content-Type", "application/json") in spec.headers
    with pytest.raises(RequestInputError, match="not an HTTP method"):
        check_request(RequestSpec("FETCH"))


def test_saved_requests_are_one_readable_file_each_and_load_back() -> None:
    store = RequestStore(requests_dir())
    spec = check_request(RequestSpec("POST", "/seed", headers=(("X-A", "1"),), body="hi"))
    path = store.save("post seed", spec)
    assert path.name == "post seed.json" and '"method": "POST"' in path.read_text()
    assert store.load("post seed") == spec and store.saved_names() == ["post seed"]
    with pytest.raises(LambdadeskError, match="cannot name a saved request"):
        store.save("../escape", spec)


def test_history_is_newest_first_bounded_and_sets_unreadable_files_aside(tmp_path: Path) -> None:
    store = RequestStore(tmp_path)
    response = HttpResponse(200, (("Content-Type", "text/plain"),), "ok", 0.01)
    for number in range(HISTORY_KEPT + 5):
        store.record(RequestSpec("GET", f"/{number}"), response)
    files = sorted(store.history_dir.iterdir())
    assert len(files) == HISTORY_KEPT
    files[-1].write_text("{broken")
    history = store.history()
    assert len(history) == HISTORY_KEPT - 1 and history[0]["request"]["path"] == f"/{HISTORY_KEPT + 3}"
    kept = list(store.history_dir.glob("*.corrupt-*"))
    assert [p.read_text() for p in kept] == ["{broken"] and not files[-1].exists()  # set aside, never deleted
    assert len(store.problems) == 1 and kept[0].name in store.problems[0]
    store.record(RequestSpec("GET", "/next"), response)
    assert kept[0].exists() and len(list(store.history_dir.glob("*.json"))) == HISTORY_KEPT


@pytest.mark.parametrize("name", ["../../outside", "/etc/outside", "sub/../../outside", "..", ""])
def test_a_saved_request_name_is_never_a_path(tmp_path: Path, name: str) -> None:
    store = RequestStore(tmp_path / "requests")
    outside = tmp_path / "outside.json"
    outside.write_text("{ not json")  # would be set aside as corrupt if it were read
    with pytest.raises(LambdadeskError, match="cannot name a saved request"):
        store.load(name)
    with pytest.raises(LambdadeskError, match="cannot name a saved request"):
        store.save(name, RequestSpec())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["outside.json"]  # untouched, nothing written


@pytest.mark.parametrize(("saved", "named"), [
    ({"method": None}, "method is null, not a str"),
    ({"path": 7}, "path is 7, not a str"),
    ({"body_is_json": "yes"}, 'body_is_json is "yes", not a bool'),
    ({"headers": [["only-a-name"]]}, "headers are not a list of [name, value] pairs"),
    ({"headers": {"a": "b"}}, "headers are not a list of [name, value] pairs"),
])
def test_a_hand_edited_saved_request_with_a_wrong_type_is_named(saved: dict[str, object], named: str) -> None:
    with pytest.raises(RequestInputError) as raised:
        RequestSpec.from_dict(saved)
    assert named in raised.value.message


@pytest.mark.parametrize(("bad", "message", "next_step"), [
    (lambda: check_request(RequestSpec("fetch")), "'fetch' is not an HTTP method.",
     "Use one of GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS."),
    (lambda: check_request(RequestSpec("POST", body="{", body_is_json=True)),
     "The body is not valid JSON: Expecting property name enclosed in double quotes at line 1, column 2.",
     "Fix the JSON, or send it as plain text."),
    (lambda: check_request(RequestSpec(headers=(("Bad Name", "1"),))), "'Bad Name' cannot name a header.",
     "Use letters, digits and - in header names, for example X-Request-Id."),
    (lambda: check_request(RequestSpec(headers=(("X " + "a" * 70, "1"),))), f"'X {'a' * 58}' cannot name a header.",
     "Use letters, digits and - in header names, for example X-Request-Id."),
    (lambda: check_request(RequestSpec(headers=(("X-A", "1\r\nX-Injected: 2"),))),
     "The value of header X-A holds a line break or NUL, which HTTP forbids.", "Put the value on one line."),
    (lambda: parse_header_lines("A: 1\n  no colon " + "z" * 70),
     f"Header line 2 ('no colon {'z' * 51}') is not a header.",
     "Write one header per line as Name: value, for example Content-Type: text/plain."),
    (lambda: RequestSpec.from_dict({"headers": [["a"]]}),
     "The saved request's headers are not a list of [name, value] pairs.",
     "Fix the file, or send the request again and save it anew."),
    (lambda: RequestSpec.from_dict({"body": ["x" * 50]}), f"The saved request's body is [\"{'x' * 38}, not a str.",
     "Fix the file, or save the request anew."),
])
def test_each_bad_request_says_exactly_what_is_wrong_and_what_to_do(bad: object, message: str,
                                                                     next_step: str) -> None:
    with pytest.raises(RequestInputError) as raised:
        bad()  # type: ignore[operator]
    assert (raised.value.message, raised.value.next_step) == (message, next_step)


def test_a_checked_request_keeps_what_it_was_given() -> None:
    spec = check_request(RequestSpec("get", "items", "??a=1", (("content-type", "text/plain"),), "{}", True, "shop"))
    assert spec == RequestSpec("GET", "/items", "a=1", (("content-type", "text/plain"),), "{}", True, "shop")
    # a Content-Type the user gave is kept, in any case; none is added to a plain body
    assert check_request(RequestSpec("POST", "/", body="x")).headers == ()
    assert check_request(RequestSpec("POST", "/", body="  ", body_is_json=True)).headers == (
        ("Content-Type", "application/json"),)  # an empty JSON body is not parsed, and still says it is JSON
    assert check_request(RequestSpec(headers=(("X-A", "tab\tis fine"),))).headers == (("X-A", "tab\tis fine"),)


def test_saved_payloads_sit_beside_the_requests_load_back_and_their_names_are_never_paths(tmp_path: Path) -> None:
    store = RequestStore(tmp_path)
    path = store.save_payload("order 7", {"order": 7, "items": ["tea"]})
    assert path == tmp_path / "payloads" / "order 7.json" and store.load_payload("order 7") == {"order": 7,
                                                                                              "items": ["tea"]}
    store.save_payload("order 7", [1, 2])  # the user's own: written over under the same name
    assert store.load_payload("order 7") == [1, 2] and store.payload_names() == ["order 7"]
    with pytest.raises(LambdadeskError, match="cannot name a saved payload"):
        store.save_payload("../outside", {})
    with pytest.raises(LambdadeskError, match="no saved payload 'nope'"):
        store.load_payload("nope")
    assert not (tmp_path.parent / "outside.json").exists()
