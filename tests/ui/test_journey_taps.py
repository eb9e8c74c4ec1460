"""Paths through the real screens that only taps reach: a Change link, the feedback offered on
a receipt, what a receipt shows (reference, dates, QR code, departments), number and consent
questions, and a broken form in the forms folder at start-up."""

import logging
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QFrame, QLabel, QLayout
from pytestqt.qtbot import QtBot

from kiosk.forms.loader import DEFAULT_FORMS_DIR
from kiosk.qr import qr_modules
from kiosk.references import normalise
from kiosk.sample_answers import sample_raw
from kiosk.settings import load_settings
from tests.support import FakeClock
from tests.ui.conftest import continue_, enter, tap
from tests.ui.test_journey_screens import answer, complete, page, start
from ui.app import Kiosk, build_kiosk
from ui.main_window import MainWindow
from ui.widgets.wrap_button import WrapButton

TRACKING = "https://riverside.example.gov.uk/track/{reference}"  # the default setting


@pytest.fixture
def monday_morning(clock: FakeClock) -> FakeClock:
    """Monday 23 November 2026, 10am where the kiosk is: deadlines fall on known days."""
    clock.now = datetime(2026, 11, 23, 10, 0).astimezone()
    return clock


def summary_rows(window: MainWindow) -> dict[str, tuple[str, WrapButton]]:
    """Check your answers, row by row: question → (the answer shown, its Change link)."""
    rows = {}
    for row in window.check.findChildren(QFrame, "SummaryRow"):
        question, shown = (w.text() for w in row.findChildren(QLabel))
        (change,) = [b for b in row.findChildren(WrapButton) if b.objectName() == "Link"]
        rows[question] = (shown, change)
    return rows


def answer_all(qtbot: QtBot, window: MainWindow, given: dict[str, Any]) -> None:
    """Answer every page as given by question id, the others with a plausible sample."""
    while window.current_screen() is window.question:
        question = window.journey.current
        answer(qtbot, window, given.get(question.id, sample_raw(question, window.today())))


def send(qtbot: QtBot, window: MainWindow) -> None:
    assert window.current_screen() is window.check
    tap(qtbot, window.check.submit)
    qtbot.waitUntil(lambda: window.current_screen() is not window.check, timeout=10_000)


def texts(layout: QLayout) -> list[str]:
    """The words of the labels in a layout, in order."""
    found = []
    for index in range(layout.count()):
        widget = layout.itemAt(index).widget()
        if isinstance(widget, QLabel):
            found.append(widget.text())
    return found


def test_a_tapped_change_link_changes_one_answer_and_comes_back(qtbot: QtBot, kiosk: Kiosk):
    window = kiosk.window
    start(qtbot, window, "call_back")
    complete(qtbot, window)
    before = {question: shown for question, (shown, _link) in summary_rows(window).items()}
    assert before["What do you want to talk to us about?"] == "Council Tax"

    _shown, change = summary_rows(window)["What do you want to talk to us about?"]
    assert change.accessibleName() == (
        "Change your answer to: What do you want to talk to us about?"
    )
    tap(qtbot, change)
    assert window.current_screen() is window.question and page(window) == "topic"
    assert window.question.editor.buttons["council_tax"].isChecked()  # the answer given
    enter(qtbot, window, "waste")
    continue_(qtbot, window)

    assert window.current_screen() is window.check  # straight back, not on to the next page
    after = {question: shown for question, (shown, _link) in summary_rows(window).items()}
    assert after["What do you want to talk to us about?"] == "Bins, recycling and waste"
    del before["What do you want to talk to us about?"]
    del after["What do you want to talk to us about?"]
    assert after == before
    send(qtbot, window)
    assert kiosk.outbox.list()[0].payload["answers"]["topic"] == "waste"


def test_tell_us_how_we_did_after_a_receipt_reaches_the_outbox_on_its_own(
    qtbot: QtBot, kiosk: Kiosk
):
    window = kiosk.window
    start(qtbot, window, "call_back")
    complete(qtbot, window)
    send(qtbot, window)
    receipt = window.receipt_screen
    assert window.current_screen() is receipt
    assert receipt.feedback.words() == "Tell us how we did (optional)"

    tap(qtbot, receipt.feedback)
    assert window.current_screen() is window.question and page(window) == "rating"
    assert window.header.home.isHidden()  # a form has Back, not Home
    answer(qtbot, window, "4")  # "Good"
    assert page(window) == "comment"
    answer(qtbot, window, "The staff were kind.")
    rows = summary_rows(window)
    assert rows["How was your visit today?"][0] == "Good"
    send(qtbot, window)

    assert window.current_screen() is window.notice
    assert window.notice.title.text() == "Thank you for your feedback"
    assert window.notice.finish.isVisible()
    request, feedback = kiosk.outbox.list()
    assert (request.kind, feedback.kind) == ("call_back", "feedback")
    assert feedback.reference != request.reference
    assert feedback.payload["form"] == "feedback"
    assert feedback.payload["answers"] == {"rating": "4", "comment": "The staff were kind."}
    assert "name" not in feedback.payload["answers"]  # nothing of the request travels with it
    tap(qtbot, window.notice.finish)
    assert window.current_screen() is window.home


