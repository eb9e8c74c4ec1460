"""Queue tickets through the real screens: the kiosk's "Take a ticket", a desk terminal and the
wall display, all talking to a real hub over HTTP on 127.0.0.1."""

import subprocess
import wave
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from kiosk.callout import Announcer, Chime
from kiosk.speech import Speech
from kiosk.tickets.client import HubClient
from kiosk.tickets.hub import HubServer
from kiosk.tickets.queue import TicketQueue
from tests.support import FakeClock
from tests.ui.conftest import tap, type_text
from ui.app import Kiosk
from ui.desk import DeskWindow
from ui.ticketing import TicketFlow
from ui.wall_display import WallDisplay


def open_tickets(qtbot: QtBot, kiosk: Kiosk) -> TicketFlow:
    """Tap Take a ticket on the home screen: the choice of services is shown."""
    window = kiosk.window
    tap(qtbot, window.home.buttons["ticket"])
    flow = window.tickets
    assert flow is not None and window.current_screen() is flow.choice
    return flow


def take(qtbot: QtBot, kiosk: Kiosk, service: str) -> None:
    window = kiosk.window
    flow = window.tickets
    assert flow is not None
    tap(qtbot, flow.choice.buttons[service])
    qtbot.waitUntil(lambda: window.current_screen() is flow.ticket, timeout=10_000)


def pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_no_ticket_tile_where_the_site_has_no_queue(kiosk: Kiosk):
    assert "ticket" not in kiosk.window.home.buttons


def test_the_ticket_tile_comes_first_where_the_site_has_a_queue(ticket_kiosk: Kiosk):
    assert next(iter(ticket_kiosk.window.home.buttons)) == "ticket"


def test_take_a_ticket_shows_number_wait_qr_and_prints(
    qtbot: QtBot, ticket_kiosk: Kiosk, queue: TicketQueue, tmp_path: Path
):
    queue.issue("council_tax")  # someone is already waiting
    window = ticket_kiosk.window
    flow = open_tickets(qtbot, ticket_kiosk)
    take(qtbot, ticket_kiosk, "council_tax")
    screen = flow.ticket
    assert screen.number.text() == "C002"
    assert "1 person ahead of you" in screen.ahead.text()
    assert "minute" in screen.wait.text()
    (issued,) = [t for t in queue.waiting() if t.number == "C002"]
    assert not issued.extra_help and issued.appointment is None and issued.language == "en"
    text = pdf_text(tmp_path / "ticket.pdf")
    assert "C002" in text and "Council Tax" in text
    assert "Printing" in screen.print_status.text()
    # Home is not offered over the ticket; Finish wipes it.
    assert window.header.home.isHidden()
    tap(qtbot, screen.finish)
    assert window.current_screen() is window.home and not flow.active
    assert screen.number.text() == ""


def test_how_did_we_do_is_offered_once_the_ticket_is_taken(qtbot: QtBot, ticket_kiosk: Kiosk):
    window = ticket_kiosk.window
    flow = open_tickets(qtbot, ticket_kiosk)
    take(qtbot, ticket_kiosk, "council_tax")
    assert flow.ticket.feedback.isVisible()
    tap(qtbot, flow.ticket.feedback)
    assert not flow.active and flow.ticket.number.text() == ""
    assert window.current_screen() is window.question
    assert window.journey is not None and window.journey.form.id == "feedback"


def test_extra_help_marks_the_ticket_for_staff(
    qtbot: QtBot, ticket_kiosk: Kiosk, queue: TicketQueue
):
    flow = open_tickets(qtbot, ticket_kiosk)
    tap(qtbot, flow.choice.extra_help)
    assert flow.choice.extra_help.isChecked()
    take(qtbot, ticket_kiosk, "housing")
    (ticket,) = queue.waiting()
    assert ticket.extra_help and ticket.number == "H001"
    assert "extra help" in flow.ticket.noted.text()


