"""Every test gets its own config folder and a keyring that refuses, so no test reads or writes the user's files."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import Phase, settings

from tests.qt_loop import qt_loop

# tools/mutation.sh runs the fast tests once per mutant: a failing example is enough there (no shrinking, which
# took long enough on some mutants to be counted as timeouts), and fewer examples
settings.register_profile("mutation", max_examples=30, deadline=None,
                          phases=(Phase.explicit, Phase.reuse, Phase.generate))

__all__ = ["qt_loop"]


@pytest.fixture(autouse=True)
def isolated_user_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    config = tmp_path / "config"
    monkeypatch.setenv("LAMBDADESK_CONFIG_DIR", str(config))
    monkeypatch.setenv("LAMBDADESK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    monkeypatch.delenv("LOCALSTACK_AUTH_TOKEN", raising=False)
    return config


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """A run without the test bed's engine says so loudly: a green line then covers the fast tests only."""
    skipped = terminalreporter.stats.get("skipped", [])
    engine = [report for report in skipped if "no test-bed Docker engine" in str(report.longrepr)]
    if engine:
        terminalreporter.write_sep("!", f"{len(engine)} engine tests did NOT run: no test-bed Docker engine "
                                        "(run bash testbed/run-tests.sh)", red=True, bold=True)
