"""The citizen journey's behaviour on the real screens: conditional pages, errors, Back and
Change, the emergency stop, a refusing outbox, printing, a language switch."""

import contextlib
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from kiosk.formatting import keep_numbers_whole
from kiosk.sample_answers import sample_raw
from offline_queue import Outbox, OutboxFull
from tests.ui.conftest import continue_, enter, tap, type_text
from ui import printing
from ui.app import Kiosk
from ui.main_window import MainWindow


def start(qtbot: QtBot, window: MainWindow, form_id: str) -> None:
    tap(qtbot, window.home.buttons[form_id])
    assert window.current_screen() is window.question


def answer(qtbot: QtBot, window: MainWindow, raw: object) -> None:
    enter(qtbot, window, raw)
    continue_(qtbot, window)


def page(window: MainWindow) -> str:
    assert window.journey is not None and window.journey.current is not None
    return window.journey.current.id


def complete(qtbot: QtBot, window: MainWindow) -> None:
    while window.current_screen() is window.question:
        answer(qtbot, window, sample_raw(window.journey.current, window.today()))


def test_conditional_pages_follow_the_answers(qtbot: QtBot, kiosk: Kiosk):
    window = kiosk.window
    start(qtbot, window, "street_problem")
    answer(qtbot, window, "fly_tipping")
    assert page(window) == "waste_type"
    tap(qtbot, window.question.back)
    assert page(window) == "problem"
    assert window.question.editor.buttons["fly_tipping"].isChecked()  # Back keeps the answer
    answer(qtbot, window, "abandoned_vehicle")
    assert page(window) == "vehicle_registration"
    answer(qtbot, window, "AB12 CDE")
    answer(qtbot, window, "Blue estate car")
    assert page(window) == "location_method"
    answer(qtbot, window, "landmark")
    assert page(window) == "location_landmark"
    complete(qtbot, window)
    asked = [q.id for q, _ in window.journey.summary()]
    assert "waste_type" not in asked and "location_postcode" not in asked
    assert {"vehicle_registration", "location_landmark"} <= set(asked)


def test_error_summary_and_field_error_then_a_fix(qtbot: QtBot, kiosk: Kiosk):
    window = kiosk.window
    start(qtbot, window, "street_problem")
    answer(qtbot, window, "graffiti")
    answer(qtbot, window, "postcode")
    assert page(window) == "location_postcode"
    answer(qtbot, window, "XX1")
    screen = window.question
    assert page(window) == "location_postcode"  # stayed on the page
    assert screen.summary.isVisible()
    assert "Enter a real postcode" in screen.error_messages.text()
    assert screen.editor.raw() == "XX1"  # what was typed is still there
    links = [w for w in screen.summary.findChildren(QLabel)]  # heading
    assert links and links[0].text() == "There is a problem"
    # The summary's link takes the citizen to the box at fault.
    screen.editor.edit.clearFocus()
    link = screen.summary.body.itemAt(1).widget()
    tap(qtbot, link)
    assert screen.editor.edit.hasFocus()
    answer(qtbot, window, "s65 1uf")
    assert window.journey.answer("location_postcode") == "S65 1UF"


@pytest.mark.parametrize(
    ("form_id", "steps", "raw", "message"),
    [
        ("call_back", ["council_tax", "Sam Sample"], "01709 ABC DEF", "phone number"),
        ("complaint", ["complaint", "council_tax"], "x" * 10_000, "1,200 characters or fewer"),
        ("call_back", ["council_tax"], "Sam \u202esample\u202c", "hidden characters"),
    ],
)
def test_bad_input_gets_a_clear_message_and_keeps_the_answer(
    qtbot: QtBot, kiosk: Kiosk, form_id, steps, raw, message
):
    window = kiosk.window
    start(qtbot, window, form_id)
    for step in steps:
        answer(qtbot, window, step)
    answer(qtbot, window, raw)
    assert message in window.question.error_messages.text()
    assert window.question.editor.raw() == raw
    assert kiosk.outbox.list() == []


def test_long_text_counts_down_and_warns(qtbot: QtBot, kiosk: Kiosk):
    window = kiosk.window
    start(qtbot, window, "complaint")
    answer(qtbot, window, "complaint")
    answer(qtbot, window, "council_tax")
    editor = window.question.editor
    assert editor.counter.text() == "You have 1,200 characters remaining"
    type_text(qtbot, editor.edit, "x" * 1203)
    assert editor.counter.text() == "You have 3 characters too many"


VERBATIM = "Robert'); DROP TABLE submissions;-- <b>not bold</b> 😡 اردو"


