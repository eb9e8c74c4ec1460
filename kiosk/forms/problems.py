"""Problems in a form definition, told so a council officer can find and fix them.

Each names the file, the line and the place in the form ("question 'what_happened'"), e.g.
`complaint.yaml, line 14: question 'what_happened': 'long_txt' is not a field type (use one
of: short_text, ...)`.
"""

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from kiosk.forms import schema
from kiosk.i18n import N_, _, ngettext
from kiosk.yaml_source import FileProblem, Located, PathInFile, step_into

if TYPE_CHECKING:
    from jsonschema import ValidationError  # loaded only when a file is checked

# A problem in a form file, named as officers read it: "complaint.yaml, line 14: ...".
FormProblem = FileProblem


class FormDefinitionError(Exception):
    """A form definition that cannot be used; `problems` says what to fix, and where."""

    def __init__(self, problems: Sequence[FormProblem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


def place(data: Any, path: PathInFile) -> str:
    """Where `path` is in the form, in the officer's words: "question 'x', choice 'y'"."""
    pieces: list[str] = []
    node = data
    parent: str | int | None = None
    for step in path:
        node = step_into(node, step)
        if isinstance(step, int) and parent in _ITEM_NAMES:
            named, numbered = _ITEM_NAMES[parent]
            name = _item_name(node, parent)
            pieces.append(_(named).format(name=name) if name else _(numbered).format(n=step + 1))
        elif parent == "emergencies" and isinstance(step, str):
            pieces.append(_("emergency '{name}'").format(name=step))
        elif step in ("show_if", "when"):
            pieces.append(str(step))
        parent = step
    return ", ".join(pieces)


_ITEM_NAMES = {
    "questions": (N_("question '{name}'"), N_("question {n}")),
    "choices": (N_("choice '{name}'"), N_("choice {n}")),
    "routes": ("", N_("route {n}")),
    "next_steps": ("", N_("next step {n}")),
}


def _item_name(node: Any, parent: str | int | None) -> str | None:
    key = {"questions": "id", "choices": "value"}.get(str(parent))
    if key and isinstance(node, dict) and isinstance(node.get(key), str | int):
        return str(node[key])
    return None


def with_place(data: Any, path: PathInFile, message: str) -> str:
    where = place(data, path)
    return _("{place}: {message}").format(place=where, message=message) if where else message


_TYPE_MESSAGES = {
    "string": N_("{subject} must be text"),
    "integer": N_("{subject} must be a whole number"),
    "number": N_("{subject} must be a number"),
    "boolean": N_("{subject} must be true or false"),
    "array": N_("{subject} must be a list, each item on its own line starting with '-'"),
    "object": N_("{subject} must be a set of keys, each on its own line like 'label: ...'"),
}

_PATTERN_MESSAGES = {
    schema.ID_PATTERN: N_(
        "'{value}' is not a usable name for {subject}: use small letters a to z, numbers and _,"
        " starting with a letter"
    ),
    schema.KIND_PATTERN: N_(
        "'{value}' is not a usable name for {subject}: use small letters a to z, numbers, _ . and"
        " -, starting with a letter, at most 64 characters"
    ),
    schema.VALUE_PATTERN: N_(
        "'{value}' is not a usable choice value: use small letters a to z, numbers, _ and -"
    ),
    schema.PHONE_PATTERN: N_(
        "'{value}' is not a phone number: use numbers and spaces only, like 0800 111 999"
    ),
    schema.TIME_PATTERN: N_("'{value}' is not a time: write hours and minutes, like \"09:00\""),
}

_ENUM_MESSAGES = {
    "type": N_("'{value}' is not a field type (use one of: {allowed})"),
    "display": N_("'{value}' is not a display style (use one of: {allowed})"),
}


def _subject(path: PathInFile) -> str:
    if not path:
        return _("the form")
    last = path[-1]
    if isinstance(last, int):
        parent = path[-2] if len(path) > 1 else ""
        if parent in _ITEM_NAMES:
            return _("this")  # the place already names it: "question 3: this must be..."
        return _("item {n} of '{key}'").format(n=last + 1, key=parent)
    return f"'{last}'"


def schema_problems(error: "ValidationError", located: Located) -> list[tuple[int | None, str]]:
    """One schema error as (line, message) pairs; a missing or unknown key may give several."""
    path = list(error.absolute_path)
    data = located.data
    subject = _subject(path)
    kind = error.validator
    if "propertyNames" in error.schema_path and isinstance(error.instance, str):
        message = _(_PATTERN_MESSAGES[schema.ID_PATTERN]).format(
            value=error.instance, subject=subject
        )
        return [(located.key_line(path, error.instance), with_place(data, path, message))]
    if kind == "required":
        missing = [key for key in error.validator_value if key not in error.instance]
        return [
            (located.line(path), with_place(data, path, _("'{key}' is missing").format(key=key)))
            for key in missing
        ]
    if kind == "additionalProperties":
        known = sorted(error.schema.get("properties", {}))
        found = []
        for key in sorted(set(error.instance) - set(known), key=str):
            import difflib  # only for a broken form: start-up does not wait for it

            close = difflib.get_close_matches(str(key), known, n=1)
            if " " in str(key):
                # Most often a comma inside {value: x, label: a, b}: YAML splits the text there.
                text = _(
                    "'{key}' is not a key used here; if a text has a comma in it, put the"
                    " whole text in quotes"
                )
                message = text.format(key=key)
            elif close:
                text = _("'{key}' is not a key used here; did you mean '{suggestion}'?")
                message = text.format(key=key, suggestion=close[0])
            else:
                text = _("'{key}' is not a key used here (use one of: {keys})")
                message = text.format(key=key, keys=", ".join(known))
            found.append((located.key_line(path, str(key)), with_place(data, path, message)))
        return found
    return [(located.line(path), with_place(data, path, _message(error, path, subject)))]


def _message(error: "ValidationError", path: PathInFile, subject: str) -> str:
    kind, expected = error.validator, error.validator_value
    if kind == "type":
        if not path:
            return _("The form must be a set of keys, each on its own line like 'id: complaint'")
        first = expected[0] if isinstance(expected, list) else expected
        return _(_TYPE_MESSAGES[str(first)]).format(subject=subject)
    if kind == "enum":
        template = _ENUM_MESSAGES.get(
            str(path[-1]) if path else "",
            N_("'{value}' is not allowed here (use one of: {allowed})"),
        )
        allowed = ", ".join(str(item) for item in expected)
        return _(template).format(value=error.instance, allowed=allowed)
    if kind == "pattern" and expected in _PATTERN_MESSAGES:
        return _(_PATTERN_MESSAGES[expected]).format(value=error.instance, subject=subject)
    if kind == "minLength":
        return _("{subject} must not be empty").format(subject=subject)
    if kind in ("minItems", "maxItems") and path and path[-1] == "window":
        return _('\'window\' must be two times, like ["09:00", "17:00"]')
    if kind == "minItems":
        return ngettext(
            "{subject} needs at least {n} item", "{subject} needs at least {n} items", expected
        ).format(subject=subject, n=expected)
    if kind == "maxItems":
        return ngettext(
            "{subject} can have at most {n} item", "{subject} can have at most {n} items", expected
        ).format(subject=subject, n=expected)
    if kind == "minimum":
        return _("{subject} must be {limit} or more").format(subject=subject, limit=expected)
    if kind == "maximum":
        return _("{subject} must be {limit} or less").format(subject=subject, limit=expected)
    return str(error.message)
