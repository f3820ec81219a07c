"""Small pieces of the core every tab shows: an API's invoke URLs, values shown to people."""

from __future__ import annotations

from lambdadesk.core.api_route import ApiRoute
from lambdadesk.core.display import pretty_json, ttl_text


def test_an_apis_invoke_urls_in_both_forms() -> None:
    route = ApiRoute("a1b2", "dev", "seed", "http://127.0.0.1:4566", "orders")
    assert route.url() == "http://127.0.0.1:4566/restapis/a1b2/dev/_user_request_/"
    assert route.url("/orders/7") == "http://127.0.0.1:4566/restapis/a1b2/dev/_user_request_/orders/7"
    assert route.execute_api_url("/orders") == \
        "http://a1b2.execute-api.localhost.localstack.cloud:4566/dev/orders"
    assert route.execute_api_url() == "http://a1b2.execute-api.localhost.localstack.cloud:4566/dev/"


def test_values_are_shown_indented_when_json_and_as_they_are_otherwise() -> None:
    assert pretty_json('{"a": [1, 2]}') == '{\n  "a": [\n    1,\n    2\n  ]\n}'
    assert pretty_json("not json {") == "not json {"
    assert (ttl_text(-1), ttl_text(0), ttl_text(30)) == ("no expiry", "expires in 0 s", "expires in 30 s")
