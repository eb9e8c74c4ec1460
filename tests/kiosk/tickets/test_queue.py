"""TicketQueue: numbering, the call policy, transfers, pauses, restarts and bad input."""

import re
import threading
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from kiosk.tickets import (
    BadRequest,
    Counter,
    QueueEmpty,
    QueueError,
    QueueService,
    ServicePaused,
    TicketQueue,
    TicketStatus,
    UnknownService,
    UnknownTicket,
    WrongState,
)
from kiosk.tickets.queue import QueueFileError
from tests.kiosk.tickets.conftest import snapshot
from tests.support import FakeClock

C, B, H, G = "council_tax", "benefits", "housing", "general"


def numbers(tickets: list[Any]) -> list[str]:
    return [ticket.number for ticket in tickets]


def test_numbers_count_per_service_and_start_again_each_site_day(
    queue: TicketQueue, clock: FakeClock
):
    issued = [queue.issue(service).ticket for service in (C, C, B, C, H)]
    assert numbers(issued) == ["C001", "C002", "B001", "C003", "H001"]
    assert {ticket.day for ticket in issued} == {date(2026, 11, 23)}
    assert all(ticket.status is TicketStatus.WAITING for ticket in issued)
    assert len({ticket.id for ticket in issued}) == 5
    assert all(len(ticket.id) == 32 for ticket in issued)

    clock.now = datetime(2026, 11, 23, 23, 59, 59, tzinfo=UTC)
    assert queue.issue(C).ticket.number == "C004"
    clock.now = datetime(2026, 11, 24, 0, 0, 1, tzinfo=UTC)  # midnight in London (GMT)
    tomorrow = queue.issue(C).ticket
    assert (tomorrow.number, tomorrow.day) == ("C001", date(2026, 11, 24))
    assert queue.issue(B).ticket.number == "B001"


def test_the_day_is_the_site_day_in_summer_time_too(queue: TicketQueue, clock: FakeClock):
    clock.now = datetime(2026, 6, 30, 22, 59, tzinfo=UTC)  # 23:59 BST
    assert queue.issue(C).ticket.day == date(2026, 6, 30)
    clock.now = datetime(2026, 6, 30, 23, 1, tzinfo=UTC)  # 00:01 BST on 1 July
    ticket = queue.issue(C).ticket
    assert (ticket.number, ticket.day) == ("C001", date(2026, 7, 1))


def test_yesterdays_leftover_tickets_are_not_called_today(queue: TicketQueue, clock: FakeClock):
    left = queue.issue(C).ticket
    clock.advance(24 * 3600)
    today = queue.issue(C).ticket
    assert queue.waiting() == [today]
    assert queue.call_next(1, [C]).id == today.id
    with pytest.raises(QueueEmpty):
        queue.call_next(1, [C])
    assert queue.ticket(left.id).status is TicketStatus.WAITING


def test_extra_help_and_appointments_first_then_first_come(queue: TicketQueue, clock: FakeClock):
    def issue(**kw: Any) -> str:
        clock.advance(60)
        return queue.issue(G, **kw).ticket.number

    first = issue()
    second = issue()
    helped = issue(extra_help=True)
    booked = issue(appointment="ab-1234")
    last = issue()
    expected = [helped, booked, first, second, last]
    assert numbers(queue.waiting()) == expected
    waiting = queue.waiting()
    assert [queue.position(t.id).ahead for t in waiting] == [0, 1, 2, 3, 4]
    assert waiting[1].appointment == "AB-1234"
    assert [queue.call_next(2, [G]).number for _ in expected] == expected


def test_a_counter_serving_several_services_takes_priority_then_arrival_across_them(
    queue: TicketQueue, clock: FakeClock
):
    order = []
    for service, kw in [(C, {}), (B, {}), (H, {"extra_help": True}), (B, {"extra_help": True})]:
        clock.advance(30)
        order.append(queue.issue(service, **kw).ticket.number)
    assert order == ["C001", "B001", "H001", "B002"]
    called = [queue.call_next(4, [B, C]).number for _ in range(3)]
    assert called == ["B002", "C001", "B001"]  # H001 is for another counter
    assert numbers(queue.waiting()) == ["H001"]
    assert numbers(queue.waiting([B, C])) == []


