"""Checks one answer as the citizen entered it and gives it back in a standard form.

Messages follow the GOV.UK style ("Enter a real postcode, like S65 1UF") and are translated when
they are made, so they are in the citizen's language. Text is kept exactly as typed (emoji,
right-to-left scripts, anything that looks like code is just text) but for the surrounding
spaces; characters that cannot be typed on the kiosk's keyboard are refused, above all those that
can make text shown to staff read differently from what was entered.
"""

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from kiosk.formatting import number
from kiosk.forms.dates import parts_of, read_date
from kiosk.forms.model import Address, Question
from kiosk.forms.phone import has_letters, parse_uk_phone
from kiosk.forms.postcode import normalise_postcode
from kiosk.i18n import N_, _, ngettext

__all__ = ["FieldError", "validate"]


@dataclass(frozen=True)
class FieldError:
    """What is wrong with an answer; `part` is the box at fault (day, line1...) or None."""

    part: str | None
    message: str


Result = tuple[Any, list[FieldError]]

# Explicit direction overrides and isolates: they can make "Refund 100" display as something
# else on a member of staff's screen.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s.]+(?:\.[^@\s.]+)+$")
_EMAIL_MAX = 254
_NUMBER = re.compile(r"^[-+]?(?:\d+|\d{1,3}(?:,\d{3})+)(?:\.\d+)?$")
_NUMBER_MAX_LENGTH = 20
_ADDRESS_LINE_MAX = 100

_REQUIRED = {
    "short_text": N_("Enter an answer"),
    "long_text": N_("Enter an answer"),
    "single_choice": N_("Select an answer"),
    "yes_no": N_("Select yes or no"),
    "multiple_choice": N_("Select at least one answer"),
    "date": N_("Enter a date"),
    "postcode": N_("Enter a postcode"),
    "phone": N_("Enter a phone number"),
    "email": N_("Enter an email address"),
    "number": N_("Enter a number"),
    "address": N_("Enter an address"),
    "consent": N_("Tick the box to continue"),
}


def validate(question: Question, raw: Any, *, today: date) -> Result:
    """The answer to `question` in standard form (None when left empty and optional) and what is
    wrong with it. `today` is the citizen's date, for past_only and future_only."""
    if question.type == "date":
        return _date(question, raw, today)
    if question.type == "address":
        return _address(question, raw)
    if _is_empty(raw):
        if question.required:
            return None, [FieldError(None, _(question.error or _REQUIRED[question.type]))]
        return None, []
    return _CHECKS[question.type](question, raw)


def _is_empty(raw: Any) -> bool:
    if raw is None or raw is False:
        return True
    if isinstance(raw, str):
        return not raw.strip()
    if isinstance(raw, list | tuple):
        return not raw
    return False


def _as_text(raw: Any) -> str:
    if not isinstance(raw, str):
        raise TypeError(f"this answer is text, not {type(raw)}")
    return raw.strip()


def text_problem(text: str, limit: int, *, multiline: bool) -> str | None:
    """Why `text` cannot be kept, or None. The limit counts characters, not bytes."""
    if any(character in _BIDI_CONTROLS for character in text):
        return _(
            "Your answer contains hidden characters that change the direction of text. "
            "Delete the answer and type it again."
        )
    allowed = "\n\t" if multiline else ""
    for character in text:
        if character not in allowed and unicodedata.category(character) in ("Cc", "Cs"):
            return _(
                "Your answer contains a hidden character that cannot be used. "
                "Delete the answer and type it again."
            )
    if len(text) > limit:
        return ngettext(
            "Your answer must be {limit} character or fewer",
            "Your answer must be {limit} characters or fewer",
            limit,
        ).format(limit=number(limit))
    return None


def _text(question: Question, raw: Any) -> Result:
    text = _as_text(raw)
    problem = text_problem(text, question.limit or 0, multiline=question.type == "long_text")
    return (None, [FieldError(None, problem)]) if problem else (text, [])


def _single(question: Question, raw: Any) -> Result:
    if question.type == "yes_no" and isinstance(raw, bool):
        raw = "yes" if raw else "no"
    value = _as_text(raw)
    if question.choice(value) is None:
        return None, [FieldError(None, _("Select one of the answers shown"))]
    return value, []


def _multiple(question: Question, raw: Any) -> Result:
    picked = [raw] if isinstance(raw, str) else raw
    if not isinstance(picked, Sequence):
        raise TypeError(f"a multiple choice answer is a list of values, not {type(raw)}")
    if any(question.choice(str(value)) is None for value in picked):
        return None, [FieldError(None, _("Select from the answers shown"))]
    # In the order of the question, each once, whatever the order of the taps.
    chosen = tuple(c for c in question.choices if c.value in {str(value) for value in picked})
    exclusive = next((c for c in chosen if c.exclusive), None)
    if exclusive is not None and len(chosen) > 1:
        message = _("Select either “{choice}” or the other answers, not both")
        return None, [FieldError(None, message.format(choice=_(exclusive.label)))]
    return tuple(choice.value for choice in chosen), []


