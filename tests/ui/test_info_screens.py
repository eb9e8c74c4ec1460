"""The information screens through taps: Find a service (A to Z, a service, Who does what, its
form), Opening times and places (today's status, from the kiosk's clock), the customer charter."""

from datetime import datetime

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QLayout, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from kiosk.content import load_content
from kiosk.i18n import in_language
from tests.support import FakeClock
from tests.ui.conftest import tap, type_text
from ui.app import Kiosk
from ui.info import CharterScreen, PlacesScreen, ServicesScreen
from ui.main_window import MainWindow
from ui.theme import TEXT_SCALES
from ui.widgets.keyboard import OnScreenKeyboard
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
    assert "Phone: 01632\u00a0960270" in shown  # the number kept whole
    tap(qtbot, button(screen, "Ask for an appointment"))  # the service's form
    assert window.current_screen() is window.question
    assert window.journey is not None and window.journey.form.id == "appointment"
    assert window.question.caption.text() == "Ask for an appointment · question 1"


def test_a_letter_chosen_on_a_landscape_screen_brings_its_services_into_view(
    qtbot: QtBot, kiosk: Kiosk
):
    window = kiosk.window  # 1920 x 1080: the letters and Who does what fill the first screen
    screen = open_info(qtbot, window, "services")
    assert isinstance(screen, ServicesScreen)
    tap(qtbot, letters(screen)["R"])
    heading = screen.letter_heading
    assert heading is not None and heading.text() == "R"
    first = button(screen, "Register a birth")
    viewport = screen.scroll.viewport()

    def in_view(widget: QWidget) -> bool:
        top = widget.mapTo(viewport, QPoint(0, 0)).y()
        return top >= 0 and top + widget.height() <= viewport.height()

    # It was below the fold: once laid out, the page scrolls to the letter.
    qtbot.waitUntil(lambda: screen.scroll.verticalScrollBar().value() > 0)
    assert in_view(heading) and in_view(first)


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


# -- Find a service: search ------------------------------------------------------------------


def tiles(screen: ServicesScreen) -> list[str]:
    """The service tiles of the body (not Who does what), top to bottom."""
    return [
        w.words()
        for w in widgets(screen.body)
        if isinstance(w, WrapButton) and w.objectName() == "Tile" and w.words() != "Who does what"
    ]


def keyboard_of(screen: ServicesScreen) -> OnScreenKeyboard:
    found = screen.findChild(OnScreenKeyboard)
    assert found is not None
    return found


def everything_shown(window: MainWindow) -> list[str]:
    """Every word any widget of the window holds, said or shown."""
    texts = []
    for widget in window.findChildren(QWidget):
        texts += [widget.accessibleName(), widget.accessibleDescription()]
        if isinstance(widget, QLabel | QLineEdit | QAbstractButton):
            texts.append(widget.text())
        if isinstance(widget, WrapButton):
            texts += [widget.words(), widget.hint() or ""]
    return texts


def idle_out(kiosk: Kiosk, clock: FakeClock) -> None:
    """Walk away: the kiosk asks, then wipes the session (MainWindow.finish)."""
    window = kiosk.window
    clock.advance(window.idle.timeout_s * window.idle.factor + 1)
    window.check_idle()
    assert window.overlay.isVisible()
    clock.advance(window.idle.more_time_s * window.idle.factor)
    window.check_idle()
    assert window.current_screen() is window.home


def test_search_with_the_on_screen_keys_finds_the_bins(qtbot: QtBot, kiosk: Kiosk):
    window = kiosk.window
    screen = open_info(qtbot, window, "services")
    assert isinstance(screen, ServicesScreen)
    box = screen.search_box
    assert screen.search_label.text() == "Search for a service"
    assert screen.search_label.buddy() is box
    assert box.accessibleName() == "Search for a service"
    assert box.accessibleDescription() == "For example: bins, parking, council tax"
    assert box.text() == "" and letters(screen)  # the A to Z as before, under the box

    keyboard = keyboard_of(screen)
    assert not keyboard.isVisible()
    tap(qtbot, box)
    qtbot.waitUntil(keyboard.isVisible)
    for key in "bins":
        tap(qtbot, keyboard.key(key))
    assert box.text() == "bins" and box.hasFocus()
    tap(qtbot, screen.search_button)
    assert not keyboard.isVisible()  # out of the way of the results
    assert headings(screen) == ["Results for 'bins'"]
    found = tiles(screen)
    assert found[0] == "Bins and recycling"
    assert letters(screen) == {}  # the results, not the letters

    tap(qtbot, button(screen, "Bins and recycling"))
    assert screen.title.text() == "Bins and recycling"
    assert screen.search_panel.isHidden()
    assert "Phone: 01632\u00a0960060" in words(screen)

    tap(qtbot, screen.back)  # to the results, the words still in the box
    assert screen.title.text() == "Find a service" and screen.search_panel.isVisible()
    assert headings(screen) == ["Results for 'bins'"] and tiles(screen) == found
    assert box.text() == "bins"
    tap(qtbot, screen.back)  # then the letters
    assert box.text() == "" and headings(screen) == [] and tiles(screen) == []
    assert letters(screen)
    tap(qtbot, screen.back)
    assert window.current_screen() is window.home


