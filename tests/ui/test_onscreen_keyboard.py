"""The on-screen keyboard on the real question screen: taps on its keys type into the box in
focus for every kind of box and language, the keys are big enough, named and never cut off, and
the whole of a form can be filled in with them alone."""

import itertools
import unicodedata

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit
from pytestqt.qtbot import QtBot

from kiosk.i18n import _
from kiosk.keyboards import KEYPADS
from kiosk.languages import BY_CODE, offered
from kiosk.sample_answers import sample_raw
from kiosk.speech import Speech
from tests.ui.conftest import continue_, tap
from tests.ui.test_fonts import covers
from ui.app import Kiosk
from ui.main_window import MainWindow
from ui.widgets.keyboard import MIN_GAP, MIN_TARGET, KeyButton, OnScreenKeyboard, shipped_keyboards
from ui.widgets.wrap_button import widest_unbreakable


def open_question(window: MainWindow, form_id: str, question_id: str, **answers: object) -> None:
    """Straight to a question, the pages before it answered with samples (or `answers`)."""
    window.open_tile(form_id)
    journey = window.journey
    assert journey is not None
    for _step in range(40):
        question = journey.current
        assert question is not None, question_id
        if question.id == question_id:
            return
        window.answer(answers.get(question.id, sample_raw(question, window.today())))
    raise AssertionError(question_id)


def control(keyboard: OnScreenKeyboard, kind: str, value: str = "") -> KeyButton:
    """One of the keyboard's own keys, by what it does (its words change with the language)."""
    for key in keyboard.shown_keys():
        if key.action.kind == kind and (not value or key.action.value == value):
            return key
    raise KeyError((kind, value))


def tap_keys(qtbot: QtBot, keyboard: OnScreenKeyboard, *names: str) -> None:
    for name in names:
        tap(qtbot, keyboard.key(name))


def shown(qtbot: QtBot, window: MainWindow) -> tuple[OnScreenKeyboard, QLineEdit]:
    keyboard = window.question.keyboard
    qtbot.waitUntil(keyboard.isVisible)
    box = keyboard.target()
    assert isinstance(box, QLineEdit | QPlainTextEdit)
    return keyboard, box  # type: ignore[return-value]


def test_a_postcode_typed_on_the_postcode_keys_is_accepted_and_normalised(
    qtbot: QtBot, kiosk: Kiosk
):
    window = kiosk.window
    open_question(window, "street_problem", "location_postcode", location_method="postcode")
    keyboard, box = shown(qtbot, window)
    assert keyboard.layout_shown().id == "postcode"
    tap_keys(qtbot, keyboard, "S", "6", "5", _("Space"), "1", "U", "F", "F", _("Delete"))
    assert box.text() == "S65 1UF"
    continue_(qtbot, window)
    assert window.journey.answer("location_postcode") == "S65 1UF"


def test_a_phone_number_on_the_phone_keypad(qtbot: QtBot, kiosk: Kiosk):
    window = kiosk.window
    open_question(window, "call_back", "phone")
    keyboard, box = shown(qtbot, window)
    assert keyboard.layout_shown().id == "phone"
    tap_keys(qtbot, keyboard, "+", "4", "4", _("Space"), *"1709336000")
    assert box.text() == "+44 1709336000"
    continue_(qtbot, window)
    assert window.journey.answer("phone").national == "01709 336000"


def test_a_date_on_the_number_keypad_box_by_box(qtbot: QtBot, kiosk: Kiosk):
    window = kiosk.window
    open_question(window, "housing_repair", "started")
    keyboard, _box = shown(qtbot, window)
    editor = window.question.editor
    assert keyboard.layout_shown().id == "numeric"
    for part, digits in (("day", "2"), ("month", "11"), ("year", "2025")):
        tap(qtbot, editor.edits[part])  # the keys move under the box tapped
        assert keyboard.target() is editor.edits[part]
        tap_keys(qtbot, keyboard, *digits)
    assert editor.raw() == {"day": "2", "month": "11", "year": "2025"}
    continue_(qtbot, window)
    assert str(window.journey.answer("started")) == "2025-11-02"


