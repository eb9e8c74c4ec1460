"""The information screens through taps: Find a service (A to Z, a service, Who does what, its
form), Opening times and places (today's status, from the kiosk's clock), the customer charter."""

from datetime import datetime

import pytest
from PySide6.QtWidgets import QLabel, QLayout, QWidget
from pytestqt.qtbot import QtBot

from kiosk.content import load_content
from tests.support import FakeClock
from tests.ui.conftest import tap
from ui.app import Kiosk
from ui.info import CharterScreen, PlacesScreen, ServicesScreen
from ui.main_window import MainWindow
from ui.widgets.wrap_button import WrapButton

CONTENT, _problems = load_content()


def widgets(layout: QLayout) -> list[QWidget]:
    """What a layout shows, in order, looking into the layouts inside it."""
    found: list[QWidget] = []
    for index in range(layout.count()):
        item = layout.itemAt(index)
        if item.widget() is not None:
            found.append(item.widget())
        elif item.layout() is not None:
            found += widgets(item.layout())
    return found


def words(screen: ServicesScreen | PlacesScreen | CharterScreen) -> list[str]:
    """The labels of a screen's body, top to bottom."""
    return [w.text() for w in widgets(screen.body) if isinstance(w, QLabel)]


def headings(screen: ServicesScreen | PlacesScreen | CharterScreen) -> list[str]:
    return [
        w.text()
        for w in widgets(screen.body)
        if isinstance(w, QLabel) and w.objectName() == "SectionHeading"
    ]


def button(screen: ServicesScreen, text: str) -> WrapButton:
    (found,) = [w for w in widgets(screen.body) if isinstance(w, WrapButton) and w.words() == text]
    return found


def letters(screen: ServicesScreen) -> dict[str, WrapButton]:
    return {
        w.words(): w
        for w in widgets(screen.body)
        if isinstance(w, WrapButton) and w.objectName() == "Choice"
    }


def open_info(qtbot: QtBot, window: MainWindow, key: str) -> QWidget:
    tap(qtbot, window.home.buttons[key])
    screen = window.info[key]
    assert window.current_screen() is screen
    assert not window.header.home.isHidden()  # nothing to lose here: Home is offered
    return screen


def test_find_a_service_by_its_letter_and_start_its_form(qtbot: QtBot, kiosk: Kiosk):
    window = kiosk.window
    screen = open_info(qtbot, window, "services")
    assert isinstance(screen, ServicesScreen)
    assert screen.title.text() == "Find a service"
    # A letter only where a service starts with it.
    assert list(letters(screen)) == sorted({s.name[0].upper() for s in CONTENT.services})

    tap(qtbot, letters(screen)["B"])
    assert letters(screen)["B"].isChecked()
    assert headings(screen) == ["B"]
    tiles = [
        w.words()
        for w in widgets(screen.body)
        if isinstance(w, WrapButton) and w.objectName() == "Tile"
    ]
    assert tiles == [
        "Who does what",
        "Bins and recycling",
        "Blue Badge parking permits",
        "Building control",
        "Bulky waste collection",
        "Bus passes for older and disabled people",
        "Business rates",
    ]

    tap(qtbot, button(screen, "Blue Badge parking permits"))
    assert screen.title.text() == "Blue Badge parking permits"
    shown = words(screen)
    assert "Who does this: Northshire County Council" in shown
    assert "Phone: 01632 960270" in shown
    tap(qtbot, button(screen, "Ask for an appointment"))  # the service's form
    assert window.current_screen() is window.question
    assert window.journey is not None and window.journey.form.id == "appointment"
    assert window.question.caption.text() == "Ask for an appointment · question 1"


def test_back_steps_out_of_a_service_then_the_letter_then_home(qtbot: QtBot, kiosk: Kiosk):
    window = kiosk.window
    screen = open_info(qtbot, window, "services")
    tap(qtbot, letters(screen)["A"])
    tap(qtbot, button(screen, "Allotments"))
    assert screen.title.text() == "Allotments"
    assert "Who does this: Eastbrook Town Council" in words(screen)
    # No form of the kiosk's for this one: only Back.
    assert [w for w in widgets(screen.body) if isinstance(w, WrapButton)] == []

    tap(qtbot, screen.back)
    assert screen.title.text() == "Find a service" and headings(screen) == ["A"]
    tap(qtbot, screen.back)
    assert headings(screen) == [] and not any(b.isChecked() for b in letters(screen).values())
    tap(qtbot, screen.back)
    assert window.current_screen() is window.home


