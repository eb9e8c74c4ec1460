"""Every screen of every form, in every offered language and text size: each control has an
accessible name and a target of at least 48 x 48, and no text is cut off."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from kiosk.languages import offered
from kiosk.tickets.client import HubClient
from kiosk.tickets.queue import TicketQueue
from tests.support import FakeClock
from ui.app import Kiosk
from ui.desk import DeskWindow
from ui.main_window import MainWindow
from ui.tour import a_morning, walk, walk_site
from ui.wall_display import WallDisplay
from ui.widgets.common import Page
from ui.widgets.wrap_button import WrapButton

MIN_TARGET = 48


def problems(window: QWidget, screen: str) -> list[str]:
    found = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisible():
            continue
        what = f"{screen}: {type(widget).__name__} '{widget.accessibleName()}'"
        if isinstance(widget, QAbstractButton | QLineEdit | QPlainTextEdit):
            if not widget.accessibleName().strip():
                found.append(f"{what} has no accessible name")
            if min(widget.width(), widget.height()) < MIN_TARGET:
                found.append(f"{what} is {widget.width()}x{widget.height()}")
        if isinstance(widget, WrapButton):
            if widget.height() + 1 < widget.heightForWidth(widget.width()):
                found.append(f"{what}: its words do not fit ({widget.height()} px tall)")
            if widget.width() + 1 < widget.minimumSizeHint().width():
                found.append(f"{what}: a word is wider than the button")
        elif isinstance(widget, QPushButton) and widget.width() + 1 < widget.sizeHint().width():
            found.append(f"{what}: its text is cut off")
        if isinstance(widget, Page):
            # A page scrolls up and down only: content wider than it is cut off at the side.
            inner, room = widget.scroll.widget().width(), widget.scroll.viewport().width()
            if inner > room:
                found.append(f"{screen}: {type(widget).__name__} is {inner - room} px too wide")
        wrapped = isinstance(widget, QLabel) and widget.wordWrap() and widget.text()
        if wrapped and widget.height() + 1 < widget.heightForWidth(widget.width()):
            found.append(f"{screen}: label '{widget.text()[:40]}' is cut off")
    return found


def walk_and_check(window: MainWindow, **look: object) -> list[str]:
    found: list[str] = []
    width = window.width()

    def check(screen: str) -> None:
        found.extend(problems(window, screen))
        # Language, text size and contrast, and Read aloud: on every screen.
        header = window.header
        for button in (header.language, header.accessibility, header.read_aloud):
            if not button.isVisible():
                found.append(f"{screen}: the header's '{button.words()}' is not shown")
        # Nothing may push the window wider than the screen it was made for.
        if window.width() > width:
            found.append(f"{screen}: the window grew to {window.width()} px wide")

    walk(window, check, **look)  # type: ignore[arg-type]
    return found


@pytest.mark.parametrize("language", offered())
def test_every_screen_in_every_language_at_the_largest_text_in_portrait(
    qtbot: QtBot, ticket_kiosk: Kiosk, language: str
):
    window = ticket_kiosk.window
    window.resize(1080, 1920)
    assert walk_and_check(window, language=language, scale=2.0) == []


@pytest.mark.parametrize("scale", [1.0, 1.5])
def test_every_screen_in_landscape_at_the_other_sizes(
    qtbot: QtBot, ticket_kiosk: Kiosk, scale: float
):
    assert walk_and_check(ticket_kiosk.window, scale=scale, high_contrast=scale > 1) == []


@pytest.mark.parametrize("language", offered())
def test_the_desk_and_the_wall_display_in_every_language_at_the_largest_text(
    qtbot: QtBot, client: HubClient, queue: TicketQueue, clock: FakeClock, language: str
):
    a_morning(queue, clock.advance)
    for service in ("council_tax", "housing"):
        queue.issue(service, extra_help=service == "housing")
    desk = DeskWindow(client, 3, clock=clock, refresh_ms=3_600_000)
    display = WallDisplay(client, None, clock=clock)
    found: list[str] = []
    try:
        for widget in (desk, display):
            qtbot.addWidget(widget)
            widget.resize(1080, 1920)
            widget.show()
        qtbot.waitUntil(lambda: bool(desk.sign_in_page.buttons), timeout=10_000)

        def check(screen: str, widget: QWidget) -> None:
            found.extend(problems(widget, screen))
            if widget.width() > 1080:
                found.append(f"{screen}: the window grew to {widget.width()} px wide")

        walk_site(desk, display, check, language=language, scale=2.0)
    finally:
        desk.shut_down()
        display.shut_down()
    assert found == []


def test_the_layout_mirrors_for_right_to_left_languages(kiosk: Kiosk):
    window = kiosk.window
    for code in ("ur", "ar", "fa"):
        window.set_language(code)
        assert window.layoutDirection() == Qt.LayoutDirection.RightToLeft
        assert window.question.layoutDirection() == Qt.LayoutDirection.RightToLeft
    window.set_language("en")
    assert window.layoutDirection() == Qt.LayoutDirection.LeftToRight
