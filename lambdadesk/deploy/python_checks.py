"""What can be seen of a Python function's code before it runs: syntax errors in any of its files, and
top-level imports of the handler's module that nothing in the zip, the standard library or the runtime
(boto3 ships with Lambda's Python) provides. Each problem says file and line."""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterable

RUNTIME_PROVIDED = frozenset({"boto3", "botocore", "s3transfer", "jmespath", "dateutil", "urllib3", "six",
                              "awslambdaric", "_bootstrap"})


def syntax_problems(files: Iterable[tuple[str, bytes]], runtime: str) -> list[str]:
    """`name:line:column: message` for each .py file that does not parse."""
    problems = []
    own = sys.version_info[:2]
    wanted = _python_version(runtime)
    note = "" if wanted is None or own >= wanted else \
        f" (as Python {own[0]}.{own[1]} parses it; the function runs {runtime})"
    for name, source in files:
        if not name.endswith(".py"):
            continue
        try:
            ast.parse(source, filename=name, feature_version=wanted if wanted and wanted < own else None)
        except SyntaxError as exc:
            problems.append(f"{name}:{exc.lineno or 0}:{exc.offset or 0}: {exc.msg}{note}")
        except ValueError as exc:  # null bytes
            problems.append(f"{name}:1:1: {exc}")
    return problems


def missing_imports(handler: str, files: dict[str, bytes], packaged: set[str]) -> list[str]:
    """`module.py:line: No module named 'x'` for the handler module's unconditional top-level imports that
    none of `packaged` (the zip's top-level names), the standard library or the runtime provides."""
    module = handler.rpartition(".")[0].replace(".", "/") + ".py"
    source = files.get(module)
    if source is None:
        return []
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return []  # said by syntax_problems
    available = packaged | set(sys.stdlib_module_names) | RUNTIME_PROVIDED
    problems = []
    for statement in tree.body:  # inside try/if an import may be optional on purpose
        if isinstance(statement, ast.Import):
            names = [alias.name for alias in statement.names]
        elif isinstance(statement, ast.ImportFrom) and statement.level == 0 and statement.module:
            names = [statement.module]
        else:
            continue
        for name in names:
            if name.split(".")[0] not in available:
                problems.append(f"{module}:{statement.lineno}: No module named {name.split('.')[0]!r} (not in the "
                                "folder, its requirements.txt or the runtime)")
    return problems


def _python_version(runtime: str) -> tuple[int, int] | None:
    major, _, minor = runtime.removeprefix("python").partition(".")
    return (int(major), int(minor)) if major.isdigit() and minor.isdigit() else None