def test_a_call_records_the_counter_and_a_recall_shows_again(queue: TicketQueue, clock: FakeClock):
    ticket = queue.issue(C).ticket
    clock.advance(120)
    called = queue.call_next(3, [C])
    assert (called.id, called.status, called.counter) == (ticket.id, TicketStatus.CALLED, 3)
    assert called.called_at == called.first_called_at == clock.now
    clock.advance(60)
    again = queue.recall(ticket.id, 5)
    assert (again.counter, again.recalls, again.called_at) == (5, 1, clock.now)
    assert again.first_called_at == called.first_called_at
    calls = queue.recent_calls()
    assert [(c.ticket.number, c.counter, c.recall) for c in calls] == [
        ("C001", 5, True),
        ("C001", 3, False),
    ]
    assert calls[0].at == clock.now
    clock.advance(30)
    done = queue.served(ticket.id)
    assert (done.status, done.finished_at) == (TicketStatus.SERVED, clock.now)
    assert queue.ticket(ticket.id) == done


def test_recent_calls_are_todays_newest_first_up_to_the_limit(queue: TicketQueue, clock: FakeClock):
    for _ in range(8):
        queue.issue(C)
    for counter in range(1, 9):
        clock.advance(10)
        queue.call_next(counter, [C])
    assert [call.counter for call in queue.recent_calls()] == [8, 7, 6, 5, 4, 3]
    assert len(queue.recent_calls(limit=20)) == 8
    clock.advance(24 * 3600)
    assert queue.recent_calls() == []


def test_a_transfer_keeps_the_number_and_the_arrival_time(queue: TicketQueue, clock: FakeClock):
    council_tax = queue.issue(C).ticket
    clock.advance(300)
    housing = queue.issue(H).ticket
    clock.advance(60)
    called = queue.call_next(1, [C])
    clock.advance(120)
    moved = queue.transfer(council_tax.id, H)
    assert moved.number == "C001" and moved.issued_at == council_tax.issued_at
    assert (moved.service, moved.transferred_from, moved.status) == (H, C, TicketStatus.WAITING)
    assert moved.counter is None and moved.called_at is None
    assert moved.first_called_at == called.first_called_at  # for the waiting-time figures
    # It arrived first, so in Housing it is called before H001.
    assert numbers(queue.waiting([H])) == ["C001", "H001"]
    assert queue.call_next(2, [H]).id == council_tax.id
    assert queue.call_next(2, [H]).id == housing.id


def test_a_paused_service_refuses_transfers_and_tickets_and_is_skipped(
    queue: TicketQueue, clock: FakeClock
):
    housing = queue.issue(H).ticket
    clock.advance(60)
    council_tax = queue.issue(C).ticket
    queue.pause(H)
    assert queue.paused() == {H}
    with pytest.raises(ServicePaused) as refused:
        queue.transfer(council_tax.id, H)
    assert refused.value.message == (
        "Housing is paused at the moment, so tickets cannot be moved there."
    )
    assert refused.value.code == "service_paused"
    with pytest.raises(ServicePaused):
        queue.issue(H)
    # H001 came first but Housing is paused: the counter gets C001.
    assert queue.call_next(1, [H, C]).id == council_tax.id
    with pytest.raises(QueueEmpty):
        queue.call_next(1, [H])
    assert numbers(queue.waiting()) == ["H001"]  # still waiting, for when Housing resumes
    queue.resume(H)
    queue.resume(H)  # resuming twice does no harm
    assert queue.paused() == set()
    assert queue.call_next(1, [H, C]).id == housing.id


def test_counters_sign_in_pause_and_sign_out(queue: TicketQueue):
    assert queue.sign_in(3, " Sam ", [H, C, H]) == Counter(3, "Sam", (H, C), False)
    queue.sign_in(1, "Priya", [B])
    assert queue.pause_counter(3, True) == Counter(3, "Sam", (H, C), True)
    assert [c.number for c in queue.counters()] == [1, 3]
    assert queue.counters()[1].paused
    queue.sign_in(3, "Sam", [G])  # signing in again replaces, unpaused
    assert queue.counters()[1] == Counter(3, "Sam", (G,), False)
    queue.sign_out(3)
    queue.sign_out(3)  # twice: no harm (a retried request)
    assert [c.number for c in queue.counters()] == [1]


def test_a_restarted_hub_has_the_queue_intact(
    queue_path: Path, services: list[QueueService], clock: FakeClock
):
    with TicketQueue(queue_path, services, clock=clock) as first:
        a = first.issue(C).ticket
        clock.advance(10)
        b = first.issue(C, extra_help=True).ticket
        clock.advance(10)
        first.issue(H)
        first.call_next(1, [H])
        first.pause(B)
        first.sign_in(2, "Jo", [C])
        before = (first.waiting(), first.recent_calls(), first.counters(), first.paused())
    with TicketQueue(queue_path, services, clock=clock) as second:
        assert (second.waiting(), second.recent_calls(), second.counters(), second.paused()) == (
            before
        )
        assert numbers(second.waiting()) == [b.number, a.number]
        assert second.issue(C).ticket.number == "C003"  # numbering carries on
        assert second.call_next(2, [C]).id == b.id