def test_an_email_address_with_at_and_dot_on_the_first_layer(qtbot: QtBot, kiosk: Kiosk):
    window = kiosk.window
    window.set_language("ur")  # an address is written in Latin letters, whatever the language
    open_question(window, "complaint", "email", contact_method="email")
    keyboard, box = shown(qtbot, window)
    assert keyboard.layout_shown().id == "en" and keyboard.layer_shown() == "letters"
    tap_keys(qtbot, keyboard, *"ali@example.com")
    assert box.text() == "ali@example.com"
    continue_(qtbot, window)
    assert window.journey.answer("email") == "ali@example.com"


def test_capitals_are_one_at_a_time_and_numbers_and_symbols_switch_back(qtbot: QtBot, kiosk: Kiosk):
    window = kiosk.window
    open_question(window, "call_back", "name")
    keyboard, box = shown(qtbot, window)
    tap(qtbot, control(keyboard, "layer", "second"))
    assert keyboard.key("J").words() == "J" and control(keyboard, "layer").words() == _(
        "Small letters"
    )
    tap_keys(qtbot, keyboard, "J", "o")  # back to small letters after one capital
    tap(qtbot, control(keyboard, "layer", "symbols"))
    tap_keys(qtbot, keyboard, "'", "2")
    tap(qtbot, control(keyboard, "layer", "letters"))
    tap_keys(qtbot, keyboard, "a", "a", _("Delete"))
    assert box.text() == "Jo'2a"
    assert QApplication.focusWidget() is box and box.cursorPosition() == 5


def test_a_name_in_urdu_then_in_english_letters(qtbot: QtBot, kiosk: Kiosk):
    window = kiosk.window
    window.set_language("ur")
    open_question(window, "call_back", "name")
    keyboard, box = shown(qtbot, window)
    assert keyboard.layout_shown().id == "ur"
    tap_keys(qtbot, keyboard, "ع", "ل", "ی", _("Space"))
    tap(qtbot, control(keyboard, "english", "on"))
    assert keyboard.layout_shown().id == "en"
    back = control(keyboard, "english", "off")
    assert back.words() == BY_CODE["ur"].native  # the way back is named in its own script
    tap(qtbot, control(keyboard, "layer", "second"))
    tap_keys(qtbot, keyboard, "A", "l", "i")
    tap(qtbot, back)
    tap_keys(qtbot, keyboard, _("Space"))
    tap(qtbot, control(keyboard, "layer", "second"))  # more letters, for one letter
    tap_keys(qtbot, keyboard, "خ", "\u0627", "ن")
    assert box.text() == "علی Ali خان"
    continue_(qtbot, window)
    assert window.journey.answer("name") == "علی Ali خان"


def test_the_layout_follows_a_language_change_and_the_box_keeps_its_text(
    qtbot: QtBot, kiosk: Kiosk
):
    window = kiosk.window
    open_question(window, "call_back", "name")
    keyboard, box = shown(qtbot, window)
    tap_keys(qtbot, keyboard, "a", "n", "n")
    for code in ("pl", "ar", "en"):
        window.show_languages()
        window.set_language(code)
        keyboard, box = shown(qtbot, window)
        assert keyboard.layout_shown().id == code
        assert box.text() == "ann"
    assert keyboard.choice().english is None


def x_of(keyboard: OnScreenKeyboard, types: str) -> int:
    return keyboard.key(types).geometry().x()


@pytest.mark.parametrize("code", ["ur", "ar", "fa"])
def test_arabic_script_letters_run_right_to_left_number_pads_do_not(
    qtbot: QtBot, kiosk: Kiosk, code: str
):
    window = kiosk.window
    window.set_language(code)
    open_question(window, "call_back", "name")
    keyboard, _box = shown(qtbot, window)
    first_row = keyboard.layout_shown().letters.rows[0]
    xs = [x_of(keyboard, key.types) for key in first_row]
    assert xs == sorted(xs, reverse=True)  # the first key, in reading order, at the right
    tap(qtbot, control(keyboard, "english", "on"))
    assert x_of(keyboard, "q") < x_of(keyboard, "w") < x_of(keyboard, "p")  # QWERTY as ever
    tap(qtbot, control(keyboard, "layer", "symbols"))
    assert x_of(keyboard, "1") < x_of(keyboard, "2") < x_of(keyboard, "0")
    window.answer("Ali Khan")
    keyboard, _box = shown(qtbot, window)
    assert keyboard.layout_shown().id == "phone"
    assert x_of(keyboard, "1") < x_of(keyboard, "2") < x_of(keyboard, "3")


