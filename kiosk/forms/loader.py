"""Loads the forms in assets/forms: YAML, checked against the schema and across references.

A broken form is refused with problems naming its file, line and field; the others still load.
A form that passed before, unchanged, is taken from the cache of checked files (when the caller
gives one) without parsing or checking it again.
"""

import functools
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import Any

from kiosk.checked_cache import CheckedFiles, fingerprint
from kiosk.forms.model import (
    DEFAULT_MAX_LENGTH,
    PREFER_NOT_TO_SAY,
    Choice,
    Condition,
    Emergency,
    FormDefinition,
    NextStep,
    Question,
    Route,
)
from kiosk.forms.problems import FormDefinitionError, FormProblem, schema_problems, with_place
from kiosk.forms.schema import FORM_SCHEMA
from kiosk.i18n import N_, _
from kiosk.yaml_source import YamlProblem, duplicate_keys, read_yaml

__all__ = [
    "DEFAULT_FORMS_DIR",
    "FormDefinitionError",
    "FormProblem",
    "checked_forms_cache",
    "load_form",
    "load_forms",
]

DEFAULT_FORMS_DIR = Path(__file__).resolve().parent.parent.parent / "assets" / "forms"
_KIOSK_DIR = Path(__file__).resolve().parent.parent


def checked_forms_cache(path: Path) -> CheckedFiles:
    """The cache of forms that passed, kept at `path`; a change to the code that reads and
    checks forms (this package, the YAML reader) empties it."""
    code = [*Path(__file__).parent.glob("*.py"), _KIOSK_DIR / "yaml_source.py"]
    return CheckedFiles(path, fingerprint(code))


@functools.cache
def _validator() -> Any:
    from jsonschema import Draft202012Validator  # loaded when a form is checked, not before

    return Draft202012Validator(FORM_SCHEMA)


_YES_NO = (Choice("yes", N_("Yes")), Choice("no", N_("No")))
_PREFER_NOT_TO_SAY = Choice(PREFER_NOT_TO_SAY, N_("Prefer not to say"))


def load_form(path: Path, cache: CheckedFiles | None = None) -> FormDefinition:
    """The form in `path`; raises FormDefinitionError listing every problem found."""
    name = path.name
    try:
        content = path.read_bytes()
    except OSError as error:
        raise _refused(
            name,
            None,
            _("the file cannot be read ({reason})").format(reason=error.strerror or error),
        ) from None
    checked = cache.get(content) if cache is not None else None
    if checked is None:
        checked = _check(name, content)
        if cache is not None:
            cache.put(content, checked)
    return _build(checked["data"], checked["lines"], name)


def _check(name: str, content: bytes) -> dict[str, Any]:
    """The form's data and the line of each question, once it passes every check."""
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        raise _refused(name, None, _("the file is not saved as UTF-8 text")) from None
    try:
        located = read_yaml(text, numbers=True)
    except YamlProblem as problem:
        message = _("this is not valid YAML: {problem}").format(problem=problem.message)
        raise _refused(name, problem.line, message) from None
    if located.data is None:
        raise _refused(name, None, _("the file is empty"))
    for line, key in duplicate_keys(located.root)[:1]:
        raise _refused(name, line, _("the key '{key}' is given twice").format(key=key))

    found = [
        FormProblem(name, line, message)
        for schema_error in _validator().iter_errors(located.data)
        for line, message in schema_problems(schema_error, located)
    ]
    if not found:
        from kiosk.forms.checks import check_form  # a form from the cache is not checked again

        found = [
            FormProblem(name, located.line(at), with_place(located.data, at, message))
            for at, message in check_form(located.data)
        ]
    if found:
        unique = dict.fromkeys(found)
        raise FormDefinitionError(sorted(unique, key=lambda p: (p.line or 0, p.message)))
    count = len(located.data["questions"])
    lines = [located.line(["questions", index]) or 0 for index in range(count)]
    return {"data": located.data, "lines": lines}


