"""On a touch screen a finger drawn up the page scrolls it, as on a phone; Qt's widgets do not
do this by themselves (only the narrow scroll bar would move the page). A tap is still a tap,
and a finger that moved the page opens nothing.

The offscreen screen is 800 x 800 and Qt drops touches outside it, so the window is that size:
at the largest text the home screen's tiles still go on far below the fold."""

from typing import Any

from PySide6.QtCore import QPoint
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QScrollBar, QScroller, QWidget
from pytestqt.qtbot import QtBot

from tests.ui.conftest import tap
from ui.app import Kiosk

FINGER = QTest.createTouchDevice()


def draw_finger_up(
    qtbot: QtBot, surface: QWidget, start: QPoint, distance: int, rest_ms: int = 0
) -> None:
    """Touch, draw the finger up `distance` pixels in small steps, as a hand does, hold it
    still for `rest_ms` (so the page does not glide on), and lift."""
    QTest.touchEvent(surface, FINGER).press(0, start, surface).commit()
    for step in range(1, 21):
        qtbot.wait(16)  # a touch screen reports about 60 times a second
        where = QPoint(start.x(), start.y() - distance * step // 20)
        QTest.touchEvent(surface, FINGER).move(0, where, surface).commit()
    end = QPoint(start.x(), start.y() - distance)
    for _ in range(rest_ms // 16):
        qtbot.wait(16)
        QTest.touchEvent(surface, FINGER).stationary(0).commit()
    QTest.touchEvent(surface, FINGER).release(0, end, surface).commit()


def finger_on_a_tile(home: QWidget) -> tuple[QWidget, QPoint]:
    """A point low on the visible page, with room above it to draw the finger up, on a tile;
    and that tile."""
    viewport = home.scroll.viewport()  # type: ignore[attr-defined]
    # The home screen takes touch scrolling just after its first paint, with the other screens.
    assert QScroller.hasScroller(viewport)
    first = next(iter(home.buttons.values()))  # type: ignore[attr-defined]
    home.ensure_visible(first)  # type: ignore[attr-defined]
    # On the screen, too: Qt drops a touch outside it (the window may reach below at 200%).
    lowest = viewport.screen().geometry().bottom() - viewport.mapToGlobal(QPoint(0, 0)).y()
    for y in range(min(viewport.height(), lowest) - 10, 300, -10):
        start = QPoint(viewport.width() // 2, y)
        for tile in home.buttons.values():  # type: ignore[attr-defined]
            if tile.geometry().contains(tile.parentWidget().mapFrom(viewport, start)):
                return tile, start
    raise AssertionError("no tile low on the page")


def tap_with_finger(surface: QWidget, widget: QWidget) -> None:
    where = widget.mapTo(surface, widget.rect().center())
    QTest.touchEvent(surface, FINGER).press(0, where, surface).commit()
    QTest.touchEvent(surface, FINGER).release(0, where, surface).commit()


def home_at_the_largest_text(qtbot: QtBot, kiosk: Kiosk) -> tuple[Any, Any, QScrollBar]:
    """The home screen at 200%, its tiles going on far below the fold, once warmed up."""
    window = kiosk.window
    window.resize(800, 800)
    window.set_scale(2.0)
    bar = window.home.scroll.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 600 and "question" in vars(window))
    return window, window.home, bar


def test_a_finger_drawn_up_the_home_screen_scrolls_it_and_opens_nothing(
    qtbot: QtBot, kiosk: Kiosk
) -> None:
    window, home, bar = home_at_the_largest_text(qtbot, kiosk)
    viewport = home.scroll.viewport()
    tile, start = finger_on_a_tile(home)
    before = bar.value()

    draw_finger_up(qtbot, viewport, start, 300)

    qtbot.waitUntil(lambda: bar.value() > before + 150, timeout=5000)
    qtbot.wait(300)  # the page glides on a little, as on a phone
    assert window.current_screen() is home
    assert not tile.isDown()

    tap(qtbot, tile)  # the next tap, even with a mouse, is a tap
    assert window.current_screen() is window.question


def test_a_finger_that_moves_the_page_then_rests_opens_nothing(qtbot: QtBot, kiosk: Kiosk) -> None:
    window, home, bar = home_at_the_largest_text(qtbot, kiosk)
    tile, start = finger_on_a_tile(home)
    before = bar.value()

    draw_finger_up(qtbot, home.scroll.viewport(), start, 200, rest_ms=400)

    qtbot.waitUntil(lambda: bar.value() > before + 50, timeout=5000)
    qtbot.wait(300)
    assert window.current_screen() is home
    assert not tile.isDown()


def test_a_finger_tap_on_a_tile_still_opens_it(qtbot: QtBot, kiosk: Kiosk) -> None:
    window = kiosk.window
    window.resize(800, 800)
    tile = window.home.buttons["call_back"]
    window.home.ensure_visible(tile)
    qtbot.waitUntil(lambda: tile.visibleRegion().contains(tile.rect().center()))

    tap_with_finger(window.home.scroll.viewport(), tile)

    qtbot.waitUntil(lambda: window.current_screen() is window.question, timeout=5000)
