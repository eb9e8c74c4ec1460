"""Walks through a form that between them reach every page: which answers show each page
behind a `show_if`, packed into as few walks as the answers allow, with a sample answer for
every other page and, for an optional page, an answer the form refuses (to show its error).
Used by the tour of screens and its tests."""

from datetime import date
from typing import Any

from kiosk.forms.model import FormDefinition, Question
from kiosk.sample_answers import sample_raw

Plan = dict[str, tuple[str, ...]]
"""The answers one walk through a form takes where it matters: question id → choice values."""


def walk_plans(form: FormDefinition) -> list[Plan]:
    """Walks that between them reach every page of the form. A page behind a show_if needs
    certain earlier answers; each walk takes as many such pages as its answers allow together
    (a single choice has one answer a walk, a multiple choice can tick several)."""
    plans: list[Plan] = [{}]
    for question in form.questions:
        needs = _answers_that_show(form, question)
        if not needs:
            continue  # always shown, or never (a form the tour's test then reports)
        for number, plan in enumerate(plans):
            merged = _merge(form, plan, needs)
            if merged is not None:
                plans[number] = merged
                break
        else:
            plans.append(needs)
    return plans


def _answers_that_show(form: FormDefinition, question: Question) -> Plan:
    """The earlier answers that show `question`: its show_if, and that question's, in turn."""
    needs: Plan = {}
    condition = question.show_if
    while condition is not None:
        asked = form.question(condition.question)
        safe = [v for v in condition.values() if not _is_emergency(asked, v)]
        if not safe or asked.id in needs:
            return {}
        needs[asked.id] = (safe[0],)
        condition = asked.show_if
    return needs


def _is_emergency(question: Question, value: str) -> bool:
    choice = question.choice(value)
    return choice is not None and choice.emergency is not None


def _merge(form: FormDefinition, plan: Plan, needs: Plan) -> Plan | None:
    """One walk taking both sets of answers, or None where they disagree."""
    merged = dict(plan)
    for question_id, values in needs.items():
        question = form.question(question_id)
        had = merged.get(question_id, ())
        if question.type == "multiple_choice":
            ticked = [c for c in question.choices if c.value in {*had, *values}]
            if len(ticked) > 1 and any(c.exclusive for c in ticked):
                return None
            merged[question_id] = tuple(c.value for c in ticked)
        elif had and had != values:
            return None
        else:
            merged[question_id] = values
    return merged


def refused_raw(question: Question, today: date) -> Any:
    """An answer the screen lets an optional question be given that the form refuses (too
    long, not an email address...), to show its error; None where every such answer is fine."""
    kind = question.type
    if kind in ("short_text", "long_text"):
        sample = str(sample_raw(question, today))
        limit = question.limit or 0
        return " ".join([sample] * ((limit + 1) // (len(sample) + 1) + 1))
    if kind == "number":
        return "1.5" if question.whole_number else None
    wrong = {
        "email": "sample.citizen@",
        "phone": "01709",
        "postcode": "S65",
        "date": {"day": "31", "month": "2", "year": str(today.year)},
        "address": {"line1": "1 Sample Street", "line2": "", "town": "", "postcode": ""},
    }
    return wrong.get(kind)


def fitting_sample(question: Question, today: date, plan: Plan) -> Any:
    """The walk's answer: the planned choices, or a sample cut to the page's character limit."""
    if question.id in plan:
        values = plan[question.id]
        return list(values) if question.type == "multiple_choice" else values[0]
    raw = sample_raw(question, today)
    if question.limit is not None and isinstance(raw, str):
        raw = raw[: question.limit].strip()
    return raw
