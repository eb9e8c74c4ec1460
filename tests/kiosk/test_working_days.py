from datetime import date

import pytest

from kiosk.working_days import WorkingDays

days = WorkingDays()


@pytest.mark.parametrize(
    ("start", "count", "expected"),
    [
        (date(2026, 11, 23), 5, date(2026, 11, 30)),  # Monday + 5 = next Monday
        (date(2026, 11, 28), 1, date(2026, 11, 30)),  # Saturday: Monday is the first
        # Christmas 2026: Fri 25th, Boxing Day Saturday so Monday 28th is the substitute,
        # then New Year's Day on the Friday.
        (date(2026, 12, 23), 5, date(2027, 1, 4)),
        (date(2026, 12, 23), 15, date(2027, 1, 18)),
        (date(2026, 12, 24), 1, date(2026, 12, 29)),
        # Easter 2027: Good Friday 26 March, Easter Monday 29 March.
        (date(2027, 3, 25), 1, date(2027, 3, 30)),
        (date(2027, 3, 24), 5, date(2027, 4, 2)),
        # Christmas 2027 falls at a weekend: both substitutes (27th and 28th) are holidays.
        (date(2027, 12, 24), 1, date(2027, 12, 29)),
        (date(2026, 11, 23), 0, date(2026, 11, 23)),
    ],
)
def test_add_working_days(start, count, expected):
    assert days.add(start, count) == expected


def test_holidays_and_weekends():
    assert not days.is_working_day(date(2026, 12, 28))
    assert days.holiday_name(date(2026, 12, 28)) == "Boxing Day (observed)"
    assert not days.is_working_day(date(2026, 11, 29))
    assert days.is_working_day(date(2026, 11, 30))
    assert days.next_working_day(date(2026, 12, 25)) == date(2026, 12, 29)
    with pytest.raises(ValueError):
        days.add(date(2026, 1, 1), -1)