def test_the_receipt_shows_the_reference_the_dates_and_a_qr_code_to_follow_it(
    qtbot: QtBot, kiosk: Kiosk, monday_morning: FakeClock
):
    window = kiosk.window
    start(qtbot, window, "call_back")
    complete(qtbot, window)  # the sample answers ask for a call in the morning
    send(qtbot, window)
    screen = window.receipt_screen
    (row,) = kiosk.outbox.list()

    reference = screen.reference.text()
    assert reference == row.reference == normalise(reference)  # the check character holds
    assert re.fullmatch(r"TT[0-9A-Z]{2}-[0-9A-Z]{3}-[0-9A-Z]{3}", reference)
    assert texts(screen.steps) == [
        "We will call you by Tuesday 24 November 2026, in the morning between 9am and 12:30pm.",
        "If we cannot reach you, we will try again the next working day.",
    ]
    assert not screen.departments_heading.isVisible()  # a call back goes to no other team

    url = TRACKING.format(reference=reference)
    assert screen.qr_url.accessibleName() == url
    assert screen.qr_url.text().replace("\u200b", "") == url
    # No QR decoder is installed: check the widget draws the modules of the tracking address.
    modules = qr_modules(url)
    image = screen.qr.grab().toImage()
    cell = image.width() / len(modules)
    drawn = [
        [
            image.pixelColor(int((x + 0.5) * cell), int((y + 0.5) * cell)).lightness() < 128
            for x in range(len(modules))
        ]
        for y in range(len(modules))
    ]
    assert drawn == modules


def test_tell_us_once_lists_every_department_the_answers_reach(
    qtbot: QtBot, kiosk: Kiosk, monday_morning: FakeClock
):
    window = kiosk.window
    start(qtbot, window, "tell_us_once")
    answer_all(
        qtbot,
        window,
        {
            "what_changed": ["someone_left"],
            "services_used": ["benefits", "blue_badge", "waste"],
            "email": "",
        },
    )
    send(qtbot, window)
    screen = window.receipt_screen
    # The routes in assets/forms/tell_us_once.yaml: every change reaches Council Tax and
    # electoral registration; each service ticked reaches its own team.
    expected = [
        "Council Tax team",
        "Electoral registration team",
        "Housing Benefit and Council Tax Support team",
        "Blue Badge team",
        "Bin collections team",
    ]
    assert screen.departments_heading.isVisible()
    assert screen.departments_heading.text() == "We have passed this on to"
    assert texts(screen.departments) == ["• " + name for name in expected]
    assert kiosk.outbox.list()[0].payload["departments"] == expected
    assert (
        "We will update our records by Monday 7 December 2026, and contact you if we need "
        "anything else." in texts(screen.steps)
    )


def test_tell_us_once_not_sure_still_reaches_the_two_teams_for_everyone(qtbot: QtBot, kiosk: Kiosk):
    window = kiosk.window
    start(qtbot, window, "tell_us_once")
    answer_all(qtbot, window, {"what_changed": ["moved_home"], "services_used": ["not_sure"]})
    send(qtbot, window)
    assert texts(window.receipt_screen.departments) == [
        "• Council Tax team",
        "• Electoral registration team",
    ]


# -- forms of the council's own, from a folder of forms -------------------------------------

SURVEY = """\
id: bike_survey
kind: bike_survey
services: [transport]
title: Bike parking survey
summary: Tell us about the bikes in your home
home: true
order: 10
questions:
  - id: bikes
    type: number
    label: How many bikes are there in your home?
    error: Enter how many bikes there are in your home
    min: 1
    max: 12
    whole_number: true
  - id: agree
    type: consent
    label: Can we contact you about bike parking near your home?
    error: Tick the box if we can contact you
next_steps:
  - text: We will use your answers to plan bike parking.
"""

BROKEN_TYPE = """\
id: broken_type
kind: broken_type
services: [transport]
title: A form with a mistake
summary: Its question has a type no kiosk knows
home: true
order: 20
questions:
  - id: colour
    type: colour
    label: What colour is it?
next_steps:
  - text: Thank you.
"""

BROKEN_YAML = """\
id: broken_yaml
title: Not YAML at all
questions:
  - id: x
    label: [unclosed
"""