def test_who_does_what_names_the_council_county_police_and_nhs(qtbot: QtBot, kiosk: Kiosk):
    window = kiosk.window
    screen = open_info(qtbot, window, "services")
    tap(qtbot, button(screen, "Who does what"))
    assert screen.title.text() == "Who does what"
    named = headings(screen)
    for organisation in (
        "Riverside Borough Council",
        "Northshire County Council",
        "Northshire Police",
        "NHS (National Health Service)",
    ):
        assert organisation in named
    assert named == [o.name for o in CONTENT.organisations.values()]  # none left out
    shown = words(screen)
    assert "• Collects Council Tax and business rates." in shown
    assert "• Answers 999 calls when a crime is happening or someone is in danger." in shown
    assert "Phone: 101" in shown and "Phone: 111" in shown
    tap(qtbot, screen.back)
    assert screen.title.text() == "Find a service"
    tap(qtbot, screen.back)
    assert window.current_screen() is window.home


def status(screen: PlacesScreen, place: str) -> str:
    """The line under a place's name and address: open or closed, as of the kiosk's clock."""
    shown = words(screen)
    return shown[shown.index(place) + 2]


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (
            datetime(2026, 11, 23, 10, 0),  # a Monday morning
            {
                "Riverside Joint Service Centre": "Open now. Closes at 5pm.",
                "Northgate Children's Centre": "Open now. Closes at 12:30pm.",
                "Eastbrook Children's Centre": "Closed now. Opens tomorrow at 9:30am.",
            },
        ),
        (
            datetime(2026, 11, 22, 10, 0),  # a Sunday morning
            {
                "Riverside Joint Service Centre": "Closed now. Opens tomorrow at 8:30am.",
                "Riverside Town Hall customer service desk": "Closed now. Opens tomorrow at 9am.",
                "Eastbrook Children's Centre": "Closed now. Opens on Tuesday at 9:30am.",
            },
        ),
        (
            datetime(2026, 11, 23, 7, 45),  # Monday, before opening
            {"Riverside Joint Service Centre": "Closed now. Opens today at 8:30am."},
        ),
    ],
)
def test_opening_times_say_whether_each_place_is_open_now(
    qtbot: QtBot, kiosk: Kiosk, clock: FakeClock, moment: datetime, expected: dict[str, str]
):
    window = kiosk.window
    clock.now = moment.astimezone()  # that time where the kiosk is
    screen = open_info(qtbot, window, "places")
    assert isinstance(screen, PlacesScreen)
    assert screen.title.text() == "Opening times and places"
    assert headings(screen) == [place.name for place in CONTENT.places]
    for place, words_shown in expected.items():
        assert status(screen, place) == words_shown
    tap(qtbot, screen.back)
    assert window.current_screen() is window.home


def test_opening_times_follow_the_clock_each_time_they_are_opened(
    qtbot: QtBot, kiosk: Kiosk, clock: FakeClock
):
    window = kiosk.window
    place = "Riverside Town Hall customer service desk"
    clock.now = datetime(2026, 11, 27, 16, 0).astimezone()  # Friday: it closes at 4:30pm
    screen = open_info(qtbot, window, "places")
    assert status(screen, place) == "Open now. Closes at 4:30pm."
    tap(qtbot, screen.back)
    clock.advance(45 * 60)
    open_info(qtbot, window, "places")
    assert status(screen, place) == "Closed now. Opens on Monday at 9am."


def test_the_customer_charter_lists_its_promises(qtbot: QtBot, kiosk: Kiosk):
    window = kiosk.window
    screen = open_info(qtbot, window, "charter")
    assert isinstance(screen, CharterScreen)
    assert CONTENT.charter is not None
    assert screen.title.text() == "Our customer charter"
    shown = words(screen)
    promises = shown[shown.index("Our promises to you") + 1 : shown.index("What we ask of you")]
    assert promises == ["• " + promise.text for promise in CONTENT.charter.promises]
    assert "• We will see 80% of visitors within 15 minutes of arriving." in promises
    assert len(promises) == 10
    tap(qtbot, screen.back)
    assert window.current_screen() is window.home
