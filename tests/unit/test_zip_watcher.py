import asyncio
from collections.abc import Callable
from pathlib import Path

from lambdadesk.deploy.zip_watcher import ZipWatcher


async def test_a_change_is_reported_once_after_the_file_holds_still(tmp_path: Path) -> None:
    target = tmp_path / "function.zip"
    target.write_bytes(b"v1")
    seen: list[bytes] = []

    async def on_change(data: bytes) -> None:
        seen.append(data)

    watcher = ZipWatcher(target, on_change, interval_s=0.02, settle_s=0.05)

    async def looked(times: int) -> None:  # the watcher read the file `times` more times
        goal = watcher.looks + times
        await _until(lambda: watcher.looks >= goal)

    watcher.start()
    try:
        await looked(3)
        assert seen == []  # looked three times at an unchanged file: no call
        target.write_bytes(b"v2")
        await _until(lambda: bool(seen))
        target.unlink()  # a build replacing the file: nothing is reported while it is gone
        await looked(3)
        target.write_bytes(b"v2")  # back with the same content: no new call
        await looked(3)
    finally:
        await watcher.stop()
    assert seen == [b"v2"]


async def _until(condition: Callable[[], bool], timeout_s: float = 5) -> None:
    for _ in range(int(timeout_s / 0.01)):
        if condition():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the condition did not hold in time")
