"""A plausible answer for any question, as a citizen would enter it on the screen.

Used to walk every form end to end: the tour of screens, the benchmarks and the tests. The
answers are obviously samples; none is a real person's.
"""

from datetime import date, timedelta
from typing import Any

from kiosk.forms.model import Question


def sample_raw(question: Question, today: date) -> Any:
    """What the screen's editor would hand over for a valid, non-emergency answer."""
    kind = question.type
    if kind in ("single_choice", "multiple_choice"):
        safe = [c for c in question.choices if c.emergency is None and not c.exclusive]
        first = (safe or list(question.choices))[0].value
        return [first] if kind == "multiple_choice" else first
    if kind == "yes_no":
        return "yes"
    if kind == "consent":
        return True
    if kind == "date":
        day = today + timedelta(days=7) if question.future_only else today - timedelta(days=30)
        return {"day": str(day.day), "month": str(day.month), "year": str(day.year)}
    if kind == "address":
        return {"line1": "1 Sample Street", "line2": "", "town": "Rotherham", "postcode": "s65 1uf"}
    if kind == "postcode":
        return "s65 1uf"
    if kind == "phone":
        return "01709 336000"
    if kind == "email":
        return "sample.citizen@example.com"
    if kind == "number":
        low = question.minimum if question.minimum is not None else 1
        return str(int(low) if question.whole_number else low)
    if kind == "long_text":
        return "This is a sample answer, written as a citizen might: plain and short."
    return "Sample Answer"
