"""A source folder made into a deployment zip: what goes in, dependencies from requirements.txt (installed once),
Go built into bootstrap, and what is visibly broken reported with file and line."""

from __future__ import annotations

import io
import shutil
import stat
import zipfile
from pathlib import Path

import pytest

from lambdadesk.core.errors import LambdadeskError
from lambdadesk.core.lambda_zip import check_lambda_zip
from lambdadesk.deploy.go_build import GoBuildError
from lambdadesk.deploy.python_dependencies import DependencyError
from lambdadesk.deploy.source_package import code_from, package_source
from tests.local_wheel import offline_pip, write_wheel

HANDLER = "lambda_function.lambda_handler"


def members(code: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(code)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def write(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)
    return folder


def test_the_zip_holds_the_code_and_leaves_out_what_a_function_never_needs(tmp_path: Path) -> None:
    source = write(tmp_path / "src", {
        "lambda_function.py": "def lambda_handler(e, c):\n    return 1\n", "lib/util.py": "X = 1\n",
        ".git/HEAD": "ref", "lib/__pycache__/util.cpython-312.pyc": "", "old.pyc": "", "function.zip": "",
        "node_modules/x/index.js": "", "myenv/pyvenv.cfg": "home = /usr", "myenv/lib/site.py": "",
        "build/lib/copy.py": "", "pkg.egg-info/PKG-INFO": "", "notes.txt~": ""})
    (tmp_path / "secret").write_text("key")
    (source / "credentials").symlink_to(tmp_path / "secret")
    (source / "util_link.py").symlink_to(source / "lib" / "util.py")
    package = package_source(source, "python3.12", HANDLER)
    assert sorted(members(package.code)) == ["lambda_function.py", "lib/util.py", "util_link.py"]
    assert package.files == 3 and package.problems == []
    check_lambda_zip(package.code, "python3.12", HANDLER)  # what deploy checks accepts it
    assert package_source(source, "python3.12", HANDLER).code == package.code  # same files, same bytes


def test_a_node_function_keeps_its_node_modules(tmp_path: Path) -> None:
    source = write(tmp_path / "src", {"index.mjs": "export const handler = async () => 1;\n",
                                      "node_modules/dep/index.js": "module.exports = 1;\n"})
    assert sorted(members(package_source(source, "nodejs20.x", "index.handler").code)) == [
        "index.mjs", "node_modules/dep/index.js"]


def test_requirements_are_installed_once_for_the_runtime_and_the_folder_wins(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    wheels = tmp_path / "wheels"
    write_wheel(wheels, "tinydep", "VALUE = 'from the wheel'\n")
    for key, value in offline_pip(wheels).items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("LAMBDADESK_CACHE_DIR", str(tmp_path / "cache"))
    source = write(tmp_path / "src", {"lambda_function.py": "import tinydep\ndef lambda_handler(e, c):\n    pass\n",
                                      "requirements.txt": "tinydep==1.0\n"})
    package = package_source(source, "python3.12", HANDLER)
    files = members(package.code)
    assert files["tinydep/__init__.py"] == b"VALUE = 'from the wheel'\n"
    assert package.dependency_files >= 2 and package.problems == []  # tinydep is provided: no missing import
    shutil.rmtree(wheels)  # the second build takes it from the cache: pip could not install it now
    assert members(package_source(source, "python3.12", HANDLER).code) == files
    (source / "requirements.txt").write_text("tinydep==2.0\n")
    with pytest.raises(DependencyError, match=r"requirements.txt for python3.12 failed") as raised:
        package_source(source, "python3.12", HANDLER)
    assert "tinydep" in raised.value.message and "manylinux" in raised.value.next_step
    assert len(list((tmp_path / "cache" / "python-dependencies").iterdir())) == 1  # no half install kept


def test_a_syntax_error_and_an_import_nothing_provides_are_reported_with_file_and_line(tmp_path: Path) -> None:
    source = write(tmp_path / "src", {
        "lambda_function.py": "import json\nimport requestz\ntry:\n    import optional_thing\nexcept ImportError:\n"
                              "    pass\nfrom lib import helper\nimport boto3\ndef lambda_handler(e, c):\n    pass\n",
        "lib/__init__.py": "", "lib/helper.py": "def f(:\n    pass\n"})
    package = package_source(source, "python3.11", HANDLER)
    assert package.problems == ["lib/helper.py:1:7: invalid syntax",
                                "lambda_function.py:2: No module named 'requestz' (not in the folder, its "
                                "requirements.txt or the runtime)"]
    assert "lambda_function.py" in members(package.code)  # still packaged: the deployed function is the folder


def test_a_go_folder_is_built_into_an_executable_bootstrap_and_a_compile_error_names_its_line(
        tmp_path: Path) -> None:
    if shutil.which("go") is None:
        pytest.skip("no Go toolchain")
    source = write(tmp_path / "go", {"go.mod": "module hello\n\ngo 1.19\n",
                                     "main.go": "package main\n\nfunc main() {\n}\n"})
    package = package_source(source, "provided.al2023", "bootstrap")
    with zipfile.ZipFile(io.BytesIO(package.code)) as archive:
        info = archive.getinfo("bootstrap")
        assert stat.S_IMODE(info.external_attr >> 16) == 0o755 and archive.read("bootstrap")[:4] == b"\x7fELF"
    (source / "main.go").write_text("package main\n\nfunc main() {\n\tundefinedThing()\n}\n")
    with pytest.raises(GoBuildError, match=r"main\.go:4:\d+: undefined: undefinedThing"):
        package_source(source, "provided.al2023", "bootstrap")


def test_deploy_takes_a_zip_or_a_folder_and_says_what_is_wrong_with_either(tmp_path: Path) -> None:
    zipped = tmp_path / "f.zip"
    zipped.write_bytes(b"PK-not-really")
    assert code_from(zipped, "python3.12", HANDLER).code == b"PK-not-really"  # checked later, by deploy
    with pytest.raises(LambdadeskError, match="Cannot read"):
        code_from(tmp_path / "missing.zip", "python3.12", HANDLER)
    (tmp_path / "empty").mkdir()
    with pytest.raises(LambdadeskError, match="holds no file to deploy"):
        code_from(tmp_path / "empty", "python3.12", HANDLER)
