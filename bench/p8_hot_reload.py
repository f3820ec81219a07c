"""P8: hot reload. A save in a source folder until the new code answers through API Gateway: lambdadesk's
watched folder (SourceReloader through the session) against what a developer scripts today, run right after
the save with no human delay (zip the folder, update-function-code, the function_updated_v2 waiter, then the
request). Alternating runs in one process, on one environment, each the median of several saves."""

from __future__ import annotations

import asyncio
import io
import json
import tempfile
import time
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

from bench.figures import Figure, median
from lambdadesk.adapters.aws.aws_clients import emulator_client
from lambdadesk.core.function_spec import FunctionSpec
from lambdadesk.core.topology import addresses
from lambdadesk.deploy.source_package import package_source
from lambdadesk.deploy.source_reload import Reload, SourceReloader
from lambdadesk.environment.service import EnvironmentService
from lambdadesk.session import Session

HANDLER = "lambda_function.lambda_handler"
CODE = 'def lambda_handler(event, context):\n    return {"statusCode": 200, "body": "version %d"}\n'


async def measure(orchestrator: EnvironmentService, runs: int) -> list[Figure]:
    session = Session(orchestrator.profile, orchestrator.connection)
    view = addresses(orchestrator.profile).host
    ours, theirs = [], []
    with tempfile.TemporaryDirectory() as scratch:
        mine, bare = Path(scratch) / "p8-hot", Path(scratch) / "p8-bare"
        urls = {}
        for folder in (mine, bare):
            folder.mkdir()
            (folder / "lambda_function.py").write_text(CODE % 0)
            spec = FunctionSpec(folder.name, "python3.12", HANDLER, package_source(folder, "python3.12", HANDLER).code)
            urls[folder] = (await session.deploy(spec, wire=True))[1].url()  # type: ignore[union-attr]
        reloads: list[Reload] = []
        reloader = SourceReloader(session, mine, FunctionSpec("p8-hot", "python3.12", HANDLER, b""),
                                  reloads.append, print)
        reloader.start()
        await asyncio.to_thread(reloader.watcher.ready.wait, 10)
        try:
            for n in range(1, runs + 2):  # the first save of each warms what the others reuse
                started = time.perf_counter()
                (mine / "lambda_function.py").write_text(CODE % n)
                await asyncio.to_thread(_until_answer, urls[mine], f"version {n}")
                ours.append(time.perf_counter() - started)
                theirs.append(await asyncio.to_thread(_bare_reload, view.emulator_url, orchestrator.profile.region,
                                                      bare, urls[bare], n))
        finally:
            await reloader.stop()
            await session.close()
    assert all(r.ok for r in reloads), [r.text() for r in reloads]
    ours, theirs = ours[1:], theirs[1:]
    return [Figure("P8", "hot reload: a save until the new code answers through API Gateway", median(ours),
                   median(theirs), "s", "median ≤ 1.0 s", median(ours) <= 1.0)]


def _bare_reload(endpoint: str, region: str, folder: Path, url: str, n: int) -> float:
    started = time.perf_counter()
    (folder / "lambda_function.py").write_text(CODE % n)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(folder / "lambda_function.py", "lambda_function.py")
    lam = emulator_client("lambda", endpoint, region)
    lam.update_function_code(FunctionName=folder.name, ZipFile=buffer.getvalue())
    lam.get_waiter("function_updated_v2").wait(FunctionName=folder.name)
    _until_answer(url, f"version {n}")
    return time.perf_counter() - started


def _until_answer(url: str, body: str, timeout_s: float = 30) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=30) as response:
                if response.read().decode() == body:
                    return
        except urllib.error.HTTPError:
            pass
        time.sleep(0.02)
    raise AssertionError(f"{url} never answered {json.dumps(body)}")