def test_appointment_check_in_refuses_a_bad_reference_then_issues(
    qtbot: QtBot, ticket_kiosk: Kiosk, queue: TicketQueue
):
    window = ticket_kiosk.window
    flow = open_tickets(qtbot, ticket_kiosk)
    tap(qtbot, flow.choice.appointment)
    assert window.current_screen() is flow.check_in
    tap(qtbot, flow.check_in.next)
    assert flow.check_in.error.text() == "Enter your booking reference"
    type_text(qtbot, flow.check_in.box, "r!")
    tap(qtbot, flow.check_in.next)
    assert "4 to 20 letters, numbers or hyphens" in flow.check_in.error.text()
    assert queue.waiting() == []
    flow.check_in.box.clear()
    type_text(qtbot, flow.check_in.box, "rb-4821")
    tap(qtbot, flow.check_in.next)
    assert window.current_screen() is flow.choice
    assert not flow.choice.appointment.isVisible() and not flow.choice.extra_help.isVisible()
    take(qtbot, ticket_kiosk, "blue_badge")
    (ticket,) = queue.waiting()
    assert ticket.appointment == "RB-4821" and ticket.priority
    assert "checked in" in flow.ticket.noted.text()


def test_hub_out_of_reach_says_so_and_loses_nothing(
    qtbot: QtBot, ticket_kiosk: Kiosk, hub: HubServer
):
    window = ticket_kiosk.window
    flow = open_tickets(qtbot, ticket_kiosk)
    tap(qtbot, flow.choice.extra_help)
    hub.stop()
    tap(qtbot, flow.choice.buttons["benefits"])
    qtbot.waitUntil(lambda: flow.choice.problem.isVisible(), timeout=15_000)
    assert window.current_screen() is flow.choice
    assert "ask at the desk" in flow.choice.problem_text.text()
    assert flow.choice.extra_help.isChecked()  # the citizen's choice is kept
    assert flow.choice.buttons["benefits"].isEnabled()


def test_language_switch_keeps_the_ticket_and_mirrors(qtbot: QtBot, ticket_kiosk: Kiosk):
    window = ticket_kiosk.window
    flow = open_tickets(qtbot, ticket_kiosk)
    take(qtbot, ticket_kiosk, "general")
    window.show_languages()
    window.set_language("ur")
    assert window.current_screen() is flow.ticket
    assert flow.ticket.number.text() == "G001"
    assert window.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert flow.ticket.title.text() != "Your ticket number"


def test_idle_timeout_wipes_the_ticket(qtbot: QtBot, ticket_kiosk: Kiosk, clock: FakeClock):
    window = ticket_kiosk.window
    flow = open_tickets(qtbot, ticket_kiosk)
    take(qtbot, ticket_kiosk, "council_tax")
    clock.advance(10_000)
    window.check_idle()
    clock.advance(10_000)
    window.check_idle()
    assert window.current_screen() is window.home and not flow.active


# -- the desk terminal ------------------------------------------------------------------------


@pytest.fixture
def desk(qtbot: QtBot, client: HubClient, clock: FakeClock) -> Iterator[DeskWindow]:
    window = DeskWindow(client, 3, clock=clock, refresh_ms=60_000)
    qtbot.addWidget(window)
    window.resize(1920, 1080)
    window.show()
    qtbot.waitUntil(lambda: bool(window.sign_in_page.buttons), timeout=10_000)
    yield window
    window.shut_down()


def sign_in(qtbot: QtBot, desk: DeskWindow, *services: str) -> None:
    type_text(qtbot, desk.sign_in_page.name, "Sam")
    for service in services:
        tap(qtbot, desk.sign_in_page.buttons[service])
    tap(qtbot, desk.sign_in_page.start)
    qtbot.waitUntil(lambda: desk.stack.currentWidget() is desk.serving_page, timeout=10_000)


def idle(qtbot: QtBot, desk: DeskWindow) -> None:
    qtbot.waitUntil(lambda: not desk.calls.busy, timeout=10_000)


def test_desk_sign_in_needs_a_name_and_a_service(qtbot: QtBot, desk: DeskWindow):
    tap(qtbot, desk.sign_in_page.start)
    assert desk.sign_in_page.error.text() == "Enter your name or staff number"
    type_text(qtbot, desk.sign_in_page.name, "Sam")
    tap(qtbot, desk.sign_in_page.start)
    assert desk.sign_in_page.error.text() == "Choose at least one service."
    assert desk.stack.currentWidget() is desk.sign_in_page


