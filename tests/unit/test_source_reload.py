"""Hot reload over a real folder watch (watchfiles): each burst of saves packs the folder again and updates
only the code; a deployer stands in for the emulator (the engine test deploys for real)."""

from __future__ import annotations

import asyncio
import io
import zipfile
from collections.abc import Callable
from pathlib import Path

from lambdadesk.core.errors import LambdadeskError
from lambdadesk.core.function_spec import Deployment, FunctionSpec
from lambdadesk.deploy.source_reload import Reload, SourceReloader

HANDLER = "lambda_function.lambda_handler"


class RecordingDeployer:
    def __init__(self) -> None:
        self.codes: list[dict[str, bytes]] = []
        self.release = asyncio.Event()
        self.release.set()
        self.refuse = False
        self.calls = 0

    async def deploy_code(self, spec: FunctionSpec) -> Deployment:
        self.calls += 1
        await self.release.wait()
        if self.refuse:
            raise LambdadeskError("The emulator is not reachable.", "Start it.")
        with zipfile.ZipFile(io.BytesIO(spec.code)) as archive:
            self.codes.append({name: archive.read(name) for name in archive.namelist()})
        return Deployment(spec.name, "arn", "Active", False, 0.1)


async def started(folder: Path, deployer: RecordingDeployer, reports: list[Reload],
                  lost: list[str] | None = None) -> SourceReloader:
    spec = FunctionSpec("hot", "python3.12", HANDLER, b"")
    reloader = SourceReloader(deployer, folder, spec, reports.append, (lost if lost is not None else []).append)
    reloader.start()
    await until(reloader.watcher.ready.is_set)
    return reloader


async def test_a_save_reloads_only_the_code_and_says_how_long_it_took(tmp_path: Path) -> None:
    (tmp_path / "lambda_function.py").write_text("def lambda_handler(e, c):\n    return 1\n")
    deployer, reports = RecordingDeployer(), list[Reload]()
    reloader = await started(tmp_path, deployer, reports)
    try:
        (tmp_path / "__pycache__").mkdir()
        (tmp_path / "__pycache__" / "x.pyc").write_bytes(b"")  # ignored: no reload for it alone
        (tmp_path / "lambda_function.py").write_text("def lambda_handler(e, c):\n    return 2\n")
        await until(lambda: bool(reports))
    finally:
        await reloader.stop()
    assert [r.changed for r in reports] == [("lambda_function.py",)]
    assert reports[0].ok and 0 < reports[0].milliseconds < 5000
    assert reports[0].text().startswith("Reloaded hot in ") and "(lambda_function.py)" in reports[0].text()
    assert deployer.codes == [{"lambda_function.py": b"def lambda_handler(e, c):\n    return 2\n"}]


async def test_saves_during_a_reload_are_gathered_into_one_more(tmp_path: Path) -> None:
    (tmp_path / "lambda_function.py").write_text("def lambda_handler(e, c):\n    return 1\n")
    deployer, reports = RecordingDeployer(), list[Reload]()
    reloader = await started(tmp_path, deployer, reports)
    try:
        deployer.release.clear()  # the first reload hangs in the emulator while three more saves come
        (tmp_path / "lambda_function.py").write_text("def lambda_handler(e, c):\n    return 2\n")
        await until(lambda: deployer.calls == 1)
        for name in ("a.py", "b.py", "c.py"):
            (tmp_path / name).write_text("X = 1\n")
            await asyncio.sleep(0.15)  # apart by more than the debounce: three bursts
        deployer.release.set()
        await until(lambda: len(reports) == 2)
    finally:
        await reloader.stop()
    assert reports[0].changed == ("lambda_function.py",)
    assert reports[1].changed == ("a.py", "b.py", "c.py")
    assert sorted(deployer.codes[1]) == ["a.py", "b.py", "c.py", "lambda_function.py"]


async def test_a_broken_save_is_deployed_and_said_to_be_broken_a_failed_one_keeps_the_old_code(
        tmp_path: Path) -> None:
    (tmp_path / "lambda_function.py").write_text("def lambda_handler(e, c):\n    return 1\n")
    deployer, reports = RecordingDeployer(), list[Reload]()
    reloader = await started(tmp_path, deployer, reports)
    try:
        (tmp_path / "lambda_function.py").write_text("def lambda_handler(e, c):\n    return (\n")
        await until(lambda: len(reports) == 1)
        deployer.refuse = True
        (tmp_path / "lambda_function.py").write_text("def lambda_handler(e, c):\n    return 3\n")
        await until(lambda: len(reports) == 2)
    finally:
        await reloader.stop()
    broken, failed = reports
    assert broken.ok and broken.problems[0].startswith("lambda_function.py:2:")
    assert "It is broken now: lambda_function.py:2:" in broken.text()
    assert not failed.ok and "still runs the code from before: The emulator is not reachable." in failed.text()
    assert len(deployer.codes) == 1


async def test_the_folder_going_away_ends_the_watch_in_words(tmp_path: Path) -> None:
    folder = tmp_path / "src"
    folder.mkdir()
    (folder / "lambda_function.py").write_text("def lambda_handler(e, c):\n    return 1\n")
    deployer, reports, lost = RecordingDeployer(), list[Reload](), list[str]()
    reloader = await started(folder, deployer, reports, lost)
    try:
        (folder / "lambda_function.py").unlink()
        folder.rmdir()
        await until(lambda: bool(lost))
    finally:
        await reloader.stop()
    assert lost == [f"{folder} is gone: the watch ended. Deploy it again once it is back."] and reports == []


async def until(condition: Callable[[], bool], timeout_s: float = 10) -> None:
    for _ in range(int(timeout_s / 0.01)):
        if condition():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the condition never held")