def test_hide_keyboard_and_tap_the_box_to_have_it_back(qtbot: QtBot, kiosk: Kiosk):
    window = kiosk.window
    open_question(window, "call_back", "name")
    keyboard, box = shown(qtbot, window)
    tap(qtbot, control(keyboard, "hide"))
    assert not keyboard.isVisible() and box.hasFocus()
    qtbot.keyClicks(box, "Ann")  # a physical keyboard still types
    tap(qtbot, box)
    qtbot.waitUntil(keyboard.isVisible)
    tap_keys(qtbot, keyboard, "e")
    assert box.text() == "Anne"


def test_in_talk_mode_a_key_is_heard_first_and_the_box_keeps_the_caret(qtbot: QtBot, kiosk: Kiosk):
    window = kiosk.window
    window.speech = Speech(program="no-such-synthesiser")
    open_question(window, "call_back", "name")
    keyboard, box = shown(qtbot, window)
    window.set_talk_mode(True)
    key = keyboard.key("b")
    tap(qtbot, key)
    assert box.text() == "" and key.hasFocus()  # heard, not typed
    tap(qtbot, key)
    assert box.text() == "b" and box.hasFocus()


def test_the_call_back_form_with_on_screen_keys_alone(qtbot: QtBot, kiosk: Kiosk):
    window = kiosk.window
    tap(qtbot, window.home.buttons["call_back"])
    tap(qtbot, window.question.editor.buttons["council_tax"])
    continue_(qtbot, window)
    keyboard, _box = shown(qtbot, window)
    tap(qtbot, control(keyboard, "layer", "second"))
    tap_keys(qtbot, keyboard, "A", "l", "i", _("Space"))
    tap(qtbot, control(keyboard, "layer", "second"))
    tap_keys(qtbot, keyboard, "K", "h", "a", "n")
    continue_(qtbot, window)
    keyboard, _box = shown(qtbot, window)
    tap_keys(qtbot, keyboard, *"01709336000")
    continue_(qtbot, window)
    tap(qtbot, window.question.editor.buttons["morning"])
    continue_(qtbot, window)
    keyboard, _box = shown(qtbot, window)  # the note: a long text box
    tap_keys(qtbot, keyboard, "n", "o", _("Space"), "p", "e", "t", "s")
    continue_(qtbot, window)
    assert window.current_screen() is window.check
    answers = {q.id: window.journey.answer(q.id) for q, _ in window.journey.summary()}
    assert answers["name"] == "Ali Khan"
    assert answers["phone"].national == "01709 336000"
    assert answers["note"] == "no pets"


# -- every key, every size, every language ------------------------------------------------


def key_problems(window: MainWindow, keyboard: OnScreenKeyboard, look: str) -> list[str]:
    found = []
    keys = keyboard.shown_keys()
    places = {key: QRect(key.mapTo(window, key.rect().topLeft()), key.size()) for key in keys}
    for key in keys:
        what = f"{look}: key '{key.label}'"
        place = places[key]
        if not key.accessibleName().strip():
            found.append(f"{what} has no name")
        if min(place.width(), place.height()) < MIN_TARGET:
            found.append(f"{what} is {place.width()}x{place.height()}")
        if place.left() < 0 or place.right() >= window.width():
            found.append(f"{what} is off the screen")
        metrics = QFontMetrics(key.label_font())
        inner = key.width() - key.frame()
        overhang = key.label_width() - metrics.horizontalAdvance(key.label)
        words = key.control and key.label_width() > inner  # a word wraps onto a second line
        widest = widest_unbreakable(key.label, metrics) + overhang if words else key.label_width()
        if widest > inner:
            found.append(f"{what}: its label is {widest} px wide in a key {key.width()} wide")
        if key.height() < key.heightForWidth(key.width()):
            found.append(f"{what}: its label is cut off ({key.height()} px tall)")
    for first, second in itertools.combinations(keys, 2):
        a, b = places[first], places[second]
        apart = max(
            b.left() - a.right(), a.left() - b.right(), b.top() - a.bottom(), a.top() - b.bottom()
        )
        if apart - 1 < MIN_GAP:
            found.append(
                f"{look}: keys '{first.label}' and '{second.label}' are {apart - 1} px apart"
            )
    return found


