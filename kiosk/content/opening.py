"""Is a place open now, and when next: pure functions with the time passed in.

`now` is the kiosk's own wall-clock time. Bank holidays come from a function passed in (for
example `WorkingDays().holiday_name`): on one, a place is closed unless its closures list that
date with other hours.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from kiosk.content.model import OpeningSession, Place

HolidayName = Callable[[date], str | None]

# How far ahead to look for the next opening; further than that, say it is not open soon.
LOOK_AHEAD_DAYS = 14


@dataclass(frozen=True)
class OpeningStatus:
    as_of: datetime
    is_open: bool
    # When open: the end of the session going on now (sessions that meet count as one).
    closes_at: time | None
    # When closed: the start of the next session within LOOK_AHEAD_DAYS, or None.
    next_opens: datetime | None
    # Why today's hours are not the usual ones: a closure's reason or a bank holiday's name.
    reason: str | None


def hours_on(
    place: Place, day: date, holidays: HolidayName | None = None
) -> tuple[tuple[OpeningSession, ...], str | None]:
    """The sessions on `day`, and the reason when they are not the usual ones for that weekday."""
    closure = place.closures.get(day)
    if closure is not None:
        return closure.sessions, closure.reason
    holiday = holidays(day) if holidays is not None else None
    if holiday:
        return (), holiday
    return place.hours.get(day.weekday(), ()), None


def opening_status(
    place: Place, now: datetime, holidays: HolidayName | None = None
) -> OpeningStatus:
    today, clock = now.date(), now.time()
    sessions, reason = hours_on(place, today, holidays)
    for number, session in enumerate(sessions):
        if session.opens <= clock < session.closes:
            closes = session.closes
            for later in sessions[number + 1 :]:
                if later.opens != closes:
                    break
                closes = later.closes
            return OpeningStatus(now, True, closes, None, reason)
    return OpeningStatus(now, False, None, _next_opening(place, now, holidays), reason)


def _next_opening(place: Place, now: datetime, holidays: HolidayName | None) -> datetime | None:
    for ahead in range(LOOK_AHEAD_DAYS + 1):
        day = now.date() + timedelta(days=ahead)
        sessions, _reason = hours_on(place, day, holidays)
        for session in sessions:
            if ahead or session.opens > now.time():
                return datetime.combine(day, session.opens, tzinfo=now.tzinfo)
    return None


def week_hours(
    place: Place, week_start: date, holidays: HolidayName | None = None
) -> list[tuple[date, tuple[OpeningSession, ...], str | None]]:
    """The seven days from `week_start`: each day's sessions, and why they differ, if they do."""
    days = (week_start + timedelta(days=offset) for offset in range(7))
    return [(day, *hours_on(place, day, holidays)) for day in days]
