"""Open now, closes at, opens next: with the time passed in, never the clock."""

from dataclasses import replace
from datetime import date, datetime, time
from types import MappingProxyType

import pytest

from kiosk.content import (
    Closure,
    OpeningSession,
    Place,
    describe_status,
    format_sessions,
    format_time,
    hours_on,
    load_content,
    opening_status,
    week_hours,
)


def sessions(*pairs: tuple[str, str]) -> tuple[OpeningSession, ...]:
    return tuple(
        OpeningSession(time.fromisoformat(opens), time.fromisoformat(closes))
        for opens, closes in pairs
    )


WEEKDAY = sessions(("09:00", "12:30"), ("13:30", "17:00"))
FRIDAY = sessions(("09:00", "12:30"))
CHRISTMAS_EVE = date(2026, 12, 24)  # a Thursday
TRAINING_DAY = date(2026, 12, 2)  # a Wednesday

CENTRE = Place(
    id="centre",
    name="Children's Centre",
    address=("Foxglove Road",),
    postcode="RV2 4EF",
    offers=("Stay and play.",),
    hours=MappingProxyType(
        {0: WEEKDAY, 1: WEEKDAY, 2: WEEKDAY, 3: WEEKDAY, 4: FRIDAY, 5: (), 6: ()}
    ),
    accessibility=(),
    closures=MappingProxyType(
        {
            CHRISTMAS_EVE: Closure("Christmas Eve", sessions(("09:00", "12:00"))),
            TRAINING_DAY: Closure("Staff training", ()),
        }
    ),
)


def at(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute)


def test_open_in_the_morning_closes_for_lunch():
    status = opening_status(CENTRE, at(2026, 11, 23, 10))  # a Monday
    assert status.is_open
    assert status.closes_at == time(12, 30)
    assert status.next_opens is None
    assert describe_status(status) == "Open now. Closes at 12:30pm."


def test_closed_for_lunch_opens_again_today():
    status = opening_status(CENTRE, at(2026, 11, 23, 12, 45))
    assert not status.is_open
    assert status.next_opens == at(2026, 11, 23, 13, 30)
    assert describe_status(status) == "Closed now. Opens today at 1:30pm."


def test_opening_and_closing_minutes():
    assert opening_status(CENTRE, at(2026, 11, 23, 9)).is_open
    assert not opening_status(CENTRE, at(2026, 11, 23, 8, 59)).is_open
    assert not opening_status(CENTRE, at(2026, 11, 23, 17)).is_open
    assert opening_status(CENTRE, datetime(2026, 11, 23, 16, 59, 59)).is_open


def test_after_closing_opens_tomorrow():
    status = opening_status(CENTRE, at(2026, 11, 23, 18))
    assert status.next_opens == at(2026, 11, 24, 9)
    assert describe_status(status) == "Closed now. Opens tomorrow at 9am."


def test_friday_evening_and_the_weekend_open_next_on_monday():
    for now in (at(2026, 11, 27, 13), at(2026, 11, 27, 22, 30), at(2026, 11, 28, 11)):
        status = opening_status(CENTRE, now)
        assert not status.is_open
        assert status.next_opens == at(2026, 11, 30, 9)
    assert describe_status(opening_status(CENTRE, at(2026, 11, 27, 22, 30))) == (
        "Closed now. Opens on Monday at 9am."
    )
    assert describe_status(opening_status(CENTRE, at(2026, 11, 29, 11))) == (
        "Closed now. Opens tomorrow at 9am."
    )


def test_a_day_closed_for_training():
    status = opening_status(CENTRE, at(2026, 12, 2, 10))
    assert not status.is_open
    assert status.reason == "Staff training"
    assert status.next_opens == at(2026, 12, 3, 9)
    before = opening_status(CENTRE, at(2026, 12, 1, 18))
    assert before.next_opens == at(2026, 12, 3, 9)
    assert describe_status(before) == "Closed now. Opens on Thursday at 9am."


def test_a_day_with_shorter_hours():
    assert opening_status(CENTRE, at(2026, 12, 24, 11)).closes_at == time(12)
    status = opening_status(CENTRE, at(2026, 12, 24, 13, 40))
    assert not status.is_open
    assert status.reason == "Christmas Eve"
    assert describe_status(opening_status(CENTRE, at(2026, 12, 24, 11))) == (
        "Open now. Closes at midday."
    )


