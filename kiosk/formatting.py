"""Dates and times as the citizen reads them, in the current language (Babel's CLDR data)."""

import re
from datetime import date, time

from kiosk.i18n import N_

_locale = "en_GB"

# Month names as the catalogue translates them (for dates written in words, and for reading a
# month typed as a word).
MONTH_NAMES = (
    N_("January"),
    N_("February"),
    N_("March"),
    N_("April"),
    N_("May"),
    N_("June"),
    N_("July"),
    N_("August"),
    N_("September"),
    N_("October"),
    N_("November"),
    N_("December"),
)


def set_locale(code: str) -> None:
    global _locale
    _locale = code


def number(value: int) -> str:
    """1,200 in English; each language's own grouping elsewhere."""
    from babel.numbers import format_decimal  # Babel loads on first use, not at start-up

    return format_decimal(value, locale=_locale)


def long_date(day: date) -> str:
    """ "Monday 30 November 2026" (GOV.UK style, no comma) in English; CLDR's in other languages."""
    from babel.dates import format_date

    if _locale.startswith("en"):
        return format_date(day, format="EEEE d MMMM y", locale=_locale)
    return format_date(day, format="full", locale=_locale)


def clock_time(moment: time) -> str:
    if _locale.startswith("en"):
        # "9am", "5:30pm": how GOV.UK writes times.
        hour = moment.hour % 12 or 12
        suffix = "am" if moment.hour < 12 else "pm"
        return f"{hour}{suffix}" if moment.minute == 0 else f"{hour}:{moment.minute:02d}{suffix}"
    from babel.dates import format_time

    return format_time(moment, format="short", locale=_locale)


# A space between two groups of digits, as in a phone number: "01632 960041".
_SPACED_DIGITS = re.compile(r"(?<=\d) (?=\d)")


def keep_numbers_whole(text: str) -> str:
    """A phone number's groups joined by no-break spaces: it never breaks across two lines, and
    in a right-to-left sentence its groups stay in their order. (Digits either side of a plain
    space in Arabic-script text are laid out as two numbers, right one first: "960041 01632".)"""
    return _SPACED_DIGITS.sub("\u00a0", text)
