import pytest

from lambdadesk.core.function_environment import (
    LIMIT_BYTES,
    EnvironmentTooLargeError,
    function_environment,
    size_bytes,
)

BASE = {"AWS_ENDPOINT_URL": "http://127.0.0.1:4566", "REDIS_HOST": "127.0.0.1"}


def topics(count: int) -> dict[str, str]:
    return {f"SNS_TOPIC_ARN_T{n:03}": f"arn:aws:sns:us-east-1:000000000000:t{n:03}" for n in range(count)}


def test_under_the_limit_everything_is_given_and_the_users_own_win() -> None:
    injected = {**BASE, **topics(3)}
    made = function_environment("f", injected, {"REDIS_HOST": "redis.local", "MINE": "1"})
    assert made.variables == {**injected, "REDIS_HOST": "redis.local", "MINE": "1"}
    assert made.topics_left_out == 0 and made.note("f") == ""


def test_over_the_limit_every_injected_topic_is_left_out_but_the_ones_the_user_set() -> None:
    injected = {**BASE, **topics(70)}
    assert size_bytes(injected) > LIMIT_BYTES
    own = {"SNS_TOPIC_ARN_T042": "arn:aws:sns:us-east-1:000000000000:t042", "MINE": "x"}
    made = function_environment("orders", injected, own)
    assert made.variables == {**BASE, **own} and made.topics_left_out == 69
    assert size_bytes(made.variables) <= LIMIT_BYTES
    assert made.note("orders").startswith("The ARNs of 69 SNS topics were not put in orders's environment")
    assert "4 KB" in made.note("orders") and "own variables" in made.note("orders")


def test_the_limit_is_exact_and_counted_in_bytes_of_compact_json() -> None:
    assert size_bytes({"A": "é"}) == len('{"A":"é"}'.encode())
    filler = LIMIT_BYTES - size_bytes({"T": ""})
    at_limit = {"T": "x" * filler}
    assert size_bytes(at_limit) == LIMIT_BYTES
    assert function_environment("f", {}, at_limit).variables == at_limit  # 4,096 bytes: allowed
    with pytest.raises(EnvironmentTooLargeError, match=r"would be 4,097 bytes; AWS allows 4,096 \(its own"):
        function_environment("f", {}, {"T": "x" * (filler + 1)})


def test_the_users_own_variables_alone_over_the_limit_are_refused_in_words() -> None:
    with pytest.raises(EnvironmentTooLargeError) as refused:
        function_environment("big", {**BASE, **topics(2)}, {"BLOB": "x" * LIMIT_BYTES})
    assert "The environment of big would be" in refused.value.message
    assert "Shorten or remove" in refused.value.next_step
