"""Problems in a content file, told so a council officer can find and fix them.

Each names the file, the line and the entry, e.g. `services.yaml, line 12: service 'bins':
'who' names an unknown organisation 'counci'`.
"""

import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kiosk.content import schema
from kiosk.content.model import WEEKDAYS
from kiosk.i18n import N_, _, ngettext
from kiosk.yaml_source import FileProblem, Located, PathInFile, step_into

if TYPE_CHECKING:
    from jsonschema import ValidationError  # loaded only when a file is checked

# A problem in a content file, named as staff read it: "services.yaml, line 12: ...".
ContentProblem = FileProblem


# What one entry of each list is called, with its id or, when it has none, its number.
_ITEM_NAMES = {
    "services": (N_("service '{name}'"), N_("service {n}")),
    "organisations": (N_("organisation '{name}'"), N_("organisation {n}")),
    "places": (N_("place '{name}'"), N_("place {n}")),
    "promises": ("", N_("promise {n}")),
    "closures": (N_("closure on {name}"), N_("closure {n}")),
}
_NAME_KEYS = {"services": "id", "organisations": "id", "places": "id", "closures": "date"}


def item_name(kind: str, item: Any, index: int) -> str:
    """ "service 'bins'", or "service 4" when the entry has no usable id."""
    named, numbered = _ITEM_NAMES[kind]
    key = _NAME_KEYS.get(kind)
    if key and isinstance(item, dict) and isinstance(item.get(key), str) and item[key]:
        return _(named).format(name=item[key])
    return _(numbered).format(n=index + 1)


def where(data: Any, path: PathInFile) -> str:
    """Where `path` is, in the officer's words: "place 'library', 'monday', session 2"."""
    pieces: list[str] = []
    node, parent = data, None
    for step in path:
        node = step_into(node, step)
        if isinstance(step, int) and isinstance(parent, str) and parent in _ITEM_NAMES:
            pieces.append(item_name(parent, node, step))
        elif isinstance(step, int) and (parent in WEEKDAYS or parent == "hours"):
            pieces.append(_("session {n}").format(n=step + 1))
        elif isinstance(step, str) and step in WEEKDAYS:
            pieces.append(f"'{step}'")
        parent = step
    return ", ".join(pieces)


def with_where(data: Any, path: PathInFile, message: str) -> str:
    place = where(data, path)
    return _("{place}: {message}").format(place=place, message=message) if place else message


_TYPE_MESSAGES = {
    "string": N_("{subject} must be text"),
    "array": N_("{subject} must be a list, each item on its own line starting with '-'"),
    "object": N_("{subject} must be a set of keys, each on its own line like 'name: ...'"),
}

_PATTERN_MESSAGES = {
    schema.ID_PATTERN: N_(
        "'{value}' is not a usable id for {subject}: use small letters a to z, numbers and _,"
        " starting with a letter"
    ),
    schema.PHONE_PATTERN: N_(
        "'{value}' is not a phone number: use numbers and spaces only, like 01632 960000"
    ),
    schema.WEB_PATTERN: N_(
        "'{value}' is not a web address: write it in full, like https://www.example.gov.uk"
    ),
    schema.TIME_PATTERN: N_("'{value}' is not a time: write hours and minutes, like \"09:00\""),
    schema.DATE_PATTERN: N_("'{value}' is not a date: write year-month-day, like 2026-12-24"),
    schema.POSTCODE_PATTERN: N_(
        "'{value}' is not a postcode: use capital letters and one space, like RV1 2AB"
    ),
}


def _subject(path: PathInFile) -> str:
    if not path:
        return _("the file")
    last = path[-1]
    if last in WEEKDAYS:  # the day is already named where the problem is
        return _("the hours")
    if isinstance(last, int):
        parent = path[-2] if len(path) > 1 else ""
        if parent in WEEKDAYS or parent == "hours":
            return _("the session")
        if len(path) > 2 and (path[-3] in WEEKDAYS or path[-3] == "hours"):
            return _("the opening time") if last == 0 else _("the closing time")
        if parent in _ITEM_NAMES:  # already named where the problem is
            return _("the entry")
        return _("item {n} of '{key}'").format(n=last + 1, key=parent)
    return f"'{last}'"