def test_two_counters_calling_at_once_never_get_the_same_ticket(
    queue_path: Path, services: list[QueueService]
):
    with TicketQueue(queue_path, services) as issuing:
        tickets = {issuing.issue(C).ticket.id for _ in range(60)}
    called: list[list[str]] = [[] for _ in range(4)]
    start = threading.Barrier(4)

    def counter(number: int) -> None:
        # Each with its own connection, as separate processes would be.
        with TicketQueue(queue_path, services) as own:
            start.wait()
            while True:
                try:
                    called[number].append(own.call_next(number + 1, [C]).id)
                except QueueEmpty:
                    return

    threads = [threading.Thread(target=counter, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    everyone = [ticket for calls in called for ticket in calls]
    assert sorted(everyone) == sorted(tickets)  # each ticket called once, none twice


def test_a_repeated_request_id_gets_the_first_answer_and_changes_nothing_more(
    queue: TicketQueue, queue_path: Path, events: list[dict[str, Any]], clock: FakeClock
):
    first = queue.issue(C, request_id="kiosk-1")
    clock.advance(30)
    queue.issue(C)
    assert queue.issue(C, request_id="kiosk-1").ticket == first.ticket
    called = queue.call_next(1, [C], request_id="desk-1")
    assert queue.call_next(1, [C], request_id="desk-1") == called
    served = queue.served(called.id, request_id="desk-2")
    assert queue.served(called.id, request_id="desk-2") == served  # no "already finished"
    assert [e["event"] for e in events] == ["issued", "issued", "called", "served"]
    with pytest.raises(BadRequest):
        queue.no_show(called.id, request_id="desk-2")  # an id is for one kind of change
    with pytest.raises(BadRequest):
        queue.issue(C, request_id="not a valid id!")


def test_the_queue_file_from_a_newer_kiosk_is_left_alone(
    queue_path: Path, services: list[QueueService]
):
    import sqlite3

    conn = sqlite3.connect(queue_path)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    with pytest.raises(QueueFileError, match="schema version 99"):
        TicketQueue(queue_path, services)
    not_a_database = queue_path.with_name("other.sqlite3")
    not_a_database.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(QueueFileError):
        TicketQueue(not_a_database, services)


def test_services_must_have_their_own_ids_and_prefixes(tmp_path: Path):
    twice = [QueueService("a", "A", "A", "a"), QueueService("b", "A", "B", "b")]
    with pytest.raises(ValueError, match="own prefix"):
        TicketQueue(tmp_path / "q.sqlite3", twice)


# -- bad input: the right error, and the queue exactly as it was ----------------------------


@pytest.fixture
def busy(queue: TicketQueue, clock: FakeClock) -> dict[str, str]:
    """A queue with one ticket of each state, a paused service and a counter signed in."""
    done = queue.issue(C).ticket.id
    queue.call_next(1, [C])
    queue.served(done)
    called = queue.issue(C).ticket.id
    queue.call_next(1, [C])
    waiting = queue.issue(C).ticket.id
    queue.issue(H)
    queue.pause(R)
    queue.sign_in(1, "Sam", [C])
    clock.advance(60)
    return {"done": done, "called": called, "waiting": waiting}


R = "registration"
BAD: list[tuple[str, Callable[[TicketQueue, dict[str, str]], object], type[QueueError], str]] = [
    ("unknown service", lambda q, t: q.issue("parking"), UnknownService, "unknown_service"),
    ("unknown language", lambda q, t: q.issue(C, language="xx"), BadRequest, "bad_language"),
    ("odd booking", lambda q, t: q.issue(C, appointment="AB 12!"), BadRequest, "bad_appointment"),
    ("long booking", lambda q, t: q.issue(C, appointment="A" * 21), BadRequest, "bad_appointment"),
    ("extra help not a bool", lambda q, t: q.issue(C, extra_help="yes"), BadRequest, "bad_field"),
    ("paused service", lambda q, t: q.issue(R), ServicePaused, "paused"),
    ("no services", lambda q, t: q.call_next(1, []), BadRequest, "no_services"),
    (
        "unknown to call",
        lambda q, t: q.call_next(1, ["parking"]),
        UnknownService,
        "unknown_service",
    ),
    ("counter 0", lambda q, t: q.call_next(0, [C]), BadRequest, "bad_counter"),
    ("counter 1000", lambda q, t: q.call_next(1000, [C]), BadRequest, "bad_counter"),
    ("empty queue", lambda q, t: q.call_next(1, [B]), QueueEmpty, "queue_empty"),
    ("paused queue", lambda q, t: q.call_next(1, [R]), QueueEmpty, "queue_empty"),
    ("unknown ticket", lambda q, t: q.recall("f" * 32, 1), UnknownTicket, "unknown_ticket"),
    ("recall waiting", lambda q, t: q.recall(t["waiting"], 1), WrongState, "not_called"),
    ("serve waiting", lambda q, t: q.served(t["waiting"]), WrongState, "not_called"),
    ("serve again", lambda q, t: q.served(t["done"]), WrongState, "finished"),
    ("no-show finished", lambda q, t: q.no_show(t["done"]), WrongState, "finished"),
    ("move finished", lambda q, t: q.transfer(t["done"], H), WrongState, "finished"),
    ("move nowhere", lambda q, t: q.transfer(t["called"], "x"), UnknownService, "unknown_service"),
    ("move in place", lambda q, t: q.transfer(t["waiting"], C), WrongState, "already_there"),
    ("move to paused", lambda q, t: q.transfer(t["called"], R), ServicePaused, "paused_transfer"),
    ("pause unknown", lambda q, t: q.pause("parking"), UnknownService, "unknown_service"),
    ("no staff name", lambda q, t: q.sign_in(2, " ", [C]), BadRequest, "bad_field"),
    ("staff control", lambda q, t: q.sign_in(2, "A\nB", [C]), BadRequest, "bad_field"),
    ("pause absent", lambda q, t: q.pause_counter(7, True), WrongState, "counter_signed_out"),
    ("no such ticket", lambda q, t: q.ticket("nope"), UnknownTicket, "unknown_ticket"),
    ("no position", lambda q, t: q.position("nope"), UnknownTicket, "unknown_ticket"),
    ("calls limit", lambda q, t: q.recent_calls(0), BadRequest, "bad_field"),
]


@pytest.mark.parametrize(
    ("action", "error", "reason"), [b[1:] for b in BAD], ids=[b[0] for b in BAD]
)
def test_bad_input_gets_its_error_and_leaves_the_queue_unchanged(
    queue: TicketQueue,
    queue_path: Path,
    busy: dict[str, str],
    events: list[dict[str, Any]],
    action: Callable[[TicketQueue, dict[str, str]], object],
    error: type[QueueError],
    reason: str,
):
    before, events_before = snapshot(queue_path), list(events)
    with pytest.raises(error) as raised:
        action(queue, busy)
    assert raised.value.reason == reason
    assert raised.value.message and raised.value.message == raised.value.english
    assert snapshot(queue_path) == before
    assert events == events_before


def test_the_messages_are_plain_and_kind(queue: TicketQueue, busy: dict[str, str]):
    with pytest.raises(QueueEmpty) as empty:
        queue.call_next(1, [B])
    assert empty.value.message == "No one is waiting for the services you serve."
    with pytest.raises(WrongState) as finished:
        queue.served(busy["done"])
    assert finished.value.message == "Ticket C001 is finished, so it cannot be changed."
    with pytest.raises(ServicePaused) as paused:
        queue.issue(R)
    assert paused.value.message.startswith("Registration of births and deaths is paused")


def test_a_message_is_said_in_the_language_set_when_it_is_raised(monkeypatch: pytest.MonkeyPatch):
    from kiosk import i18n
    from kiosk.tickets import HubUnavailable

    class Shouting:
        """A "translation" that keeps the placeholders, as translators do."""

        def gettext(self, message: str) -> str:
            return re.sub(r"[^{}]+(?=\{|$)|(?<=\})[^{}]+", lambda m: m.group().upper(), message)

    monkeypatch.setattr(i18n, "_translation", Shouting())
    error = HubUnavailable()
    assert error.message == "THIS KIOSK CANNOT REACH THE QUEUE. PLEASE ASK AT THE DESK."
    assert error.english == "This kiosk cannot reach the queue. Please ask at the desk."
    paused = ServicePaused("paused_transfer", service="Housing")
    assert paused.message == "HOUSING IS PAUSED AT THE MOMENT, SO TICKETS CANNOT BE MOVED THERE."


def test_waiting_times_follow_the_clock_read_inside_each_change(
    queue: TicketQueue, clock: FakeClock
):
    ticket = queue.issue(C).ticket
    assert ticket.issued_at == clock.now
    clock.advance(timedelta(minutes=7).total_seconds())
    called = queue.call_next(1, [C])
    assert called.first_called_at is not None
    assert called.first_called_at - called.issued_at == timedelta(minutes=7)
