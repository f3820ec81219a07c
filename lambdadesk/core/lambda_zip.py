"""Checks a Lambda deployment zip before anything is sent to AWS, and says precisely what is wrong."""

from __future__ import annotations

import ast
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lambdadesk.core.errors import LambdadeskError

DIRECT_UPLOAD_LIMIT = 50 * 1024 * 1024  # larger zips must go through S3, as AWS requires
UNZIPPED_LIMIT = 250 * 1024 * 1024
_INTERPRETED = {"python": (".py",), "nodejs": (".js", ".mjs", ".cjs"), "ruby": (".rb",)}
KNOWN_RUNTIMES = (
    "python3.9", "python3.10", "python3.11", "python3.12", "python3.13", "nodejs18.x", "nodejs20.x", "nodejs22.x",
    "ruby3.2", "ruby3.3", "java17", "java21", "dotnet8", "provided.al2", "provided.al2023",
)


class LambdaZipError(LambdadeskError):
    """The zip, runtime or handler cannot work; nothing was deployed."""


@dataclass(frozen=True)
class ZipReport:
    size: int
    unzipped_size: int
    files: int
    needs_s3: bool


def read_lambda_zip(path: Path) -> bytes:
    """The zip's bytes, or an error naming the file and why it cannot be read."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise LambdaZipError(f"Cannot read {path}: {exc.strerror}.",
                             "Check the path of the zip, and that the file is yours.") from exc


def check_lambda_zip(data: bytes, runtime: str, handler: str, name: str = "the zip") -> ZipReport:
    if not data:
        raise LambdaZipError(f"{name} is empty.", "Build the deployment package again; it should be a .zip file.")
    if runtime not in KNOWN_RUNTIMES:
        raise LambdaZipError(f"{runtime!r} is not a Lambda runtime lambdadesk knows.",
                             "Choose one of: " + ", ".join(KNOWN_RUNTIMES) + ".")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise LambdaZipError(f"{name} is not a zip archive ({exc}).",
                             "Zip your code (for example: zip -r function.zip .) and pick that file.") from exc
    with archive:
        members = archive.infolist()
        unzipped = sum(m.file_size for m in members)
        if unzipped > UNZIPPED_LIMIT:
            raise LambdaZipError(f"{name} unzips to {unzipped // 2**20} MB, over Lambda's 250 MB limit.",
                                 "Leave out what the function does not need, or use a layer or a container image.")
        try:
            broken = archive.testzip()
        except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError) as exc:
            raise LambdaZipError(f"{name} is corrupt ({exc}).", "Build the deployment package again.") from exc
        if broken is not None:
            raise LambdaZipError(f"{name} is corrupt: {broken} fails its checksum.",
                                 "Build the deployment package again.")
        _check_handler(archive, runtime, handler, name)
    return ZipReport(len(data), unzipped, len(members), len(data) > DIRECT_UPLOAD_LIMIT)


def _check_handler(archive: zipfile.ZipFile, runtime: str, handler: str, name: str) -> None:
    names = set(archive.namelist())
    if runtime.startswith("provided"):
        if "bootstrap" not in names:
            raise LambdaZipError(f"{name} has no 'bootstrap' at its top level, which {runtime} runs.",
                                 "Build your binary as 'bootstrap' and zip it without a folder (zip -j).")
        return
    family = next((f for f in _INTERPRETED if runtime.startswith(f)), None)
    if family is None:
        return  # compiled runtimes (Java, .NET): the handler names a class, which a zip check cannot see
    module, dot, function = handler.rpartition(".")
    if not dot or not module or not function:
        raise LambdaZipError(f"Handler {handler!r} is not of the form file.function.",
                             "For lambda_function.py with def lambda_handler, the handler is "
                             "lambda_function.lambda_handler.")
    candidates = [module.replace(".", "/") + ext for ext in _INTERPRETED[family]]
    found = next((c for c in candidates if c in names), None)
    if found is None:
        top = sorted(n for n in names if "/" not in n.rstrip("/"))[:10]
        raise LambdaZipError(f"Handler {handler!r} needs {candidates[0]} in {name}, which has no such file "
                             f"(top level: {', '.join(top) or 'nothing'}).",
                             "Zip the contents of your source folder, not the folder itself, or fix the handler.")
    if family == "python" and not _defines_function(archive.read(found), function):
        raise LambdaZipError(f"{found} in {name} defines no top-level function {function!r} (handler {handler!r}).",
                             "Fix the function name in the handler or in the code.")


def _defines_function(source: bytes, function: str) -> bool:
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return True  # a syntax error is the function's own to report, at import, with its line
    return _binds(tree.body, function)


def _binds(statements: list[ast.stmt], function: str) -> bool:
    """Whether running these module-level statements can bind the name: defs, assignments and imports, also
    inside if/try/with/for/while (a conditional or fallback definition), never inside a def or a class."""
    for node in statements:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name == function:
            return True
        if isinstance(node, ast.Assign) and any(_names(target, function) for target in node.targets):
            return True
        if isinstance(node, ast.AnnAssign | ast.AugAssign) and node.value is not None and _names(node.target,
                                                                                                 function):
            return True
        if isinstance(node, ast.ImportFrom) and any(a.name == "*" for a in node.names):
            return True  # a star import may bring it: only importing it would tell
        if isinstance(node, ast.ImportFrom | ast.Import) and any(
                (a.asname or a.name.split(".", 1)[0]) == function for a in node.names):
            return True
        if isinstance(node, ast.If | ast.For | ast.While | ast.With | ast.Try | ast.TryStar) and any(
                _binds(block, function) for block in _blocks(node)):
            return True
    return False


def _names(target: ast.expr, function: str) -> bool:
    if isinstance(target, ast.Tuple | ast.List):
        return any(_names(element, function) for element in target.elts)
    return isinstance(target, ast.Name) and target.id == function


def _blocks(node: ast.stmt) -> list[list[ast.stmt]]:
    blocks = [getattr(node, field) for field in ("body", "orelse", "finalbody") if getattr(node, field, None)]
    return blocks + [handler.body for handler in getattr(node, "handlers", [])]
