import asyncio
from pathlib import Path

from lambdadesk.deploy.zip_watcher import ZipWatcher


async def test_a_change_is_reported_once_after_the_file_holds_still(tmp_path: Path) -> None:
    target = tmp_path / "function.zip"
    target.write_bytes(b"v1")
    seen: list[bytes] = []

    async def on_change(data: bytes) -> None:
        seen.append(data)

    watcher = ZipWatcher(target, on_change, interval_s=0.02, settle_s=0.05)
    watcher.start()
    try:
        await asyncio.sleep(0.1)
        assert seen == []  # no change, no call
        target.write_bytes(b"v2")
        for _ in range(100):
            if seen:
                break
            await asyncio.sleep(0.02)
        target.unlink()  # a build replacing the file: nothing is reported while it is gone
        await asyncio.sleep(0.1)
        target.write_bytes(b"v2")  # back with the same content: no new call
        await asyncio.sleep(0.2)
    finally:
        await watcher.stop()
    assert seen == [b"v2"]
