"""Every form, end to end, through taps and typing: the outbox row holds what was entered."""

import pytest
from pytestqt.qtbot import QtBot

from kiosk.forms.journey import FormJourney
from kiosk.forms.loader import load_forms
from kiosk.references import normalise
from kiosk.sample_answers import sample_raw
from tests.ui.conftest import continue_, enter, tap
from ui.app import Kiosk

FORMS, _problems = load_forms()
FORM_IDS = [form.id for form in FORMS]


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_every_form_from_home_to_receipt(qtbot: QtBot, kiosk: Kiosk, form_id: str):
    window = kiosk.window
    form = window.forms[form_id]
    # The same answers given to the domain alone: the screen must hand them over unchanged.
    mirror = FormJourney(form, today=window.today)
    if form.home:
        tap(qtbot, window.home.buttons[form_id])
    else:
        window.open_tile(form_id)  # the feedback form is offered after a receipt instead
    pages = 0
    while window.current_screen() is window.question:
        question = window.journey.current
        raw = sample_raw(question, window.today())
        enter(qtbot, window, raw)
        assert mirror.submit(raw) == []
        continue_(qtbot, window)
        pages += 1
        assert pages < 60
    assert window.current_screen() is window.check
    assert [q.id for q, _ in window.journey.summary()] == [q.id for q, _ in mirror.summary()]
    tap(qtbot, window.check.submit)
    qtbot.waitUntil(lambda: window.current_screen() is not window.check, timeout=10_000)

    rows = kiosk.outbox.list()
    assert len(rows) == 1
    row = rows[0]
    assert row.kind == form.kind
    assert row.payload["answers"] == mirror.payload()
    assert row.payload["form"] == form_id
    assert row.payload["departments"] == mirror.departments()
    if form.offered_at_end:
        assert window.current_screen() is window.notice  # "Thank you for your feedback"
        return
    assert window.current_screen() is window.receipt_screen
    assert window.receipt_screen.reference.text() == row.reference == normalise(row.reference)
    assert window.receipt_screen.steps.count() == len(mirror.next_steps())
    tap(qtbot, window.receipt_screen.finish)
    assert window.current_screen() is window.home
