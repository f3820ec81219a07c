"""`pipx install .`, as the README tells a user: the command it puts on the PATH works from a wheel build (package
data included), outside the checkout."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from lambdadesk import __version__
from tests.packaging.conftest import ROOT

pytestmark = pytest.mark.timeout(600)


def test_pipx_install_gives_a_working_lambdadesk_command(tmp_path: Path) -> None:
    pytest.importorskip("pipx")
    homes = {"PIPX_HOME": str(tmp_path / "pipx"), "PIPX_BIN_DIR": str(tmp_path / "bin"),
             "PIPX_MAN_DIR": str(tmp_path / "man")}
    env = {**os.environ, **homes}
    installed = subprocess.run([sys.executable, "-m", "pipx", "install", str(ROOT)], capture_output=True, text=True,
                               env=env, timeout=550)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    command = tmp_path / "bin" / "lambdadesk"

    def lambdadesk(*args: str) -> subprocess.CompletedProcess[str]:  # run outside the checkout
        return subprocess.run([str(command), *args], cwd=tmp_path, capture_output=True, text=True, env=env, timeout=60)

    assert lambdadesk("--version").stdout.strip() == f"lambdadesk {__version__}"
    schema = lambdadesk("flow", "schema")
    schema_path = Path(schema.stdout.strip())
    assert schema_path.is_file() and not schema_path.is_relative_to(ROOT), schema.stdout + schema.stderr
    python = tmp_path / "pipx" / "venvs" / "lambdadesk" / "bin" / "python"
    made = ("from lambdadesk.core.event_templates import Target, event_from_template as make; "
            "print(make('sqs', Target('f'))['Records'][0]['awsRegion'])")
    template = subprocess.run([str(python), "-c", made], cwd=tmp_path, capture_output=True, text=True, env=env,
                              timeout=60)
    assert template.stdout.strip() == "us-east-1", template.stdout + template.stderr  # the templates are package data
    starter = lambdadesk("flow", "new", "mine")
    assert starter.returncode == 0, starter.stdout + starter.stderr
    assert "steps:" in (tmp_path / "mine.flow.yaml").read_text()
