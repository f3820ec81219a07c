"""The dependencies lambdadesk declares: every third-party package it imports, floors that exclude releases
with known advisories, and a cap where it relies on a private API."""

from __future__ import annotations

import ast
import importlib.metadata
import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.reliability.conftest import Tried

ROOT = Path(__file__).parents[2]


PYTEST_PLUGIN = ROOT / "lambdadesk" / "pytest_plugin.py"  # loaded only by pytest: its imports are the extra's


def _declared(extra: str = "") -> dict[str, Requirement]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())
    texts = data["project"]["optional-dependencies"][extra] if extra else data["project"]["dependencies"]
    requirements = [Requirement(text) for text in texts]
    return {canonicalize_name(requirement.name): requirement for requirement in requirements}


def _imported_top_level_modules(paths: list[Path] | None = None) -> set[str]:
    modules = set()
    for path in paths or [p for p in (ROOT / "lambdadesk").rglob("*.py") if p != PYTEST_PLUGIN]:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                modules |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules.add(node.module.split(".")[0])
    return modules - set(sys.stdlib_module_names) - {"lambdadesk"}


def test_every_imported_package_is_declared_and_the_floors_exclude_advised_releases(tried: Tried) -> None:
    tried("security", "dependencies: every package lambdadesk imports is declared; aiohttp excludes releases with "
                      "CVE-2025-69223 (< 3.13.3); docker-py is capped below 8 (a private call is used)")
    declared = _declared()
    distributions = importlib.metadata.packages_distributions()
    undeclared = {module: distributions.get(module) for module in _imported_top_level_modules()
                  if not {canonicalize_name(d) for d in distributions.get(module, [])} & set(declared)}
    assert undeclared == {}
    plugin = {canonicalize_name(d) for m in _imported_top_level_modules([PYTEST_PLUGIN])
              for d in distributions.get(m, [])}
    assert plugin - set(declared) <= set(_declared("pytest"))  # what the plugin adds is in the pytest extra
    assert not declared["aiohttp"].specifier.contains("3.13.2") and declared["aiohttp"].specifier.contains("3.13.3")
    assert not declared["docker"].specifier.contains("8.0.0") and declared["docker"].specifier.contains("7.1.0")
    for name, requirement in declared.items():  # what is installed here satisfies what is declared
        assert requirement.specifier.contains(importlib.metadata.version(name), prereleases=True), name
