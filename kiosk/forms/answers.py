"""An answer shown back to the citizen ("Check your answers") or sent to the council (JSON)."""

from collections.abc import Callable
from datetime import date
from typing import Any

from kiosk.forms.dates import format_date as format_date_in_words
from kiosk.forms.model import Address, PhoneNumber, Question
from kiosk.i18n import _


def display_text(
    question: Question, value: Any, format_date: Callable[[date], str] | None = None
) -> str:
    """The answer as the citizen reads it: choice labels, not values; dates in words; several
    answers or address lines one a line. Labels are translated into the current language."""
    if question.type in ("single_choice", "yes_no"):
        choice = question.choice(value)
        return _(choice.label) if choice else str(value)
    if question.type == "multiple_choice":
        labels = [question.choice(v) for v in value]
        return "\n".join(_(choice.label) for choice in labels if choice)
    if isinstance(value, date):
        return (format_date or format_date_in_words)(value)
    if isinstance(value, Address):
        return "\n".join(value.lines())
    if question.type == "consent":
        return _("Yes")
    return str(value)


def to_json(value: Any) -> Any:
    """The answer as the council's system receives it (see docs/forms.md, "What is sent")."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, PhoneNumber):
        return {"national": value.national, "e164": value.e164}
    if isinstance(value, Address):
        return {
            "line1": value.line1,
            "line2": value.line2,
            "town": value.town,
            "postcode": value.postcode,
        }
    if isinstance(value, tuple):
        return list(value)
    return value