@pytest.fixture
def kiosk_on(qtbot: QtBot, tmp_path: Path, clock: FakeClock) -> Iterator[Callable[[Path], Kiosk]]:
    """Start a kiosk on a folder of forms, as KIOSK_FORMS_DIR names one."""
    started: list[Kiosk] = []

    def start_on(forms: Path) -> Kiosk:
        environment = {"KIOSK_DATA_DIR": str(tmp_path / "data"), "KIOSK_FORMS_DIR": str(forms)}
        settings = replace(load_settings(None, environment), kiosk_code="TT")
        built = build_kiosk(settings, clock=clock, start_sync=False)
        started.append(built)
        built.window.ticker.stop()
        qtbot.addWidget(built.window)
        built.window.resize(1920, 1080)
        built.window.show()
        qtbot.waitExposed(built.window)
        return built

    yield start_on
    for built in started:
        built.close()


def forms_folder(tmp_path: Path, files: dict[str, str], shipped: tuple[str, ...] = ()) -> Path:
    folder = tmp_path / "forms"
    folder.mkdir()
    for name in shipped:
        shutil.copy(DEFAULT_FORMS_DIR / name, folder / name)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_a_number_and_a_consent_question_on_the_screens(
    qtbot: QtBot, tmp_path: Path, kiosk_on: Callable[[Path], Kiosk]
):
    kiosk = kiosk_on(forms_folder(tmp_path, {"bike_survey.yaml": SURVEY}))
    window = kiosk.window
    start(qtbot, window, "bike_survey")
    screen = window.question
    assert window.question.editor.edit.property("keyboard") == "number"

    for typed, message in [
        ("0", "Enter a number from 1 to 12"),
        ("a few", "Enter a number, like 12"),
        ("2.5", "Enter a whole number, like 12"),
        ("", "Enter how many bikes there are in your home"),
    ]:
        answer(qtbot, window, typed)
        assert page(window) == "bikes", typed
        links = [b.words() for b in screen.summary.findChildren(WrapButton)]
        assert screen.summary.isVisible() and links == [message]  # at the top
        assert screen.error_messages.isVisible()
        assert screen.error_messages.text() == message  # beside the field
        assert screen.editor.edit.property("error") is True
        assert screen.editor.raw() == typed  # what was typed stays
    answer(qtbot, window, "3")

    assert page(window) == "agree"
    assert not screen.summary.isVisible()
    continue_(qtbot, window)  # not ticked
    assert page(window) == "agree"
    assert screen.error_messages.text() == "Tick the box if we can contact you"
    assert [b.words() for b in screen.summary.findChildren(WrapButton)] == [
        "Tick the box if we can contact you"
    ]
    enter(qtbot, window, True)
    assert screen.editor.box.isChecked()
    continue_(qtbot, window)

    assert window.current_screen() is window.check
    shown = {question: text for question, (text, _link) in summary_rows(window).items()}
    assert shown == {
        "How many bikes are there in your home?": "3",
        "Can we contact you about bike parking near your home?": "Yes",
    }
    send(qtbot, window)
    assert window.current_screen() is window.receipt_screen
    (row,) = kiosk.outbox.list()
    assert row.kind == "bike_survey"
    assert row.payload["answers"] == {"bikes": 3, "agree": True}


def test_a_broken_form_is_logged_and_left_off_the_home_screen(
    qtbot: QtBot,
    tmp_path: Path,
    kiosk_on: Callable[[Path], Kiosk],
    caplog: pytest.LogCaptureFixture,
):
    folder = forms_folder(
        tmp_path,
        {"broken_type.yaml": BROKEN_TYPE, "broken_yaml.yaml": BROKEN_YAML},
        shipped=("call_back.yaml", "complaint.yaml"),
    )
    with caplog.at_level(logging.ERROR, logger="ui.app"):
        kiosk = kiosk_on(folder)
    logged = [r.getMessage() for r in caplog.records if r.name == "ui.app"]
    assert len(logged) == 2
    assert re.fullmatch(r"Form not loaded: broken_type\.yaml, line 10: .*colour.*", logged[0])
    assert logged[1].startswith("Form not loaded: broken_yaml.yaml, line 6: this is not valid YAML")
    buttons = kiosk.window.home.buttons
    assert {"call_back", "complaint"} <= set(buttons)
    assert not {"broken_type", "broken_yaml"} & set(buttons)
    shown = [button.words() for button in buttons.values()]
    assert "A form with a mistake" not in shown
    assert all(button.isVisible() for button in buttons.values())
    tap(qtbot, buttons["call_back"])  # the good forms still work
    assert kiosk.window.current_screen() is kiosk.window.question and page(kiosk.window) == "topic"
