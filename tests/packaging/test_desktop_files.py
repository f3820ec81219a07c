"""The installer inputs: the .desktop entry and the AppStream metainfo pass the real validators, and every PNG
of the app icon is the SVG drawn at that size (tools/render_icons.py), so they cannot drift apart."""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from tests.packaging.conftest import APP_ID, PACKAGING, ROOT, tool

DESKTOP = PACKAGING / f"{APP_ID}.desktop"
METAINFO = PACKAGING / f"{APP_ID}.metainfo.xml"


def test_the_desktop_entry_passes_desktop_file_validate() -> None:
    checked = subprocess.run([tool("desktop-file-validate"), str(DESKTOP)], capture_output=True, text=True)
    assert checked.returncode == 0 and not checked.stdout.strip(), checked.stdout + checked.stderr


def test_desktop_file_validate_catches_a_broken_entry(tmp_path: Path) -> None:
    broken = tmp_path / f"{APP_ID}.desktop"
    broken.write_text(DESKTOP.read_text().replace("Type=Application\n", "").replace("Categories=", "Categorys="))
    checked = subprocess.run([tool("desktop-file-validate"), str(broken)], capture_output=True, text=True)
    assert checked.returncode != 0 and "Type" in checked.stdout


def test_the_metainfo_passes_appstreamcli_pedantic() -> None:
    checked = subprocess.run([tool("appstreamcli"), "validate", "--no-net", "--pedantic", str(METAINFO)],
                             capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "infos" not in checked.stdout and "warnings" not in checked.stdout, checked.stdout


def test_appstreamcli_catches_a_broken_metainfo(tmp_path: Path) -> None:
    broken = tmp_path / f"{APP_ID}.metainfo.xml"
    broken.write_text(METAINFO.read_text().replace("<summary>", "<summery>").replace("</summary>", "</summery>"))
    checked = subprocess.run([tool("appstreamcli"), "validate", "--no-net", str(broken)], capture_output=True,
                             text=True)
    assert checked.returncode != 0 and "summary" in checked.stdout


def test_the_metainfo_names_the_desktop_entry_the_binary_and_a_shipped_screenshot() -> None:
    component = ElementTree.parse(METAINFO).getroot()
    assert component.findtext("id") == APP_ID
    assert component.findtext("launchable") == DESKTOP.name
    assert component.findtext("provides/binary") == "lambdadesk"
    images = [image.text or "" for image in component.iter("image")]
    assert images
    for image in images:  # each points at a file of resources/screenshots, by its path in the repository
        assert (ROOT / image.split("/main/", 1)[1]).is_file(), image


def test_the_release_is_the_package_version() -> None:
    from lambdadesk import __version__

    release = ElementTree.parse(METAINFO).getroot().find("releases/release")
    assert release is not None and release.get("version") == __version__


@pytest.fixture
def renderer(qapp: object) -> object:
    """tools/render_icons.py, on pytest-qt's QApplication (a QGuiApplication of our own would outlive this test
    and break every later widget test)."""
    pytest.importorskip("PySide6.QtSvg")
    sys.path.insert(0, str(ROOT / "tools"))
    import render_icons

    return render_icons


def test_every_icon_png_is_the_svg_drawn_at_its_size(renderer: object) -> None:
    from PySide6.QtGui import QImage

    render = renderer.render  # type: ignore[attr-defined]
    for size in renderer.SIZES:  # type: ignore[attr-defined]
        png = QImage(str(renderer.png_path(size)))  # type: ignore[attr-defined]
        assert (png.width(), png.height()) == (size, size), size
        fresh = render(size).convertToFormat(png.format())
        # Qt's releases round anti-aliased edges a step apart (PySide6 6.11.3: a few pixels off by 1 of 255); an icon
        # drawn from another SVG differs by far more
        assert _largest_difference(fresh, png) <= ROUNDING, \
            f"{size} by {size} differs from the SVG: run tools/render_icons.py"


ROUNDING = 2


def _largest_difference(one: object, other: object) -> int:
    """The largest difference of one colour channel between two images of the same size and format."""
    first, second = (bytes(image.constBits()) for image in (one, other))  # type: ignore[attr-defined]
    assert len(first) == len(second)
    return max((abs(a - b) for a, b in zip(first, second, strict=True)), default=0)


def test_the_installer_svg_is_the_one_the_window_shows() -> None:
    installer = ROOT / "resources" / "icons" / "lambdadesk.svg"
    assert installer.read_bytes() == (ROOT / "lambdadesk" / "assets" / "icons" / "lambdadesk.svg").read_bytes()
    assert f"Icon={APP_ID}\n" in DESKTOP.read_text()


def test_install_desktop_entry_puts_the_launcher_icons_and_metainfo_in_the_users_data_folder(tmp_path: Path) -> None:
    executable = Path(sys.executable).parent / "lambdadesk"
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path)}
    installed = subprocess.run(["bash", str(PACKAGING / "install-desktop-entry.sh"), str(executable)], env=env,
                               capture_output=True, text=True)
    assert installed.returncode == 0, installed.stderr
    entry = tmp_path / "applications" / DESKTOP.name
    assert f"\nExec={executable}\n" in entry.read_text()
    checked = subprocess.run([tool("desktop-file-validate"), str(entry)], capture_output=True, text=True)
    assert checked.returncode == 0 and not checked.stdout.strip(), checked.stdout
    assert (tmp_path / "metainfo" / METAINFO.name).read_bytes() == METAINFO.read_bytes()
    icons = sorted(p.relative_to(tmp_path).as_posix() for p in (tmp_path / "icons").rglob(f"{APP_ID}.*"))
    assert f"icons/hicolor/scalable/apps/{APP_ID}.svg" in icons
    assert f"icons/hicolor/256x256/apps/{APP_ID}.png" in icons and len(icons) == 9
    assert str(entry) in installed.stdout.splitlines()  # it names what it wrote, so it can be undone


def test_install_desktop_entry_without_an_executable_says_what_to_do(tmp_path: Path) -> None:
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    refused = subprocess.run(["bash", str(PACKAGING / "install-desktop-entry.sh"), str(tmp_path / "nope")], env=env,
                             capture_output=True, text=True)
    assert refused.returncode == 2 and "Next step: install it (pipx install ." in refused.stderr
    assert not (tmp_path / "applications").exists()