def every_layer(qtbot: QtBot, window: MainWindow, look: str) -> list[str]:
    """Each kind of box's keyboard, each of its layers (and English letters behind "ABC")."""
    keyboard = window.question.keyboard
    box = keyboard.target()
    found = []
    for kind in ("text", "email", *KEYPADS):
        keyboard.attach(box, kind)
        keyboard.open(box, scroll=False)
        QApplication.processEvents()
        layout = keyboard.layout_shown()
        layers = ["letters"] if layout.keypad else ["letters", "second", "symbols"]
        for english in (False, True) if keyboard.choice().english else (False,):
            if english:
                tap(qtbot, control(keyboard, "layer", "letters"))
                tap(qtbot, control(keyboard, "english", "on"))
            for layer in layers:
                if keyboard.layer_shown() != layer:
                    tap(qtbot, control(keyboard, "layer", layer))
                found += key_problems(window, keyboard, f"{look} {kind} {layer}")
            if english:
                tap(qtbot, control(keyboard, "layer", "letters"))
                tap(qtbot, control(keyboard, "english", "off"))
    return found


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920)])
def test_every_key_is_big_enough_and_apart_at_every_text_size(
    qtbot: QtBot, kiosk: Kiosk, size: tuple[int, int]
):
    window = kiosk.window
    window.resize(*size)
    found = []
    for scale in (1.0, 1.5, 2.0):
        window.finish()
        window.set_scale(scale)
        open_question(window, "call_back", "name")
        shown(qtbot, window)
        found += every_layer(qtbot, window, f"{size} {scale}")
    assert found == [], "\n".join(found)


def test_every_key_is_named_and_its_label_fits_in_every_language(qtbot: QtBot, kiosk: Kiosk):
    window = kiosk.window
    window.resize(1080, 1920)  # the narrowest keys: portrait, largest text
    found = []
    for code in offered():
        window.finish()
        window.set_scale(2.0)
        window.set_language(code)
        open_question(window, "call_back", "name")
        shown(qtbot, window)
        found += every_layer(qtbot, window, code)
    assert found == [], "\n".join(found)


def test_every_character_on_every_layout_is_in_its_languages_fonts(qapp):
    layouts = shipped_keyboards().layouts
    for code, layout in layouts.items():
        # A language's own letters in its fonts; English letters and the keypads in them all.
        families = (
            [BY_CODE[code].fonts]
            if code in BY_CODE and code != "en"
            else [language.fonts for language in BY_CODE.values()]
        )
        for fonts, character in itertools.product(families, layout.characters()):
            if unicodedata.category(character) != "Cf":
                assert covers(fonts, character), (code, f"U+{ord(character):04X}", fonts)


def test_keys_never_take_the_focus(qtbot: QtBot, kiosk: Kiosk):
    window = kiosk.window
    open_question(window, "call_back", "name")
    keyboard, box = shown(qtbot, window)
    assert all(key.focusPolicy() == Qt.FocusPolicy.NoFocus for key in keyboard.shown_keys())
    box.setText("ab")
    box.setCursorPosition(1)
    tap_keys(qtbot, keyboard, "x", _("Delete"), "y")
    assert box.text() == "ayb" and box.cursorPosition() == 2 and box.hasFocus()


def test_one_call_gives_a_box_on_another_screen_the_keyboard(qtbot: QtBot, kiosk: Kiosk):
    from ui.widgets.common import Page
    from ui.widgets.keyboard import attach_keyboard

    page = Page()
    box = QLineEdit()
    box.setAccessibleName("Your booking reference")
    page.column.addWidget(box)
    kiosk.window.stack.addWidget(page)
    kiosk.window.show_screen(page)
    keyboard = attach_keyboard(box, kind="postcode")
    assert attach_keyboard(box, kind="postcode") is keyboard  # one keyboard a page
    box.setFocus()
    qtbot.waitUntil(keyboard.isVisible)
    assert keyboard.layout_shown().id == "postcode"
    assert keyboard.geometry().top() > box.geometry().bottom()  # under the box
    tap_keys(qtbot, keyboard, "R", "B", "4", "8")
    assert box.text() == "RB48"
