"""Dates entered in three boxes (day, month, year), checked the GOV.UK way."""

from collections.abc import Mapping
from datetime import date
from typing import Any

from kiosk.formatting import MONTH_NAMES
from kiosk.forms.model import Question
from kiosk.i18n import N_, _

PARTS = ("day", "month", "year")
EARLIEST_YEAR = 1900

# People often type the month as a word; English names and their first three letters are read.
_MONTHS_BY_NAME = {
    **{name.lower(): number for number, name in enumerate(MONTH_NAMES, 1)},
    **{name[:3].lower(): number for number, name in enumerate(MONTH_NAMES, 1)},
    "sept": 9,
}

_MISSING = {
    ("day",): N_("The date must include a day"),
    ("month",): N_("The date must include a month"),
    ("year",): N_("The date must include a year"),
    ("day", "month"): N_("The date must include a day and a month"),
    ("day", "year"): N_("The date must include a day and a year"),
    ("month", "year"): N_("The date must include a month and a year"),
}

DateError = tuple[str | None, str]


def parts_of(raw: Any) -> dict[str, str]:
    if raw is None:
        return dict.fromkeys(PARTS, "")
    if not isinstance(raw, Mapping):
        raise TypeError(f"a date answer is a mapping of day, month and year, not {type(raw)}")
    return {part: str(raw.get(part) or "").strip() for part in PARTS}


def read_date(question: Question, parts: Mapping[str, str], today: date) -> date | DateError:
    """The date in `parts` (none of them all empty), or the part at fault and the message."""
    missing = tuple(part for part in PARTS if not parts[part])
    if missing:
        return missing[0], _(_MISSING[missing])
    day_text, month_text, year_text = parts["day"], parts["month"], parts["year"]
    if not day_text.isdigit() or not 1 <= int(day_text) <= 31:
        return "day", _("The date must be a real date")
    month = _month(month_text)
    if month is None:
        return "month", _("The date must be a real date")
    if not (year_text.isdigit() and len(year_text) == 4):
        return "year", _("The year must include 4 numbers")
    if int(year_text) < EARLIEST_YEAR:
        return "year", _("The year must be {year} or later").format(year=EARLIEST_YEAR)
    try:
        value = date(int(year_text), month, int(day_text))
    except ValueError:
        return None, _("The date must be a real date")
    if question.past_only and value > today:
        return None, _("The date must be today or in the past")
    if question.future_only and value < today:
        return None, _("The date must be today or in the future")
    return value


def _month(text: str) -> int | None:
    if text.isdigit():
        number = int(text)
        return number if 1 <= number <= 12 else None
    return _MONTHS_BY_NAME.get(text.lower().rstrip("."))


def format_date(value: date) -> str:
    """The date as people write it, e.g. 23 November 2026, with the month in their language."""
    return _("{day} {month} {year}").format(
        day=value.day, month=_(MONTH_NAMES[value.month - 1]), year=value.year
    )
