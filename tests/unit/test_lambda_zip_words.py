"""Every refusal of a Lambda zip in full: what is wrong and what to do, as the Deploy tab and the CLI show them."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from lambdadesk.core.lambda_zip import (
    DIRECT_UPLOAD_LIMIT,
    KNOWN_RUNTIMES,
    LambdaZipError,
    check_lambda_zip,
    read_lambda_zip,
)


def zip_of(files: dict[str, str | bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def refusal(data: bytes, runtime: str = "python3.12", handler: str = "app.handle") -> tuple[str, str]:
    with pytest.raises(LambdaZipError) as refused:
        check_lambda_zip(data, runtime, handler, "seed.zip")
    return refused.value.message, refused.value.next_step


def test_each_refusal_says_what_is_wrong_and_what_to_do() -> None:
    assert refusal(b"") == ("seed.zip is empty.", "Build the deployment package again; it should be a .zip file.")
    assert refusal(b"x", runtime="python2.7") == (
        "'python2.7' is not a Lambda runtime lambdadesk knows.", "Choose one of: " + ", ".join(KNOWN_RUNTIMES) + ".")
    assert refusal(b"not a zip") == ("seed.zip is not a zip archive (File is not a zip file).",
                                     "Zip your code (for example: zip -r function.zip .) and pick that file.")
    assert refusal(zip_of({"app.py": "x = 1"}), handler="handle") == (
        "Handler 'handle' is not of the form file.function.",
        "For lambda_function.py with def lambda_handler, the handler is lambda_function.lambda_handler.")
    assert refusal(zip_of({"app.py": "x = 1"}), handler=".handle")[0] == \
        "Handler '.handle' is not of the form file.function."
    assert refusal(zip_of({"app.py": "x = 1"}), handler="app.")[0] == "Handler 'app.' is not of the form file.function."
    assert refusal(zip_of({"src/app.py": "", "README": "", "lib/": ""})) == (
        "Handler 'app.handle' needs app.py in seed.zip, which has no such file (top level: README, lib/).",
        "Zip the contents of your source folder, not the folder itself, or fix the handler.")
    assert refusal(zip_of({"src/app.py": ""}))[0].endswith("(top level: nothing).")
    many = zip_of({f"f{n:02}.txt": "" for n in range(12)})
    assert refusal(many)[0].endswith("(top level: " + ", ".join(f"f{n:02}.txt" for n in range(10)) + ").")
    assert refusal(zip_of({"app.py": "def other(e, c):\n    return 1\n"})) == (
        "app.py in seed.zip defines no top-level function 'handle' (handler 'app.handle').",
        "Fix the function name in the handler or in the code.")
    assert refusal(zip_of({"main": ""}), runtime="provided.al2023") == (
        "seed.zip has no 'bootstrap' at its top level, which provided.al2023 runs.",
        "Build your binary as 'bootstrap' and zip it without a folder (zip -j).")


def test_a_corrupt_member_is_named() -> None:
    data = bytearray(zip_of({"app.py": "def handle(e, c):\n    return 1\n" * 20}))
    data[data.index(b"def handle") + 3] ^= 0xFF  # a byte of the stored file changed: its CRC no longer matches
    assert refusal(bytes(data)) == ("seed.zip is corrupt: app.py fails its checksum.",
                                    "Build the deployment package again.")


def test_what_unzips_past_lambdas_limit_is_refused_with_its_size() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("app.py", "def handle(e, c):\n    return 1\n")
        archive.writestr("blob", b"\0" * (251 * 2**20))
    assert refusal(buffer.getvalue()) == (
        "seed.zip unzips to 251 MB, over Lambda's 250 MB limit.",
        "Leave out what the function does not need, or use a layer or a container image.")


def test_the_report_counts_what_the_zip_holds_and_a_large_zip_goes_through_s3() -> None:
    data = zip_of({"app.py": "def handle(e, c):\n    return 1\n", "data.txt": "abc"})
    report = check_lambda_zip(data, "python3.12", "app.handle")
    assert (report.size, report.unzipped_size, report.files, report.needs_s3) == (len(data), 34, 2, False)
    assert DIRECT_UPLOAD_LIMIT == 50 * 2**20


def test_a_zip_that_cannot_be_read_says_which_and_why(tmp_path: Path) -> None:
    with pytest.raises(LambdaZipError) as refused:
        read_lambda_zip(tmp_path / "missing.zip")
    assert refused.value.message == f"Cannot read {tmp_path / 'missing.zip'}: No such file or directory."
    assert refused.value.next_step == "Check the path of the zip, and that the file is yours."
