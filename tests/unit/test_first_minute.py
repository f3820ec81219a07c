"""What a newcomer meets in the first minute, with no engine and no keyring: every answer true and specific."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lambdadesk import __version__
from lambdadesk.cli.main import main
from lambdadesk.ui.display_check import XCB_LIBRARIES, display_problem


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(autouse=True)
def no_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOCKER_HOST", "unix:///nonexistent/docker.sock")
    monkeypatch.delenv("LOCALSTACK_AUTH_TOKEN", raising=False)


def test_forgetting_a_token_that_was_never_stored_says_so(capsys: pytest.CaptureFixture[str],
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    assert run(capsys, "token", "forget") == (0, "No token was stored in the OS keyring; nothing to remove.\n", "")
    monkeypatch.setenv("LOCALSTACK_AUTH_TOKEN", "ls-abc")
    _code, out, _err = run(capsys, "token", "forget")
    assert "LOCALSTACK_AUTH_TOKEN is still set in this shell" in out


def test_storing_a_token_without_a_keyring_fails_before_asking_for_it(capsys: pytest.CaptureFixture[str],
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    class Untouchable:
        def readline(self) -> str:
            raise AssertionError("the token was asked for")

        def isatty(self) -> bool:
            return False

    monkeypatch.setattr("sys.stdin", Untouchable())
    code, _out, err = run(capsys, "token", "set")
    assert code == 1 and "no OS keyring is available" in err and "export LOCALSTACK_AUTH_TOKEN=" in err


def test_a_wrong_setting_lists_what_is_allowed(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "enum.json").write_text('{"emulator": "nope"}')
    code, _out, err = run(capsys, "--profile", str(tmp_path / "enum.json"), "status")
    assert code == 1 and "Use one of: localstack, floci, moto, ministack." in err
    (tmp_path / "key.json").write_text('{"emulatr": "moto", "colour": 1}')
    _code, _out, err = run(capsys, "--profile", str(tmp_path / "key.json"), "status")
    assert "'colour', 'emulatr' (did you mean 'emulator'?)" in err and "the settings are: name, emulator," in err
    assert (tmp_path / "key.json").exists()  # the user's file is never moved


def test_a_folder_given_as_profile_is_called_a_folder(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _out, err = run(capsys, "--profile", str(tmp_path), "status")
    assert code == 1 and f"{tmp_path} is a folder, not a profile." in err and ".json" not in err.split("\n")[0]


def test_the_profile_the_next_step_names_can_be_saved_and_is_never_replaced(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(capsys, "--profile", "work", "status")
    assert code == 1 and "lambdadesk profile save work" in err
    code, out, _err = run(capsys, "profile", "save", "work")
    assert code == 0 and "Saved profile 'work' to " in out
    path = Path(out.split(" to ", 1)[1].split(";", 1)[0])
    assert json.loads(path.read_text())["name"] == "work"
    path.write_text(path.read_text().replace('"redis_port": 6379', '"redis_port": 7000'))
    code, _out, err = run(capsys, "profile", "save", "work")
    assert code == 1 and "There is already a profile 'work'" in err and '"redis_port": 7000' in path.read_text()


def test_json_errors_give_the_next_step_a_field_of_its_own(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--json", "status")
    problem = json.loads(err)
    assert code == 3 and out == "" and problem["error"].startswith("Docker is not reachable")
    assert "Next step" not in problem["error"] and problem["next_step"].startswith("Start Docker")


def test_a_missing_zip_is_named_before_docker_is_looked_for(capsys: pytest.CaptureFixture[str],
                                                            tmp_path: Path) -> None:
    code, _out, err = run(capsys, "deploy", str(tmp_path / "missing.zip"), "--name", "fn")
    assert code == 1 and "Cannot read" in err and "Docker" not in err


def test_debug_and_watch_together_are_refused_before_anything_is_deployed(capsys: pytest.CaptureFixture[str],
                                                                          tmp_path: Path) -> None:
    code, _out, err = run(capsys, "deploy", str(tmp_path), "--name", "fn", "--debug", "--watch")
    assert code == 1 and "--debug and --watch do not go together yet" in err and "Docker" not in err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0 and capsys.readouterr().out == f"lambdadesk {__version__}\n"


def test_the_window_is_not_tried_where_it_cannot_open(tmp_path: Path) -> None:
    everything = {name: f"lib{name}.so" for name in XCB_LIBRARIES}
    assert display_problem({}, "linux", everything.get, tmp_path)[0].startswith("The window needs a display")
    assert "has no X server listening" in display_problem({"DISPLAY": ":7"}, "linux", everything.get, tmp_path)[0]
    (tmp_path / "X7").touch()
    assert display_problem({"DISPLAY": ":7"}, "linux", everything.get, tmp_path) == ("", "")
    missing, advice = display_problem({"DISPLAY": ":7"}, "linux",
                                      lambda name: None if name == "xcb-cursor" else "x.so", tmp_path)
    assert "libxcb-cursor0" in missing and advice.startswith("Install them (Debian/Ubuntu: sudo apt install "
                                                             "libxcb-cursor0)")
    assert display_problem({"QT_QPA_PLATFORM": "offscreen"}, "linux", lambda _n: None, tmp_path) == ("", "")
    assert display_problem({}, "darwin", lambda _n: None, tmp_path) == ("", "")