def test_desk_calls_by_policy_and_finishes_tickets(
    qtbot: QtBot, desk: DeskWindow, queue: TicketQueue, clock: FakeClock
):
    first = queue.issue("council_tax").ticket
    clock.advance(60)
    helped = queue.issue("council_tax", extra_help=True).ticket
    clock.advance(60)
    queue.issue("housing")  # not served at this desk
    sign_in(qtbot, desk, "council_tax", "benefits")
    idle(qtbot, desk)
    page = desk.serving_page
    # The list's rows as they are now (the last list's rows are taken off the page at once).
    rows = [row.text() for row in page.findChildren(QLabel, "WaitingTicket")]
    assert len(rows) == 2
    assert rows[0].startswith(helped.number) and rows[0].endswith("Extra help")  # first
    tap(qtbot, page.call_next)
    qtbot.waitUntil(lambda: desk.current is not None, timeout=10_000)
    assert page.number.text() == helped.number and not page.call_next.isEnabled()
    tap(qtbot, page.recall)
    idle(qtbot, desk)
    assert queue.ticket(helped.id).recalls == 1
    tap(qtbot, page.served)
    qtbot.waitUntil(lambda: desk.current is None, timeout=10_000)
    assert queue.ticket(helped.id).status == "served"
    tap(qtbot, page.call_next)
    qtbot.waitUntil(lambda: desk.current is not None, timeout=10_000)
    assert desk.current is not None and desk.current.id == first.id
    tap(qtbot, page.no_show)
    qtbot.waitUntil(lambda: desk.current is None, timeout=10_000)
    assert queue.ticket(first.id).status == "no_show"
    # Nobody left for this desk's services: a plain answer, nothing changes.
    tap(qtbot, page.call_next)
    qtbot.waitUntil(lambda: page.message.isVisible(), timeout=10_000)
    assert "No one is waiting" in page.message.text()
    assert len(queue.waiting()) == 1


def test_desk_transfer_keeps_arrival_and_refuses_a_paused_service(
    qtbot: QtBot, desk: DeskWindow, queue: TicketQueue
):
    ticket = queue.issue("general").ticket
    sign_in(qtbot, desk, "general")
    page = desk.serving_page
    tap(qtbot, page.call_next)
    qtbot.waitUntil(lambda: desk.current is not None, timeout=10_000)
    queue.pause("housing")
    tap(qtbot, page.transfer)
    housing = next(
        b for b in page.transfer_box.findChildren(type(page.call_next)) if b.words() == "Housing"
    )
    tap(qtbot, housing)
    qtbot.waitUntil(lambda: page.message.isVisible(), timeout=10_000)
    assert "paused" in page.message.text()
    assert queue.ticket(ticket.id).service == "general"
    benefits = next(
        b for b in page.transfer_box.findChildren(type(page.call_next)) if b.words() == "Benefits"
    )
    tap(qtbot, benefits)
    qtbot.waitUntil(lambda: desk.current is None, timeout=10_000)
    moved = queue.ticket(ticket.id)
    assert moved.service == "benefits" and moved.issued_at == ticket.issued_at
    assert moved.number == ticket.number and moved.status == "waiting"


def test_desk_pause_and_statistics_chart(
    qtbot: QtBot, desk: DeskWindow, queue: TicketQueue, clock: FakeClock
):
    for _ in range(3):
        queue.issue("council_tax")
    sign_in(qtbot, desk, "council_tax")
    page = desk.serving_page
    tap(qtbot, page.pause)
    qtbot.waitUntil(lambda: desk.paused, timeout=10_000)
    assert not page.call_next.isEnabled()
    tap(qtbot, page.pause)
    qtbot.waitUntil(lambda: not desk.paused, timeout=10_000)
    for _ in range(2):
        clock.advance(600)
        tap(qtbot, page.call_next)
        qtbot.waitUntil(lambda: desk.current is not None, timeout=10_000)
        clock.advance(300)
        tap(qtbot, page.served)
        qtbot.waitUntil(lambda: desk.current is None, timeout=10_000)
    tap(qtbot, page.statistics)
    qtbot.waitUntil(lambda: desk.stack.currentWidget() is desk.statistics_page, timeout=10_000)
    block = desk.statistics_page.blocks["council_tax"].text()
    assert "Tickets today: 3. Seen: 2. Waiting now: 1." in block
    # Called after 10 and 25 minutes, and one still waiting after 30: a wait past 15 minutes
    # counts against the target before it ends, so one in three.
    assert "Seen within 15 minutes: 33% (target: 80%)." in block
    assert desk.statistics_page.chart_view is not None
    assert desk.statistics_page.chart_view.isVisible()


