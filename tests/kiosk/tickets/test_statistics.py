"""The figures: waiting and service times against the 15-minute promise, the estimated wait
shown on a ticket, and the events the council gets (without personal data)."""

import json
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from kiosk.tickets import TicketQueue
from kiosk.tickets.figures import estimate_wait_s, percentile
from kiosk.tickets.model import ServiceStats
from tests.support import FakeClock

C, B, H, G = "council_tax", "benefits", "housing", "general"
T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
WAITS_MIN = [2, 4, 6, 8, 10, 12, 14, 16, 18, 20]
SERVICE_S = [30, 60, 90, 100, 110, 40, 50, 70, 80, 20]


def by_service(figures: list[ServiceStats]) -> dict[str, ServiceStats]:
    return {stats.service: stats for stats in figures}


def test_statistics_on_a_known_day(queue: TicketQueue, clock: FakeClock):
    clock.now = T0
    for _ in WAITS_MIN:
        queue.issue(C)
    queue.issue(B)  # called after a minute, does not come
    queue.issue(B)  # still waiting at the end: 20 minutes, past the promise
    moved = queue.issue(G).ticket  # sent to Housing at once, still waiting there at the end
    queue.transfer(moved.id, H)

    clock.advance_to(T0 + timedelta(minutes=1))
    no_show = queue.call_next(2, [B])
    clock.advance(30)
    queue.no_show(no_show.id)
    for wait, service in zip(WAITS_MIN, SERVICE_S, strict=True):
        clock.advance_to(T0 + timedelta(minutes=wait))
        called = queue.call_next(1, [C])
        clock.advance(service)
        queue.served(called.id)
    queue.issue(B)  # just arrived: not yet counted either way

    figures = by_service(queue.statistics())
    assert list(figures) == [s.id for s in queue.services()]
    assert figures[C] == ServiceStats(
        service=C,
        issued=10,
        seen=10,
        waiting=0,
        no_shows=0,
        median_wait_s=660.0,  # 11 minutes: between 10 and 12
        p90_wait_s=1080.0,  # the 9th of 10: 18 minutes
        median_service_s=65.0,
        p90_service_s=100.0,
        seen_within_target=0.7,  # 2..14 minutes: 7 of 10
    )
    assert figures[B] == ServiceStats(B, 3, 0, 2, 1, 60.0, 60.0, None, None, 0.5)
    # Taken for General enquiries, waiting in Housing: counted where each belongs.
    assert figures[G] == ServiceStats(G, 1, 0, 0, 0, None, None, None, None, None)
    assert figures[H] == ServiceStats(H, 0, 0, 1, 0, None, None, None, None, 0.0)
    assert figures["registration"] == ServiceStats(
        "registration", 0, 0, 0, 0, None, None, None, None, None
    )
    assert queue.statistics(date(2026, 11, 22)) == [
        ServiceStats(s.id, 0, 0, 0, 0, None, None, None, None, None) for s in queue.services()
    ]
    assert by_service(queue.statistics(date(2026, 11, 23)))[C] == figures[C]


def test_percentiles_are_nearest_rank():
    assert percentile([float(n) for n in range(1, 11)], 0.9) == 9.0
    assert percentile([5.0], 0.9) == 5.0
    assert percentile([], 0.9) is None
    assert percentile([3.0, 1.0, 2.0], 0.5) == 2.0


@pytest.mark.parametrize(
    ("ahead", "times", "counters", "expected"),
    [
        (0, [], 0, 0),
        (1, [], 0, 300),  # 5 minutes each before anyone is served
        (3, [], 2, 480),  # 7.5 minutes, rounded up
        (2, [100.0, 200.0, 400.0], 2, 240),  # 200 s each, 2 counters: 200 s, up to 4 minutes
        (1, [61.0], 1, 120),
        (4, [60.0], 0, 240),  # no counter open yet: counted as one
    ],
)
def test_the_estimated_wait(ahead: int, times: list[float], counters: int, expected: int):
    assert estimate_wait_s(ahead, times, counters) == expected