def load_forms(
    folder: Path = DEFAULT_FORMS_DIR, cache: CheckedFiles | None = None
) -> tuple[list[FormDefinition], list[FormProblem]]:
    """Every usable form in `folder` (sorted by order), and the problems of the others."""
    forms: list[FormDefinition] = []
    problems: list[FormProblem] = []
    if not folder.is_dir():
        return [], [FormProblem(folder.name, None, _("the folder of forms is missing"))]
    used: dict[str, str] = {}
    for path in sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")]):
        try:
            form = load_form(path, cache)
        except FormDefinitionError as error:
            problems.extend(error.problems)
            continue
        if form.id in used:
            message = _("the form id '{id}' is already used by {other}")
            problems.append(
                FormProblem(path.name, None, message.format(id=form.id, other=used[form.id]))
            )
            continue
        used[form.id] = path.name
        forms.append(form)
    forms.sort(key=lambda form: (form.order, form.id))
    return forms, problems


def _refused(name: str, line: int | None, message: str) -> FormDefinitionError:
    return FormDefinitionError([FormProblem(name, line, message)])


def _condition(data: Mapping[str, Any] | None) -> Condition | None:
    if data is None:
        return None
    any_of = data.get("any_of")
    return Condition(
        question=data["question"],
        equals=str(data["equals"]) if "equals" in data else None,
        any_of=tuple(str(value) for value in any_of) if any_of is not None else None,
    )


def _question(data: Mapping[str, Any], line: int) -> Question:
    kind = data["type"]
    monitoring = bool(data.get("monitoring", False))
    choices = tuple(
        Choice(
            value=str(choice["value"]),
            label=choice["label"],
            hint=choice.get("hint"),
            emergency=choice.get("emergency"),
            exclusive=bool(choice.get("exclusive", False)),
        )
        for choice in data.get("choices", [])
    )
    if kind == "yes_no":
        choices = _YES_NO
    if monitoring:
        choices = (*choices, _PREFER_NOT_TO_SAY)
    minimum, maximum = data.get("min"), data.get("max")
    return Question(
        id=data["id"],
        type=kind,
        label=data["label"],
        hint=data.get("hint"),
        required=False if monitoring else bool(data.get("required", True)),
        choices=choices,
        max_length=data.get("max_length", DEFAULT_MAX_LENGTH.get(kind)),
        minimum=float(minimum) if minimum is not None else None,
        maximum=float(maximum) if maximum is not None else None,
        whole_number=bool(data.get("whole_number", True)),
        show_if=_condition(data.get("show_if")),
        monitoring=monitoring,
        past_only=bool(data.get("past_only", False)),
        future_only=bool(data.get("future_only", False)),
        display=data.get("display"),
        line=line,
        error=data.get("error"),
    )


def _build(data: Mapping[str, Any], lines: Sequence[int], source: str) -> FormDefinition:
    questions = tuple(
        _question(question, line) for question, line in zip(data["questions"], lines, strict=True)
    )
    emergencies = {
        key: Emergency(
            id=key,
            title=value["title"],
            message=value["message"],
            phone=value["phone"],
            phone_label=value.get("phone_label"),
        )
        for key, value in data.get("emergencies", {}).items()
    }
    routes = tuple(
        Route(when=condition, departments=tuple(route["departments"]))
        for route in data.get("routes", [])
        if (condition := _condition(route["when"])) is not None
    )
    next_steps = tuple(
        NextStep(
            text=step["text"],
            working_days=step.get("working_days"),
            window=(step["window"][0], step["window"][1]) if "window" in step else None,
            when=_condition(step.get("when")),
        )
        for step in data["next_steps"]
    )
    return FormDefinition(
        id=data["id"],
        kind=data["kind"],
        services=tuple(data["services"]),
        title=data["title"],
        summary=data["summary"],
        order=data["order"],
        questions=questions,
        emergencies=MappingProxyType(emergencies),
        routes=routes,
        next_steps=next_steps,
        home=bool(data.get("home", True)),
        offered_at_end=bool(data.get("offered_at_end", False)),
        source=source,
        receipt_title=data.get("receipt_title"),
    )