# -- the wall display -------------------------------------------------------------------------


def test_display_shows_chimes_and_calls_out_in_both_languages(
    qtbot: QtBot, client: HubClient, queue: TicketQueue, clock: FakeClock, tmp_path: Path
):
    queue.issue("general")
    old = queue.call_next(1, ["general"])  # called before the display started: not said again
    announcer = Announcer(Speech(wav_folder=tmp_path), Chime(wav_folder=tmp_path))
    display = WallDisplay(client, announcer, clock=clock, poll_ms=50)
    qtbot.addWidget(display)
    display.resize(1920, 1080)
    display.show()
    display.start()
    try:
        qtbot.waitUntil(lambda: display.latest_number.text() == old.number, timeout=10_000)
        ticket = queue.issue("council_tax", language="pl").ticket
        queue.call_next(3, ["council_tax"])
        qtbot.waitUntil(lambda: display.latest_number.text() == ticket.number, timeout=10_000)
        assert display.latest_counter.text() == "Counter 3"
        assert display.row_labels[0][0].text() == old.number
        qtbot.waitUntil(lambda: announcer.chime.chimes == 1, timeout=10_000)
        assert announcer.wait_until_quiet(60)
        assert announcer.chime.chimes == 1 and announcer.speech.readings == 2
        for path in sorted(tmp_path.glob("*.wav")):
            with wave.open(str(path)) as audio:
                assert audio.getnframes() / audio.getframerate() > 0.5
    finally:
        display.shut_down()


def test_display_says_when_it_cannot_reach_the_queue(
    qtbot: QtBot, client: HubClient, hub: HubServer, clock: FakeClock
):
    display = WallDisplay(client, None, clock=clock, poll_ms=50)
    qtbot.addWidget(display)
    display.show()
    display.start()
    try:
        qtbot.waitUntil(lambda: display.reachable and display._seen is not None, timeout=10_000)
        hub.stop()
        qtbot.waitUntil(lambda: not display.reachable, timeout=20_000)
        assert "Cannot reach the queue" in display.status.text()
    finally:
        display.shut_down()


def test_check_in_with_the_on_screen_keys_alone(
    qtbot: QtBot, ticket_kiosk: Kiosk, queue: TicketQueue
):
    from ui.widgets.keyboard import OnScreenKeyboard

    flow = open_tickets(qtbot, ticket_kiosk)
    tap(qtbot, flow.choice.appointment)
    keyboard = flow.check_in.findChild(OnScreenKeyboard)
    assert keyboard is not None
    qtbot.waitUntil(keyboard.isVisible)
    for name in ("r", "b"):
        tap(qtbot, keyboard.key(name))
    symbols = next(
        k for k in keyboard.shown_keys() if k.action.kind == "layer" and k.action.value == "symbols"
    )
    tap(qtbot, symbols)
    for name in ("-", "4", "8", "2", "1"):
        tap(qtbot, keyboard.key(name))
    assert flow.check_in.box.text() == "rb-4821"
    tap(qtbot, flow.check_in.next)
    take(qtbot, ticket_kiosk, "housing")
    (ticket,) = queue.waiting()
    assert ticket.appointment == "RB-4821"


def test_a_desk_restarted_mid_ticket_has_its_ticket_back(
    qtbot: QtBot, client: HubClient, queue: TicketQueue, clock: FakeClock
):
    ticket = queue.issue("council_tax").ticket
    queue.call_next(3, ["council_tax"])
    queue.issue("council_tax")
    queue.call_next(4, ["council_tax"])  # another counter's ticket stays theirs
    desk = DeskWindow(client, 3, clock=clock, refresh_ms=60_000)
    qtbot.addWidget(desk)
    desk.show()
    try:
        qtbot.waitUntil(lambda: bool(desk.sign_in_page.buttons), timeout=10_000)
        sign_in(qtbot, desk, "council_tax")
        assert desk.current is not None and desk.current.id == ticket.id
        assert desk.serving_page.number.text() == ticket.number
        tap(qtbot, desk.serving_page.served)
        qtbot.waitUntil(lambda: desk.current is None, timeout=10_000)
        assert queue.ticket(ticket.id).status == "served"
    finally:
        desk.shut_down()