def bank_holidays(day: date) -> str | None:
    return {
        date(2026, 12, 25): "Christmas Day",
        date(2026, 12, 28): "Boxing Day (substitute day)",
        date(2027, 1, 1): "New Year's Day",
    }.get(day)


def test_bank_holidays_are_closed_when_known():
    now = at(2026, 12, 24, 14)
    assert opening_status(CENTRE, now).next_opens == at(2026, 12, 25, 9)
    status = opening_status(CENTRE, now, holidays=bank_holidays)
    assert status.next_opens == at(2026, 12, 29, 9)
    assert describe_status(status) == "Closed now. Opens on Tuesday at 9am."
    on_the_day = opening_status(CENTRE, at(2026, 12, 28, 10), holidays=bank_holidays)
    assert not on_the_day.is_open
    assert on_the_day.reason == "Boxing Day (substitute day)"


def test_a_closure_entry_wins_over_a_bank_holiday():
    morning = Closure("Open for the morning", sessions(("10:00", "12:00")))
    place = replace(CENTRE, closures={date(2026, 12, 28): morning})
    assert hours_on(place, date(2026, 12, 28), bank_holidays) == (
        sessions(("10:00", "12:00")),
        "Open for the morning",
    )
    assert opening_status(place, at(2026, 12, 28, 11), holidays=bank_holidays).is_open


def test_sessions_that_meet_count_as_one():
    place = replace(CENTRE, hours={0: sessions(("09:00", "12:00"), ("12:00", "17:00"))})
    assert opening_status(place, at(2026, 11, 23, 11)).closes_at == time(17)


def test_a_place_never_open_says_so():
    place = replace(CENTRE, hours={}, closures={})
    status = opening_status(place, at(2026, 11, 23, 10))
    assert status.next_opens is None
    assert describe_status(status) == "Closed now, and not open in the next 14 days."


def test_an_opening_more_than_a_week_away_gives_the_date():
    repairs = Closure("Closed for repairs", ())
    place = replace(CENTRE, hours={2: FRIDAY}, closures={date(2026, 11, 25): repairs})
    status = opening_status(place, at(2026, 11, 24, 10))
    assert status.next_opens == at(2026, 12, 2, 9)
    assert describe_status(status) == "Closed now. Opens on Wednesday 2 December at 9am."


def test_week_hours_gives_seven_days_with_reasons():
    week = week_hours(CENTRE, date(2026, 12, 21), holidays=bank_holidays)
    assert [day for day, _sessions, _reason in week] == [
        date(2026, 12, 21 + offset) for offset in range(7)
    ]
    assert [format_sessions(found) for _day, found, _reason in week] == [
        "9am to 12:30pm and 1:30pm to 5pm",
        "9am to 12:30pm and 1:30pm to 5pm",
        "9am to 12:30pm and 1:30pm to 5pm",
        "9am to midday",
        "Closed",
        "Closed",
        "Closed",
    ]
    assert [reason for _day, _sessions, reason in week] == [
        None,
        None,
        None,
        "Christmas Eve",
        "Christmas Day",
        None,
        None,
    ]


@pytest.mark.parametrize(
    ("clock", "words"),
    [
        (time(9), "9am"),
        (time(8, 30), "8:30am"),
        (time(12), "midday"),
        (time(12, 30), "12:30pm"),
        (time(17, 5), "5:05pm"),
        (time(0), "midnight"),
        (time(0, 15), "12:15am"),
    ],
)
def test_times_in_words(clock: time, words: str):
    assert format_time(clock) == words


def test_the_shipped_places_keep_their_promised_shapes():
    content, _problems = load_content()
    places = {place.id: place for place in content.places}
    northgate = places["northgate_childrens_centre"]
    assert len(northgate.hours[0]) == 2  # closed for lunch
    assert northgate.hours[5] == northgate.hours[6] == ()
    status = opening_status(places["joint_service_centre"], at(2026, 12, 24, 12))
    assert status.is_open and status.closes_at == time(13)
    assert status.reason == "Christmas Eve"
