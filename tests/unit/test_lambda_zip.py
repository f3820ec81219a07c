import io
import zipfile

import pytest

from lambdadesk.core.lambda_zip import LambdaZipError, check_lambda_zip


def make_zip(files: dict[str, bytes | str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


GOOD = make_zip({"lambda_function.py": "def lambda_handler(event, context):\n    return 1\n"})


def test_a_good_python_zip_passes_with_its_sizes() -> None:
    report = check_lambda_zip(GOOD, "python3.12", "lambda_function.lambda_handler")
    assert report.files == 1 and report.size == len(GOOD) and not report.needs_s3


@pytest.mark.parametrize(("data", "runtime", "handler", "says"), [
    (b"", "python3.12", "lambda_function.lambda_handler", "is empty"),
    (b"PK\x03\x04 this is not really a zip", "python3.12", "a.b", "not a zip archive"),
    (b"plain text", "python3.12", "a.b", "not a zip archive"),
    (GOOD, "python2.7", "lambda_function.lambda_handler", "not a Lambda runtime"),
    (GOOD, "python3.12", "lambda_handler", "not of the form file.function"),
    (GOOD, "python3.12", "main.lambda_handler", "needs main.py"),
    (GOOD, "python3.12", "lambda_function.handler", "defines no top-level function 'handler'"),
    (make_zip({"app": "binary"}), "provided.al2023", "app", "no 'bootstrap'"),
    (make_zip({"src/index.js": "exports.handler = 1"}), "nodejs20.x", "index.handler", "needs index.js"),
])
def test_what_is_wrong_is_said_precisely(data: bytes, runtime: str, handler: str, says: str) -> None:
    with pytest.raises(LambdaZipError, match=says):
        check_lambda_zip(data, runtime, handler)


def test_a_truncated_zip_is_reported_as_not_a_zip_or_corrupt() -> None:
    with pytest.raises(LambdaZipError, match=r"not a zip archive|corrupt"):
        check_lambda_zip(GOOD[: len(GOOD) // 2], "python3.12", "lambda_function.lambda_handler")


def test_a_zip_with_a_damaged_member_names_the_member() -> None:
    damaged = bytearray(make_zip({"lambda_function.py": "def lambda_handler(e, c):\n    return 'x' * 100\n" * 20}))
    start = damaged.index(b"lambda_function.py") + len("lambda_function.py") + 5
    damaged[start] ^= 0xFF
    with pytest.raises(LambdaZipError, match="corrupt"):
        check_lambda_zip(bytes(damaged), "python3.12", "lambda_function.lambda_handler")


def test_a_zip_bomb_is_refused_by_its_unzipped_size() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("lambda_function.py", "def lambda_handler(e, c): pass\n")
        with archive.open("padding.bin", "w", force_zip64=True) as member:
            for _ in range(260):
                member.write(bytes(1024 * 1024))
    assert len(buffer.getvalue()) < 2 * 1024 * 1024
    with pytest.raises(LambdaZipError, match="over Lambda's 250 MB limit"):
        check_lambda_zip(buffer.getvalue(), "python3.12", "lambda_function.lambda_handler")


def test_handlers_in_packages_and_assigned_names_are_found() -> None:
    data = make_zip({"pkg/app.py": "from other import handle as run\n", "pkg/__init__.py": ""})
    assert check_lambda_zip(data, "python3.11", "pkg.app.run").files == 2
    go = make_zip({"bootstrap": "\x7fELF"})
    assert check_lambda_zip(go, "provided.al2023", "bootstrap").files == 1


@pytest.mark.parametrize(("source", "found"), [
    ("handle = make_handler()\n", True),
    ("other = handle = make_handler()\n", True),
    ("async def handle(event, context):\n    return 1\n", True),
    ("import handle\n", True),
    ("from lib import run as handle\n", True),
    ("from lib import handle as run\n", False),  # imported under another name
    ("handle.attr = 1\n", False),  # an attribute, not the name
    ("def handle(:\n", True),  # a syntax error is the function's own to report when it is imported
    ("class Handler:\n    def handle(self, event, context):\n        return 1\n", False),  # not top level
    ("if DEBUG:\n    def handle(event, context):\n        return 1\nelse:\n    handle = wrapped\n", True),
    ("try:\n    from fast import handle\nexcept ImportError:\n    def handle(event, context):\n        return 1\n",
     True),  # a fallback definition
    ("handle: Callable = make()\n", True),
    ("handle, other = make(), 1\n", True),
    ("import handle.sub\n", True),  # binds handle
    ("import lib.handle\n", False),  # binds lib
    ("from lib import *\n", True),  # may bring it: only importing tells
    ("handle: Callable\n", False),  # annotated, never bound
    ("def other():\n    global handle\n    handle = 1\n", False),  # only if other() runs
])
def test_what_counts_as_defining_the_handler_function(source: str, found: bool) -> None:
    data = make_zip({"app.py": source})
    if found:
        assert check_lambda_zip(data, "python3.12", "app.handle").files == 1
    else:
        with pytest.raises(LambdaZipError) as raised:
            check_lambda_zip(data, "python3.12", "app.handle")
        assert (raised.value.message, raised.value.next_step) == (
            "app.py in the zip defines no top-level function 'handle' (handler 'app.handle').",
            "Fix the function name in the handler or in the code.")


def test_a_go_zip_without_bootstrap_says_how_to_build_one() -> None:
    with pytest.raises(LambdaZipError) as raised:
        check_lambda_zip(make_zip({"main": "\x7fELF"}), "provided.al2", "bootstrap")
    assert raised.value.next_step == "Build your binary as 'bootstrap' and zip it without a folder (zip -j)."
    assert check_lambda_zip(make_zip({"Handler.class": "x"}), "java21", "example.Handler::handleRequest").files == 1