def test_typing_keeps_its_focus_and_letters_when_the_screen_refreshes(qtbot: QtBot, kiosk: Kiosk):
    window = kiosk.window
    screen = open_info(qtbot, window, "services")
    assert isinstance(screen, ServicesScreen)
    box = screen.search_box
    tap(qtbot, box)
    qtbot.keyClicks(box, "wheelie")
    screen.refresh()  # as after a language change or Back: the body is built again
    assert box.hasFocus() and box.text() == "wheelie"
    qtbot.keyClicks(box, " bin")
    qtbot.keyClick(box, Qt.Key.Key_Return)  # a physical keyboard's Enter searches too
    assert headings(screen) == ["Results for 'wheelie bin'"]
    assert tiles(screen)[0] == "Bins and recycling"


def test_an_empty_search_shows_the_letters_as_before(qtbot: QtBot, kiosk: Kiosk):
    window = kiosk.window
    screen = open_info(qtbot, window, "services")
    assert isinstance(screen, ServicesScreen)
    tap(qtbot, letters(screen)["A"])
    qtbot.keyClicks(screen.search_box, "   ")
    tap(qtbot, screen.search_button)
    assert screen.query is None
    assert headings(screen) == ["A"] and letters(screen)["A"].isChecked()


def test_a_word_with_no_match_says_so_kindly_and_keeps_the_letters(qtbot: QtBot, kiosk: Kiosk):
    window = kiosk.window
    screen = open_info(qtbot, window, "services")
    assert isinstance(screen, ServicesScreen)
    type_text(qtbot, screen.search_box, "xyzzy")
    tap(qtbot, screen.search_button)
    assert (
        "We could not find a service for 'xyzzy'. Try another word, or choose a letter below."
        in words(screen)
    )
    assert tiles(screen) == []
    assert list(letters(screen)) == sorted({s.name[0].upper() for s in CONTENT.services})
    button(screen, "Who does what")  # still offered

    tap(qtbot, letters(screen)["B"])  # a letter instead: the words and message go
    assert screen.search_box.text() == ""
    assert not any("xyzzy" in text for text in words(screen))
    assert headings(screen) == ["B"] and "Bins and recycling" in tiles(screen)


@pytest.mark.parametrize("query", ["dustbin", "xyzzy"])  # results, and no results
def test_the_idle_wipe_leaves_no_search_for_the_next_citizen(
    qtbot: QtBot, kiosk: Kiosk, clock: FakeClock, query: str
):
    window = kiosk.window
    screen = open_info(qtbot, window, "services")
    assert isinstance(screen, ServicesScreen)
    tap(qtbot, screen.search_box)
    type_text(qtbot, screen.search_box, query)
    tap(qtbot, screen.search_button)
    assert any(query in text for text in words(screen))
    tap(qtbot, screen.search_box)  # the keys open again, as the citizen walks away
    qtbot.waitUntil(keyboard_of(screen).isVisible)

    idle_out(kiosk, clock)
    box = screen.search_box
    assert box.text() == "" and not box.isUndoAvailable()  # nor brought back with Undo
    assert screen.query is None and not keyboard_of(screen).isVisible()
    assert not any(query in text for text in everything_shown(window))

    open_info(qtbot, window, "services")  # the next citizen sees the letters
    assert box.text() == "" and headings(screen) == [] and tiles(screen) == []
    assert letters(screen)


def test_a_search_in_urdu_finds_a_service_by_its_urdu_name(qtbot: QtBot, kiosk: Kiosk):
    window = kiosk.window
    window.set_language("ur")
    screen = open_info(qtbot, window, "services")
    assert isinstance(screen, ServicesScreen)
    name = in_language("ur", "Bins and recycling")
    assert name != "Bins and recycling"  # the catalogue has it
    tap(qtbot, screen.search_box)
    type_text(qtbot, screen.search_box, name)  # as the Urdu keys commit it
    tap(qtbot, screen.search_button)
    assert tiles(screen)[0] == name
    # Mirrored as the rest of the screen: the box starts on the right, its button to its left.
    assert screen.search_panel.layoutDirection() == Qt.LayoutDirection.RightToLeft
    box_x = screen.search_box.mapTo(window, QPoint(0, 0)).x()
    assert box_x > screen.search_button.mapTo(window, QPoint(0, 0)).x()
    tap(qtbot, button(screen, name))
    assert screen.title.text() == name


@pytest.mark.parametrize("scale", TEXT_SCALES)
def test_search_targets_are_large_enough_at_every_text_size(
    qtbot: QtBot, kiosk: Kiosk, scale: float
):
    window = kiosk.window
    window.resize(1080, 1920)  # portrait: the narrowest the kiosk runs at
    window.set_scale(scale)
    screen = open_info(qtbot, window, "services")
    assert isinstance(screen, ServicesScreen)
    tap(qtbot, screen.search_box)
    qtbot.waitUntil(keyboard_of(screen).isVisible)
    type_text(qtbot, screen.search_box, "parking")
    tap(qtbot, screen.search_button)
    assert tiles(screen)
    shown = [screen.search_box, screen.search_button]
    shown += [w for w in widgets(screen.body) if isinstance(w, WrapButton)]
    qtbot.waitUntil(lambda: all(w.isVisible() for w in shown))
    for widget in shown:
        assert min(widget.width(), widget.height()) >= 48, widget.accessibleName()
    assert screen.search_box.styleSheet() == ""  # the app's own look for a text box
    for text in (screen.search_label, screen.search_hint):
        assert text.height() + 1 >= text.heightForWidth(text.width())  # nothing cut off