def _postcode(question: Question, raw: Any) -> Result:
    value = normalise_postcode(_as_text(raw))
    if value is None:
        return None, [FieldError(None, _("Enter a real postcode, like S65 1UF"))]
    return value, []


def _phone(question: Question, raw: Any) -> Result:
    text = _as_text(raw)
    if has_letters(text):
        message = _("A phone number can only include numbers, spaces, brackets and +")
        return None, [FieldError(None, message)]
    value = parse_uk_phone(text)
    if value is None:
        return None, [FieldError(None, _("Enter a UK phone number, like 01709 336000"))]
    return value, []


def _email(question: Question, raw: Any) -> Result:
    text = _as_text(raw)
    if len(text) > _EMAIL_MAX:
        message = _("The email address must be {limit} characters or fewer")
        return None, [FieldError(None, message.format(limit=_EMAIL_MAX))]
    if not _EMAIL.match(text) or text_problem(text, _EMAIL_MAX, multiline=False):
        message = _("Enter an email address in the correct format, like name@example.com")
        return None, [FieldError(None, message)]
    local, domain = text.rsplit("@", 1)
    # The part after @ is not case-sensitive; the part before it may be, so it is kept.
    return f"{local}@{domain.lower()}", []


def _number(question: Question, raw: Any) -> Result:
    number_given = isinstance(raw, int | float) and not isinstance(raw, bool)
    text = str(raw) if number_given else _as_text(raw)
    if len(text) > _NUMBER_MAX_LENGTH or not _NUMBER.match(text):
        return None, [FieldError(None, _("Enter a number, like 12"))]
    number = Decimal(text.replace(",", ""))
    if question.whole_number and number != number.to_integral_value():
        return None, [FieldError(None, _("Enter a whole number, like 12"))]
    value: int | float = int(number) if question.whole_number else float(number)
    low, high = question.minimum, question.maximum
    if (low is not None and value < low) or (high is not None and value > high):
        return None, [FieldError(None, _range_message(low, high))]
    return value, []


def _range_message(low: float | None, high: float | None) -> str:
    def shown(limit: float) -> str:
        return str(int(limit)) if float(limit).is_integer() else str(limit)

    if low is not None and high is not None:
        return _("Enter a number from {min} to {max}").format(min=shown(low), max=shown(high))
    if low is not None:
        return _("Enter a number of {min} or more").format(min=shown(low))
    return _("Enter a number of {max} or less").format(max=shown(high or 0))


def _consent(question: Question, raw: Any) -> Result:
    if raw is not True:
        raise TypeError(f"a consent answer is True or False, not {raw!r}")
    return True, []


_REQUIRED_DATE = _REQUIRED["date"]  # outside _(): the extractor would take "date" as a message


def _date(question: Question, raw: Any, today: date) -> Result:
    parts = parts_of(raw)
    if not any(parts.values()):
        if question.required:
            return None, [FieldError("day", _(question.error or _REQUIRED_DATE))]
        return None, []
    result = read_date(question, parts, today)
    if isinstance(result, date):
        return result, []
    part, message = result
    return None, [FieldError(part, message)]


def _address(question: Question, raw: Any) -> Result:
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise TypeError(f"an address answer is a mapping of its lines, not {type(raw)}")
    parts = {key: str(raw.get(key) or "").strip() for key in ("line1", "line2", "town", "postcode")}
    if not any(parts.values()):
        if not question.required:
            return None, []
        if question.error:
            return None, [FieldError("line1", _(question.error))]
    errors: list[FieldError] = []
    if not parts["line1"]:
        errors.append(FieldError("line1", _("Enter the building and street")))
    if not parts["town"]:
        errors.append(FieldError("town", _("Enter the town or city")))
    for key in ("line1", "line2", "town"):
        problem = parts[key] and text_problem(parts[key], _ADDRESS_LINE_MAX, multiline=False)
        if problem:
            errors.append(FieldError(key, problem))
    postcode = normalise_postcode(parts["postcode"])
    if not parts["postcode"]:
        errors.append(FieldError("postcode", _("Enter the postcode")))
    elif postcode is None:
        errors.append(FieldError("postcode", _("Enter a real postcode, like S65 1UF")))
    if errors:
        return None, errors
    assert postcode is not None
    return Address(parts["line1"], parts["line2"], parts["town"], postcode), []


_CHECKS: dict[str, Callable[[Question, Any], Result]] = {
    "short_text": _text,
    "long_text": _text,
    "single_choice": _single,
    "yes_no": _single,
    "multiple_choice": _multiple,
    "postcode": _postcode,
    "phone": _phone,
    "email": _email,
    "number": _number,
    "consent": _consent,
}
