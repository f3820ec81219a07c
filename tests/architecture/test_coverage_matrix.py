"""docs/coverage.md is generated from the tests' `proves` markers (tools/coverage_matrix.py): it must be current,
and what it is read from must say what it claims."""

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _matrix() -> object:
    spec = importlib.util.spec_from_file_location("coverage_matrix", ROOT / "tools" / "coverage_matrix.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["coverage_matrix"] = module
    spec.loader.exec_module(module)
    return module


def test_docs_coverage_is_what_the_tests_prove_now() -> None:
    matrix = _matrix()
    assert (ROOT / "docs" / "coverage.md").read_text() == matrix.render(matrix.proofs()), (  # type: ignore[attr-defined]
        "docs/coverage.md is not current: run python tools/coverage_matrix.py")


def test_the_matrix_reads_markers_and_the_runs_they_add(tmp_path: Path) -> None:
    matrix = _matrix()
    (tmp_path / "test_x.py").write_text(
        "import pytest\n\n"
        "@pytest.mark.every_topology\n@pytest.mark.every_engine\n@pytest.mark.proves('seed flow')\n"
        "async def test_a():\n    pass\n\n"
        "@pytest.mark.proves('logs', emulator='moto', engine='tcp')\ndef test_b():\n    pass\n\n"
        "def test_c():\n    pass\n\n"
        "@pytest.mark.every_topology\n@pytest.mark.proves('seed flow', topology='dind')\ndef test_e():\n    pass\n")
    found = {(p.emulator, p.capability, p.topology, p.engine) for p in matrix.proofs(tmp_path)}  # type: ignore[attr-defined]
    assert found == {("LocalStack 4.14", "seed flow", "host", "unix socket"),
                     ("LocalStack 4.14", "seed flow", "bridge", "unix socket"),
                     ("LocalStack 4.14", "seed flow", "host", "Podman"),
                     ("LocalStack 4.14", "seed flow", "bridge", "Podman"),
                     ("moto", "logs", "host", "tcp"),
                     ("LocalStack 4.14", "seed flow", "dind", "unix socket"),
                     ("LocalStack 4.14", "seed flow", "dind on bridge", "unix socket")}
    (tmp_path / "test_y.py").write_text("import pytest\n\n@pytest.mark.proves('x', engine='carrier pigeon')\n"
                                        "def test_d():\n    pass\n")
    with pytest.raises(ValueError, match="engine='carrier pigeon'"):
        matrix.proofs(tmp_path)  # type: ignore[attr-defined]