def test_code_and_markup_are_stored_and_shown_as_plain_text(qtbot: QtBot, kiosk: Kiosk):
    window = kiosk.window
    start(qtbot, window, "complaint")
    answer(qtbot, window, "complaint")
    answer(qtbot, window, "council_tax")
    answer(qtbot, window, VERBATIM)
    complete(qtbot, window)
    shown = [label for label in window.check.findChildren(QLabel) if label.text() == VERBATIM]
    assert shown and all(label.textFormat() == Qt.TextFormat.PlainText for label in shown)
    tap(qtbot, window.check.submit)
    qtbot.waitUntil(lambda: window.current_screen() is window.receipt_screen, timeout=10_000)
    assert kiosk.outbox.list()[0].payload["answers"]["what_happened"] == VERBATIM


def test_change_link_returns_to_check_answers(qtbot: QtBot, kiosk: Kiosk):
    window = kiosk.window
    start(qtbot, window, "call_back")
    complete(qtbot, window)
    assert window.current_screen() is window.check
    window.check.change_clicked.emit("name")  # the Change link of the name row
    assert page(window) == "name"
    assert window.question.editor.raw() == "Sample Answer"
    answer(qtbot, window, "Pat Example")
    assert window.current_screen() is window.check
    assert ("name", "Pat Example") in [(q.id, text) for q, text in window.journey.summary()]


@pytest.mark.parametrize(
    "choice", ["gas", "carbon_monoxide", "flooding", "no_heating", "electrics"]
)
def test_emergency_answers_stop_the_form_and_say_what_to_do(
    qtbot: QtBot, kiosk: Kiosk, choice: str
):
    window = kiosk.window
    start(qtbot, window, "housing_repair")
    value = next(c.value for c in window.journey.current.choices if c.emergency == choice)
    answer(qtbot, window, value)
    assert window.current_screen() is window.emergency
    emergency = window.forms["housing_repair"].emergencies[choice]
    assert window.emergency.phone.text() == keep_numbers_whole(emergency.phone)
    assert "has not been sent" in window.emergency.not_sent.text()
    assert kiosk.outbox.list() == []
    tap(qtbot, window.emergency.finish)
    assert window.current_screen() is window.home


def test_a_refusing_outbox_gets_a_calm_message_and_keeps_the_answers(
    qtbot: QtBot, kiosk: Kiosk, tmp_path: Path
):
    window = kiosk.window
    full = Outbox(tmp_path / "full.sqlite3", max_size_bytes=64 * 1024)
    with pytest.raises(OutboxFull):  # filled to the last byte of the last page
        for size in (4000, 400, 40, 1):
            with contextlib.suppress(OutboxFull):
                while True:
                    full.enqueue("filler", {"x": "y" * size})
        full.enqueue("filler", {})
    window.parts.submissions._outbox = full  # the same service, now over a full disk
    try:
        start(qtbot, window, "call_back")
        complete(qtbot, window)
        tap(qtbot, window.check.submit)
        qtbot.waitUntil(lambda: window.check.problem.isVisible(), timeout=10_000)
        assert window.current_screen() is window.check  # the answers stay on screen
        assert "show this screen to a member of staff" in window.check.problem_text.text()
        shown = [w.text() for w in window.check.findChildren(QLabel) if w.isVisible()]
        assert "Sample Answer" in shown
        assert window.check.submit.isEnabled() and window.header.isEnabled()
        assert full.list(status=None)[-1].kind == "filler"  # nothing half-stored
    finally:
        full.close()


def test_print_the_receipt_to_pdf(qtbot: QtBot, kiosk: Kiosk, tmp_path: Path):
    window = kiosk.window
    pdf = tmp_path / "receipt.pdf"
    window.parts.printer = lambda: printing.pdf_printer(str(pdf))
    start(qtbot, window, "complaint")
    complete(qtbot, window)
    tap(qtbot, window.check.submit)
    qtbot.waitUntil(lambda: window.current_screen() is window.receipt_screen, timeout=10_000)
    tap(qtbot, window.receipt_screen.print_button)
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    reference = kiosk.outbox.list()[0].reference
    assert reference in text
    assert "We will acknowledge your complaint by" in text
    assert "Printing" in window.receipt_screen.print_status.text()


def test_switching_language_mid_question_keeps_the_typing_and_mirrors(qtbot: QtBot, kiosk: Kiosk):
    window = kiosk.window
    start(qtbot, window, "call_back")
    answer(qtbot, window, "council_tax")
    qtbot.keyClicks(window.question.editor.edit, "Half typed")
    # Only English has a catalogue yet, so the picker offers only it; choose Urdu directly.
    tap(qtbot, window.header.language)
    window.set_language("ur")
    assert window.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert window.current_screen() is window.question
    assert window.question.editor.raw() == "Half typed"
    tap(qtbot, window.header.language)
    window.set_language("en")
    assert window.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert window.question.editor.raw() == "Half typed"
