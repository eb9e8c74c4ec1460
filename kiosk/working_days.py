"""Working days for the council's promises: Monday to Friday, less England and Wales bank holidays.

"Acknowledged within 5 working days" means the fifth working day after the day it arrived,
whatever day that was; substitute days (Boxing Day on a Saturday moves to Monday) count as
holidays, as the `holidays` package records them.
"""

from datetime import date, timedelta
from functools import cached_property
from typing import Any


class WorkingDays:
    def __init__(self, subdivision: str = "ENG") -> None:
        # England and Wales share their bank holidays; Scotland and Northern Ireland differ.
        self._subdivision = subdivision

    @cached_property
    def _holidays(self) -> Any:
        # On first use, not at start-up: the calendar takes a noticeable moment to load.
        import holidays

        return holidays.country_holidays("GB", subdiv=self._subdivision)

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and day not in self._holidays

    def holiday_name(self, day: date) -> str | None:
        name = self._holidays.get(day)
        return None if name is None else str(name)

    def add(self, start: date, count: int) -> date:
        """The `count`-th working day after `start` (`start` itself never counts)."""
        if count < 0:
            raise ValueError("count must not be negative")
        day = start
        remaining = count
        while remaining:
            day += timedelta(days=1)
            if self.is_working_day(day):
                remaining -= 1
        return day

    def next_working_day(self, start: date) -> date:
        """`start` itself if it is a working day, else the next one."""
        day = start
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day
