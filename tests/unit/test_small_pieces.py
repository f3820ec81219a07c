import os
import time
from pathlib import Path

import pytest

from lambdadesk.core.atomic_file import write_atomic
from lambdadesk.core.profile import Profile
from lambdadesk.core.redaction import MASK, redact
from lambdadesk.environment.container_specs import build_specs
from lambdadesk.environment.lifecycle import _waves
from lambdadesk.logs.log_stream import _split_lines
from tests.unit.test_container_specs import CERTS


def test_log_chunks_are_cut_into_whole_lines() -> None:
    chunks = [b"first li", b"ne\nsecond\nthi", b"rd\n", b"tail without newline"]
    assert list(_split_lines(iter(chunks))) == [b"first line", b"second", b"third", b"tail without newline"]


def test_secrets_are_masked_and_short_strings_are_left_alone() -> None:
    assert redact("token=abcd1234 ok", ("abcd1234",)) == f"token={MASK} ok"
    assert redact("a b c", ("a",)) == "a b c"


def test_an_atomic_write_replaces_the_whole_file(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "settings.json"
    write_atomic(target, b"old")
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new" and [p.name for p in target.parent.iterdir()] == ["settings.json"]


def test_an_atomic_write_through_a_symlink_writes_its_target_and_keeps_the_link(tmp_path: Path) -> None:
    (tmp_path / "dotfiles").mkdir()
    target = tmp_path / "dotfiles" / "work.json"
    target.write_bytes(b"old")
    link = tmp_path / "work.json"
    link.symlink_to(target)
    write_atomic(link, b"new")
    assert link.is_symlink() and link.resolve() == target and target.read_bytes() == b"new"


def test_a_failed_atomic_write_keeps_the_old_content(tmp_path: Path) -> None:
    target = tmp_path / "settings.json"
    write_atomic(target, b"old")
    with pytest.raises(TypeError):
        write_atomic(target, "not bytes")  # type: ignore[arg-type]
    assert target.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["settings.json"]


def test_services_start_after_what_they_depend_on() -> None:
    waves = _waves(build_specs(Profile(dind=True), "emu:1", None, dind_tls=CERTS))
    assert [[s.service for s in wave] for wave in waves] == [["dind"], ["redis", "emulator"]]
    assert len(_waves(build_specs(Profile(), "emu:1", None))) == 1  # independent ones start together


def test_temporaries_left_by_a_killed_write_are_removed_by_the_next_write(tmp_path: Path) -> None:
    target = tmp_path / "settings.json"
    stale, fresh, other = (tmp_path / ".settings.json.a1.tmp", tmp_path / ".settings.json.b2.tmp",
                           tmp_path / ".other.json.c3.tmp")
    for temp in (stale, fresh, other):
        temp.write_text("half")
    old = time.time() - 3600
    os.utime(stale, (old, old))
    os.utime(other, (old, old))
    write_atomic(target, b"new")
    assert not stale.exists() and fresh.exists() and other.exists()  # a fresh one may be another writer's


def test_log_chunks_become_lines_and_an_endless_line_is_cut() -> None:
    from lambdadesk.logs.log_stream import CUT_MARK, _split_lines

    chunks = [b"one\ntw", b"o\n", b"three", b"\nfour\nfive"]
    assert list(_split_lines(iter(chunks))) == [b"one", b"two", b"three", b"four", b"five"]
    endless = [b"x" * 65536 for _ in range(80)] + [b"\nafter\n"]  # 5 MiB without a newline, then a line
    lines = list(_split_lines(iter(endless), limit=1024 * 1024))
    assert lines == [b"x" * 1024 * 1024 + CUT_MARK, b"after"]
    assert list(_split_lines(iter([b"a" * 10 + b"\n"]), limit=4)) == [b"aaaa" + CUT_MARK]