def test_the_estimate_on_a_ticket_uses_todays_served_tickets_and_open_counters(
    queue: TicketQueue, clock: FakeClock
):
    assert queue.issue(H).estimated_wait_s == 0  # no one ahead
    assert queue.issue(H).estimated_wait_s == 300
    third = queue.issue(H)
    assert (third.ahead, third.estimated_wait_s) == (2, 600)
    queue.sign_in(1, "Sam", [H])
    queue.sign_in(2, "Jo", [H, C])
    queue.sign_in(3, "Al", [C])  # not for Housing
    assert queue.position(third.ticket.id).estimated_wait_s == 300
    queue.pause_counter(2, True)
    assert queue.position(third.ticket.id).estimated_wait_s == 600
    queue.pause_counter(2, False)

    # Service times 100, 200 and 400 s: the median is 200.
    for _ in range(3):
        queue.issue(H)
    for seconds in (100, 200, 400):
        called = queue.call_next(1, [H])
        clock.advance(seconds)
        queue.served(called.id)
    last = queue.waiting([H])[-1]
    issued = queue.position(last.id)
    assert issued.ahead == 2
    assert issued.estimated_wait_s == 240  # 2 x 200 s / 2 counters, rounded up to 4 minutes
    called = queue.call_next(1, [H])
    assert queue.position(called.id).estimated_wait_s == 0


def test_the_estimate_uses_the_last_20_served_tickets(queue: TicketQueue, clock: FakeClock):
    for _ in range(26):
        queue.issue(G)
    for number in range(25):
        called = queue.call_next(1, [G])
        clock.advance(1000 if number < 5 else 60)  # five slow ones first, then 20 quick ones
        queue.served(called.id)
    assert queue.issue(G).estimated_wait_s == 60  # 1 ahead x 60 s


def test_the_council_gets_events_without_personal_data(
    queue: TicketQueue, clock: FakeClock, events: list[dict[str, Any]]
):
    booked = queue.issue(C, appointment="REF-778899", language="ur").ticket
    clock.advance(240)
    queue.call_next(4, [C])
    clock.advance(30)
    queue.recall(booked.id, 4)
    clock.advance(90)
    queue.transfer(booked.id, H)
    clock.advance(60)
    queue.call_next(5, [H])
    clock.advance(200)
    queue.served(booked.id)
    helped = queue.issue(B, extra_help=True).ticket
    queue.call_next(1, [B])
    queue.no_show(helped.id)

    assert [e["event"] for e in events] == [
        "issued",
        "called",
        "recalled",
        "transferred",
        "called",
        "served",
        "issued",
        "called",
        "no_show",
    ]
    keys = {
        "event",
        "service",
        "number",
        "day",
        "at",
        "counter",
        "wait_s",
        "service_s",
        "extra_help",
        "appointment",
        "from_service",
    }
    assert all(set(event) == keys for event in events)
    text = json.dumps(events)
    assert "REF-778899" not in text and booked.id not in text and helped.id not in text
    assert '"ur"' not in text
    issued, called, recalled, transferred, called_again, served = events[:6]
    assert issued == {
        "event": "issued",
        "service": C,
        "number": "C001",
        "day": "2026-11-23",
        "at": "2026-11-23T10:00:00.000000Z",
        "counter": None,
        "wait_s": None,
        "service_s": None,
        "extra_help": False,
        "appointment": True,
        "from_service": None,
    }
    assert (called["counter"], called["wait_s"]) == (4, 240.0)
    assert (recalled["counter"], recalled["wait_s"]) == (4, 240.0)
    assert (transferred["service"], transferred["from_service"]) == (H, C)
    assert (called_again["service"], called_again["counter"]) == (H, 5)
    assert served["service_s"] == 200.0 and served["wait_s"] == 240.0
    assert events[-1]["extra_help"] is True and events[-1]["service_s"] is None


def test_a_failing_event_sink_does_not_undo_the_ticket(tmp_path, services, clock):
    def broken(event: dict[str, Any]) -> None:
        raise OSError("disk full")

    with TicketQueue(tmp_path / "q.sqlite3", services, clock=clock, on_event=broken) as queue:
        issued = queue.issue(C)
        assert queue.ticket(issued.ticket.id) == issued.ticket
