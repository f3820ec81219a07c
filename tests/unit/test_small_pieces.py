import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import cast

import pytest
from docker.models.containers import Container

from lambdadesk.core.atomic_file import write_atomic
from lambdadesk.core.engine import EngineReach
from lambdadesk.core.profile import Profile
from lambdadesk.core.redaction import MASK, redact
from lambdadesk.environment.container_specs import build_specs
from lambdadesk.environment.lifecycle import _waves
from lambdadesk.logs import log_stream
from lambdadesk.logs.line_splitter import CUT_MARK, split_lines
from lambdadesk.logs.log_stream import LogFollower
from tests.unit.test_container_specs import CERTS


def test_log_chunks_are_cut_into_whole_lines() -> None:
    chunks = [b"first li", b"ne\nsecond\nthi", b"rd\n", b"tail without newline"]
    assert list(split_lines(iter(chunks))) == [b"first line", b"second", b"third", b"tail without newline"]


def test_secrets_are_masked_and_short_strings_are_left_alone() -> None:
    assert redact("token=abcd1234 ok", ("abcd1234",)) == f"token={MASK} ok"
    assert redact("a b c", ("a",)) == "a b c"
    assert redact("abcd abc", ("abc", "abcd")) == f"{MASK} abc"  # four characters are masked, three are not
    assert redact("x", ("", "x")) == "x" and redact("aaaa-bbbb", ("aaaa", "bbbb")) == f"{MASK}-{MASK}"


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
    waves = _waves(build_specs(Profile(dind=True), "emu:1", EngineReach(), dind_tls=CERTS))
    assert [[s.service for s in wave] for wave in waves] == [["dind"], ["redis", "emulator"]]
    assert len(_waves(build_specs(Profile(), "emu:1", EngineReach()))) == 1  # independent ones start together


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
    chunks = [b"one\ntw", b"o\n", b"three", b"\nfour\nfive"]
    assert list(split_lines(iter(chunks))) == [b"one", b"two", b"three", b"four", b"five"]
    endless = [b"x" * 65536 for _ in range(80)] + [b"\nafter\n"]  # 5 MiB without a newline, then a line
    lines = list(split_lines(iter(endless), limit=1024 * 1024))
    assert lines == [b"x" * 1024 * 1024 + CUT_MARK, b"after"]
    assert list(split_lines(iter([b"a" * 10 + b"\n"]), limit=4)) == [b"aaaa" + CUT_MARK]


def test_an_atomic_write_never_changes_the_file_a_reader_has_open(tmp_path: Path) -> None:
    target = tmp_path / "history.json"
    write_atomic(target, b"old content")
    with target.open("rb") as reader:  # a reader in the middle of the old file (another process, say)
        write_atomic(target, b"new")
        assert reader.read() == b"old content"  # the new file replaced it whole; the old was never truncated
    assert target.read_bytes() == b"new"


def test_an_atomic_write_that_cannot_reach_the_disk_keeps_the_old_file(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "settings.json"
    write_atomic(target, b"old")

    def disk_full(_fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError, match="No space"):
        write_atomic(target, b"new")
    monkeypatch.undo()
    assert target.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["settings.json"]


class _LoggingContainer:
    """What LogFollower asks of a docker-py Container here: a name (its stream is _TwoBlocks)."""

    name = "lambdadesk-x-emulator"


class _TwoBlocks:
    """Stands in for RawLogStream: the log's bytes in two blocks that split a line."""

    def __init__(self, *_: object, **__: object) -> None:
        self.released = False

    def blocks(self) -> Iterator[bytes]:
        yield b"2026-11-22T10:00:00.123456789Z token=ls-SECRET-1234 loaded\n2026-11-22T10:00:01.0Z "
        yield b"plain line\nno stamp, no newline"

    def close(self) -> None:
        return None

    def release(self) -> None:
        self.released = True


async def test_followed_log_lines_are_parsed_and_the_token_masked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(log_stream, "RawLogStream", _TwoBlocks)
    follower = LogFollower(cast(Container, _LoggingContainer()), follow=False, secrets=("ls-SECRET-1234",))
    batches = [batch async for batch in follower.batches()]
    follower.close()
    assert [[(line.timestamp, line.text) for line in batch] for batch in batches] == [
        [("2026-11-22T10:00:00.123456789Z", f"token={MASK} loaded")], [("2026-11-22T10:00:01.0Z", "plain line")],
        [("", "no stamp, no newline")]]
    assert {line.source for batch in batches for line in batch} == {"lambdadesk-x-emulator"}


def test_a_file_set_aside_never_replaces_one_set_aside_before(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from datetime import UTC, datetime

    from lambdadesk.core import user_files

    class Frozen(datetime):
        @classmethod
        def now(cls, tz: object = None) -> datetime:  # type: ignore[override]
            return cls(2026, 12, 2, 15, 0, 0, 123456, tzinfo=UTC)

    monkeypatch.setattr(user_files, "datetime", Frozen)
    path = tmp_path / "history.json"
    moved = []
    for content in ("first {", "second {"):
        path.write_text(content)
        with pytest.raises(user_files.CorruptFileError) as raised:
            user_files.read_json_object(path)
        moved.append(raised.value.moved_to)
    assert [m.name for m in moved] == ["history.json.corrupt-20261202T150000.123456Z",
                                       "history.json.corrupt-20261202T150000.123456Z-1"]
    assert [m.read_text() for m in moved] == ["first {", "second {"] and not path.exists()
    assert raised.value.message == (f"{path} could not be read (Expecting value: line 1 column 1 (char 0)); it was "
                                    f"moved to {moved[1].name} beside it, so nothing overwrites it.")
    assert raised.value.next_step == f"Look at {moved[1]}; fix it and move it back if you need what it held."
    named = tmp_path / "mine.json"
    named.write_text("[1]")
    with pytest.raises(user_files.UnreadableFileError) as unreadable:
        user_files.read_json_object(named, own_file=False)
    assert (unreadable.value.message, unreadable.value.next_step, named.read_text()) == (
        f"{named} could not be read (it does not hold a JSON object); it was left as it is.",
        "Check that it is the file you meant, and that it holds a JSON object.", "[1]")
