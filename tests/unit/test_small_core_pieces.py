"""Small pieces of the core every tab shows: an API's invoke URLs, values shown to people."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from lambdadesk.core import atomic_file
from lambdadesk.core.api_route import ApiRoute
from lambdadesk.core.display import pretty_json, ttl_text
from lambdadesk.core.errors import ImagePullError, LambdadeskError, PortInUseError, StartTimeoutError


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


def test_every_error_says_what_went_wrong_and_what_to_do_in_full() -> None:
    pulled = ImagePullError("redis:7", "no registry", "Load it with docker load.")
    assert (pulled.message, pulled.next_step, pulled.image) == ("Cannot pull image redis:7: no registry",
                                                                 "Load it with docker load.", "redis:7")
    assert str(pulled) == "Cannot pull image redis:7: no registry\nNext step: Load it with docker load."
    port = PortInUseError(6379, "redis", "redis-server (pid 12)")
    assert (port.message, port.next_step) == (
        "Port 6379 (needed by redis) is already in use by redis-server (pid 12).",
        "Stop redis-server (pid 12), or give redis another port in the profile (redis_port).")
    assert (port.port, port.service, port.holder) == (6379, "redis", "redis-server (pid 12)")
    late = StartTimeoutError("emulator", 120.4, "health says starting", "  \n")
    assert late.message == ("emulator was not ready after 120 s (health says starting). Its last log lines:\n"
                            "(the container printed nothing)")
    assert late.next_step == ("Read the emulator logs (lambdadesk logs emulator), fix the cause, then run lambdadesk "
                              "up again.")
    assert StartTimeoutError("redis", 5, "x", " boom ").message.endswith("lines:\nboom") and late.service == "emulator"
    for message, next_step in (("", "do"), ("wrong", ""), (None, "do")):
        with pytest.raises(TypeError, match="LambdadeskError needs a message and a next step"):
            LambdadeskError(message, next_step)  # type: ignore[arg-type]


def test_an_atomic_write_leaves_its_temporary_beside_the_file_only_while_it_writes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "profiles" / "p.json"
    seen: list[str] = []
    real_replace = Path.replace

    def watching_replace(self: Path, other: Path) -> Path:  # the temporary, just before it takes the file's place
        seen.append(self.name)
        assert self.parent == target.parent and self.read_bytes() == b"new"
        return real_replace(self, other)

    monkeypatch.setattr(Path, "replace", watching_replace)
    atomic_file.write_atomic(target, b"new")
    assert target.read_bytes() == b"new" and seen[0].startswith(".p.json.") and seen[0].endswith(".tmp")
    assert sorted(p.name for p in target.parent.iterdir()) == ["p.json"]

    monkeypatch.setattr(Path, "replace", lambda self, other: (_ for _ in ()).throw(OSError("disk full")))
    with pytest.raises(OSError, match="disk full"):
        atomic_file.write_atomic(target, b"lost")
    assert sorted(p.name for p in target.parent.iterdir()) == ["p.json"] and target.read_bytes() == b"new"

    old, fresh, other = (target.parent / ".p.json.a.tmp", target.parent / ".p.json.b.tmp",
                         target.parent / ".q.json.c.tmp")
    for temp in (old, fresh, other):
        temp.write_bytes(b"x")
    stale = time.time() - atomic_file.STALE_TEMP_S - 5
    os.utime(old, (stale, stale))
    os.utime(other, (stale, stale))
    assert atomic_file.remove_stale_temporaries(target) == 1  # only this file's, only the old one
    assert not old.exists() and fresh.exists() and other.exists()
    os.utime(fresh, (stale, stale))
    assert atomic_file.remove_stale_temporaries(target) == 1 and not fresh.exists()


def test_json_from_outside_at_its_size_limit_and_the_reasons_given() -> None:
    from lambdadesk.core import safe_json

    at_limit = " " * (safe_json.MAX_TEXT - 2) + "[]"
    assert safe_json.loads(at_limit) == []  # exactly the limit: parsed
    with pytest.raises(safe_json.NotJsonError) as refused:
        safe_json.loads(at_limit + " ")
    assert str(refused.value) == "larger than 64 MiB"
    with pytest.raises(safe_json.NotJsonError) as refused:
        safe_json.loads('{"a":\n1,,}')
    assert str(refused.value) == "Expecting property name enclosed in double quotes: line 2 column 3 (char 8)"
    assert safe_json.dumps_pretty({"é": [1]}) == '{\n  "é": [\n    1\n  ]\n}'
