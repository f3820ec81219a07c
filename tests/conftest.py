"""Every test gets its own config folder and a keyring that refuses, so no test reads or writes the user's files."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.qt_loop import qt_loop

__all__ = ["qt_loop"]


@pytest.fixture(autouse=True)
def isolated_user_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    config = tmp_path / "config"
    monkeypatch.setenv("LAMBDADESK_CONFIG_DIR", str(config))
    monkeypatch.setenv("LAMBDADESK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    monkeypatch.delenv("LOCALSTACK_AUTH_TOKEN", raising=False)
    return config
