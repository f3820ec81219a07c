import contextlib
from collections.abc import Iterator
from importlib.resources import files

import pytest
from PySide6.QtGui import QColor, QIcon, QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from lambdadesk.ui.common.icons import icon
from lambdadesk.ui.main_window import MainWindow
from lambdadesk.ui.view_models import ViewModels
from tests.ui.fake_session import FakeServices

NAMES = sorted(p.name.removesuffix(".svg") for p in (files("lambdadesk.assets") / "icons").iterdir()
               if p.name.endswith(".svg") and p.name != "lambdadesk.svg")  # the app's icon keeps its colours


def darkest_and_lightest(name: str, colour: QColor) -> tuple[int, int]:
    image = icon(name, colour).pixmap(24, 24).toImage()
    seen = [image.pixelColor(x, y).lightness() for x in range(24) for y in range(24)
            if image.pixelColor(x, y).alpha() > 200]  # the strokes, not their anti-aliased edges
    assert seen, f"{name} draws nothing"
    return min(seen), max(seen)


@pytest.mark.parametrize("name", NAMES)
def test_every_bundled_icon_renders_in_the_colour_asked(name: str) -> None:
    assert darkest_and_lightest(name, QColor("white"))[0] > 200  # light strokes on a dark theme
    assert darkest_and_lightest(name, QColor("black"))[1] < 60


def test_the_window_shows_the_app_icon_in_its_own_colours(qtbot: QtBot, profile: object, tmp_path: object) -> None:
    window = MainWindow(ViewModels.build(profile, FakeServices(tmp_path)))  # type: ignore[arg-type]
    qtbot.addWidget(window)
    image = window.windowIcon().pixmap(48, 48).toImage()
    centre = image.pixelColor(12, 24)  # the orange face, left of the lambda
    assert centre.red() > 200 and centre.alpha() > 250 and centre.blue() < 100, centre.name()


def stroke_lightness(drawn: QIcon) -> list[int]:
    """The lightness of an icon's strokes (not their anti-aliased edges) at 24 by 24."""
    image = drawn.pixmap(24, 24).toImage()
    return [image.pixelColor(x, y).lightness() for x in range(24) for y in range(24)
            if image.pixelColor(x, y).alpha() > 200]


@contextlib.contextmanager
def dark_scheme(qapp: QApplication) -> Iterator[None]:
    """The application's palette as a dark system scheme gives it, for the duration."""
    before = qapp.palette()
    dark = QPalette(before)
    dark.setColor(QPalette.ColorRole.ButtonText, QColor("#eeeeee"))
    try:
        qapp.setPalette(dark)
        qapp.processEvents()
        yield
    finally:
        qapp.setPalette(before)


def test_a_switch_to_dark_draws_the_buttons_icons_light(qtbot: QtBot, qapp: QApplication, profile: object,
                                                        tmp_path: object) -> None:
    window = MainWindow(ViewModels.build(profile, FakeServices(tmp_path)))  # type: ignore[arg-type]
    qtbot.addWidget(window)
    with dark_scheme(qapp):
        lightness = stroke_lightness(window.environment_panel.start_button.icon())
        assert lightness and min(lightness) > 200


def test_every_tab_has_an_icon_drawn_again_when_the_scheme_turns_dark(qtbot: QtBot, qapp: QApplication,
                                                                      profile: object, tmp_path: object) -> None:
    window = MainWindow(ViewModels.build(profile, FakeServices(tmp_path)))  # type: ignore[arg-type]
    qtbot.addWidget(window)
    assert all(not window.tabs.tabIcon(index).isNull() for index in range(window.tabs.count()))
    with dark_scheme(qapp):
        for index in range(window.tabs.count()):
            strokes = stroke_lightness(window.tabs.tabIcon(index))
            assert strokes and min(strokes) > 200, window.tabs.tabText(index)