def schema_problems(error: "ValidationError", located: Located) -> list[tuple[int | None, str]]:
    """One schema error as (line, message) pairs; a missing or unknown key may give several."""
    path = list(error.absolute_path)
    data = located.data
    if error.validator == "required":
        missing = [key for key in error.validator_value if key not in error.instance]
        return [
            (located.line(path), with_where(data, path, _("'{key}' is missing").format(key=key)))
            for key in missing
        ]
    if error.validator == "additionalProperties":
        known = sorted(error.schema.get("properties", {}))
        found = []
        for key in sorted(set(error.instance) - set(known), key=str):
            close = difflib.get_close_matches(str(key), known, n=1)
            if close:
                text = _("'{key}' is not a key used here; did you mean '{suggestion}'?")
                message = text.format(key=key, suggestion=close[0])
            else:
                text = _("'{key}' is not a key used here (use one of: {keys})")
                message = text.format(key=key, keys=", ".join(known))
            found.append((located.key_line(path, str(key)), with_where(data, path, message)))
        return found
    return [(located.line(path), with_where(data, path, _message(error, path)))]


def _message(error: "ValidationError", path: PathInFile) -> str:
    kind, expected, subject = error.validator, error.validator_value, _subject(path)
    if kind == "type":
        if not path:
            return _("The file must be a set of keys, each on its own line like 'title: ...'")
        if error.instance is None:
            return _("{subject} is empty").format(subject=subject)
        first = expected[0] if isinstance(expected, list) else expected
        template = _TYPE_MESSAGES.get(str(first), N_("{subject} is not the right kind of value"))
        return _(template).format(subject=subject)
    if kind == "enum":
        allowed = [str(item) for item in expected if item is not None]
        close = difflib.get_close_matches(str(error.instance), allowed, n=1)
        if close:
            return _("'{value}' is not a kiosk form; did you mean '{suggestion}'?").format(
                value=error.instance, suggestion=close[0]
            )
        return _("'{value}' is not a kiosk form (use one of: {allowed})").format(
            value=error.instance, allowed=", ".join(allowed)
        )
    if kind == "pattern" and expected in _PATTERN_MESSAGES:
        return _(_PATTERN_MESSAGES[expected]).format(value=error.instance, subject=subject)
    if kind == "minLength":
        return _("{subject} must not be empty").format(subject=subject)
    if kind in ("minItems", "maxItems") and _is_session(path):
        return _('{subject} must be two times, like ["09:00", "17:00"]').format(subject=subject)
    if kind == "minItems":
        return ngettext(
            "{subject} needs at least {n} item", "{subject} needs at least {n} items", expected
        ).format(subject=subject, n=expected)
    return str(error.message)


def _is_session(path: PathInFile) -> bool:
    return len(path) >= 2 and isinstance(path[-1], int) and path[-2] in (*WEEKDAYS, "hours")


@dataclass(frozen=True)
class SourceFile:
    """One content file being read: its name, its lines, and where its problems go."""

    name: str
    located: Located
    problems: list[ContentProblem]

    def report(self, path: PathInFile, message: str, *, key: str | None = None) -> None:
        """A problem at `path` (or at the key `key` inside it), named the officer's way."""
        line = self.located.key_line(path, key) if key else self.located.line(path)
        text = with_where(self.located.data, path, message)
        self.problems.append(ContentProblem(self.name, line, text))


def sorted_problems(problems: Sequence[ContentProblem]) -> list[ContentProblem]:
    """In the order of the file, so an officer can fix them top to bottom."""
    return sorted(problems, key=lambda problem: (problem.file, problem.line or 0))
