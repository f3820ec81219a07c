"""Hot reload from a source folder on the real engine, driven as a person would: `deploy FOLDER --watch` in one
shell, saves in an editor, requests through API Gateway."""

from __future__ import annotations

import json
import re
import signal
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.integration.cli_run import Running, lambdadesk
from tests.local_wheel import offline_pip, write_wheel

HANDLER_V1 = """import json
import tinydep
def lambda_handler(event, context):
    return {"statusCode": 200, "body": json.dumps({"v": 1, "dep": tinydep.VALUE})}
"""


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.mark.proves("hot reload")
def test_each_save_answers_with_the_new_code_and_a_broken_save_says_where(cli_profile: str, tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    write_wheel(wheels, "tinydep", "VALUE = 'from requirements.txt'\n")
    source = tmp_path / "src"
    source.mkdir()
    (source / "lambda_function.py").write_text(HANDLER_V1)
    (source / "requirements.txt").write_text("tinydep==1.0\n")
    assert lambdadesk("--profile", cli_profile, "up").returncode == 0
    watch = Running("--profile", cli_profile, "deploy", str(source), "--name", "hot", "--runtime", "python3.12",
                    "--watch", env={**offline_pip(wheels), "LAMBDADESK_CACHE_DIR": str(tmp_path / "cache")})
    try:
        watch.wait_for("every save reloads hot")
        wired = lambdadesk("--json", "--profile", cli_profile, "api", "wire", "hot")
        url = json.loads(wired.stdout)["url"] + "anything"
        assert get(url) == (200, json.dumps({"v": 1, "dep": "from requirements.txt"}))

        (source / "lambda_function.py").write_text(HANDLER_V1.replace('"v": 1', '"v": 2'))
        said = watch.wait_for("Reloaded hot in")
        assert re.fullmatch(r"Reloaded hot in \d+ ms \(lambda_function\.py\)", said), said
        assert get(url) == (200, json.dumps({"v": 2, "dep": "from requirements.txt"}))

        (source / "lambda_function.py").write_text(HANDLER_V1.replace("def lambda_handler(event, context):",
                                                                      "def lambda_handler(event, context:"))
        said = watch.wait_for("Reloaded hot in")
        assert "It is broken now: lambda_function.py:3:" in said, said
        status, body = get(url)
        assert status == 502 and '"v": 2' not in body  # the function is what the folder holds, not the old code
    finally:
        watch.process.send_signal(signal.SIGTERM)
        assert watch.finish() == 0
