"""What the schema cannot check: ids that must match, earlier questions, real choices, keys that
belong to another field type, and the placeholders of next steps.

Runs on data the schema has passed. Each problem is (path, message); the loader adds the line.
"""

import string
from collections.abc import Iterator
from typing import Any

from kiosk.forms.model import CHOICE_TYPES, PREFER_NOT_TO_SAY, TEXT_TYPES
from kiosk.i18n import _
from kiosk.yaml_source import PathInFile

Problem = tuple[PathInFile, str]

# Keys that only make sense for some field types.
_KEY_TYPES = {
    "choices": ("single_choice", "multiple_choice"),
    "max_length": TEXT_TYPES,
    "min": ("number",),
    "max": ("number",),
    "whole_number": ("number",),
    "past_only": ("date",),
    "future_only": ("date",),
    "display": ("single_choice",),
    "monitoring": ("single_choice", "multiple_choice"),
}
_PLACEHOLDERS = {"date": "working_days", "start": "window", "end": "window"}


def check_form(form: dict[str, Any]) -> list[Problem]:
    return [
        *_check_questions(form),
        *_check_conditions(form),
        *_check_next_steps(form),
    ]


def choice_values(question: dict[str, Any]) -> list[str]:
    if question["type"] == "yes_no":
        return ["yes", "no"]
    values = [str(choice["value"]) for choice in question.get("choices", [])]
    if question.get("monitoring"):
        values.append(PREFER_NOT_TO_SAY)
    return values


def _check_questions(form: dict[str, Any]) -> Iterator[Problem]:
    seen: set[str] = set()
    emergencies = form.get("emergencies", {})
    for index, question in enumerate(form["questions"]):
        here: list[str | int] = ["questions", index]
        kind = question["type"]
        if question["id"] in seen:
            yield [*here, "id"], _("the question id '{id}' is used twice").format(id=question["id"])
        seen.add(question["id"])
        for key, types in _KEY_TYPES.items():
            if key in question and kind not in types:
                message = _("'{key}' cannot be used in a {type} question (only in: {types})")
                yield [*here, key], message.format(key=key, type=kind, types=", ".join(types))
        if kind in ("single_choice", "multiple_choice") and "choices" not in question:
            yield (
                here,
                _("'choices' is missing: a {type} question needs its choices").format(type=kind),
            )
        if question.get("past_only") and question.get("future_only"):
            yield here, _("'past_only' and 'future_only' cannot both be true")
        low, high = question.get("min"), question.get("max")
        if low is not None and high is not None and low > high:
            yield [*here, "min"], _("'min' must not be more than 'max'")
        if question.get("monitoring") and "required" in question:
            yield (
                [*here, "required"],
                _("a monitoring question is always optional: remove 'required'"),
            )
        yield from _check_choices(question, here, emergencies)


def _check_choices(
    question: dict[str, Any], here: list[str | int], emergencies: dict[str, Any]
) -> Iterator[Problem]:
    values: set[str] = set()
    for index, choice in enumerate(question.get("choices", [])):
        at: list[str | int] = [*here, "choices", index]
        value = str(choice["value"])
        if value in values:
            yield [*at, "value"], _("the choice value '{value}' is used twice").format(value=value)
        values.add(value)
        if question.get("monitoring") and value == PREFER_NOT_TO_SAY:
            yield (
                [*at, "value"],
                _(
                    "'{value}' is added to monitoring questions by the kiosk: remove this choice"
                ).format(value=value),
            )
        emergency = choice.get("emergency")
        if emergency is not None and emergency not in emergencies:
            known = ", ".join(emergencies) or _("this form has none")
            yield (
                [*at, "emergency"],
                _("there is no emergency '{id}' in 'emergencies' (there is: {known})").format(
                    id=emergency, known=known
                ),
            )
        if choice.get("exclusive") and question["type"] != "multiple_choice":
            yield (
                [*at, "exclusive"],
                _("'exclusive' can only be used in a multiple_choice question"),
            )


def _check_conditions(form: dict[str, Any]) -> Iterator[Problem]:
    questions = form["questions"]
    for index, question in enumerate(questions):
        if "show_if" in question:
            yield from _check_condition(form, ["questions", index, "show_if"], before=index)
    for index in range(len(form.get("routes", []))):
        yield from _check_condition(form, ["routes", index, "when"], before=len(questions))
    for index, step in enumerate(form["next_steps"]):
        if "when" in step:
            yield from _check_condition(form, ["next_steps", index, "when"], before=len(questions))


def _check_condition(form: dict[str, Any], path: list[str | int], before: int) -> Iterator[Problem]:
    condition: Any = form
    for step in path:
        condition = condition[step]
    if ("equals" in condition) == ("any_of" in condition):
        yield path, _("give either 'equals' or 'any_of' (one of the two)")
    target = condition["question"]
    position = next((i for i, q in enumerate(form["questions"]) if q["id"] == target), None)
    if position is None:
        yield [*path, "question"], _("there is no question '{id}' in this form").format(id=target)
        return
    question = form["questions"][position]
    if position == before and path[0] == "questions":
        yield [*path, "question"], _("a question cannot depend on its own answer")
        return
    if position > before:
        yield (
            [*path, "question"],
            _("question '{id}' comes later: show_if can only use an earlier question").format(
                id=target
            ),
        )
        return
    if question["type"] not in CHOICE_TYPES:
        yield (
            [*path, "question"],
            _(
                "question '{id}' is a {type} question: only single_choice, multiple_choice and"
                " yes_no answers can be used here"
            ).format(id=target, type=question["type"]),
        )
        return
    allowed = choice_values(question)
    wanted = [condition["equals"]] if "equals" in condition else condition.get("any_of", [])
    for index, value in enumerate(wanted):
        if str(value) not in allowed:
            at = [*path, "equals"] if "equals" in condition else [*path, "any_of", index]
            yield (
                at,
                _("'{value}' is not a choice of question '{id}' (use one of: {values})").format(
                    value=value, id=target, values=", ".join(allowed)
                ),
            )


def _check_next_steps(form: dict[str, Any]) -> Iterator[Problem]:
    for index, step in enumerate(form["next_steps"]):
        here: list[str | int] = ["next_steps", index]
        try:
            used = {name for _text, name, _spec, _conv in string.Formatter().parse(step["text"])}
        except ValueError:
            yield (
                [*here, "text"],
                _("the text has a '{' or '}' on its own: write placeholders like {date}"),
            )
            continue
        used.discard(None)
        for name in sorted(str(n) for n in used):
            if name not in _PLACEHOLDERS:
                yield (
                    [*here, "text"],
                    _(
                        "the text uses {{{name}}}, which the kiosk cannot fill in (use {{date}},"
                        " {{start}} or {{end}})"
                    ).format(name=name),
                )
            elif _PLACEHOLDERS[name] not in step:
                yield (
                    [*here, "text"],
                    _("the text uses {{{name}}} but '{key}' is missing").format(
                        name=name, key=_PLACEHOLDERS[name]
                    ),
                )
        if "working_days" in step and "date" not in used:
            yield (
                [*here, "working_days"],
                _("'working_days' is given but the text has no {date} to show it"),
            )
        if "window" in step:
            if not {"start", "end"} <= used:
                yield (
                    [*here, "window"],
                    _("'window' is given but the text does not show both {start} and {end}"),
                )
            start, end = step["window"]
            if start >= end:
                yield [*here, "window"], _("the window must start before it ends")
