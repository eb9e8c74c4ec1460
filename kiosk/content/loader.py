"""Loads the information screens' content from assets/content, checking every file.

A broken file never stops the kiosk: its problems are told (file, line, entry, key) and what
could be read is shown. A broken entry in a list is left out on its own; a file that is not
YAML, or whose own keys are wrong, is left out whole.
"""

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from kiosk.content import entries, schema
from kiosk.content.model import Charter, Content, Organisation, Service
from kiosk.content.problems import ContentProblem, SourceFile, schema_problems, sorted_problems
from kiosk.i18n import _
from kiosk.yaml_source import Located, YamlProblem, duplicate_keys, read_yaml

log = logging.getLogger(__name__)

DEFAULT_CONTENT_DIR = Path(__file__).resolve().parent.parent.parent / "assets" / "content"

ORGANISATIONS_FILE = "organisations.yaml"
SERVICES_FILE = "services.yaml"
PLACES_FILE = "places.yaml"
CHARTER_FILE = "charter.yaml"

# Each file, with its schema and the lists in it whose entries are left out one by one.
FILE_SCHEMAS: Mapping[str, tuple[dict[str, Any], tuple[str, ...]]] = {
    ORGANISATIONS_FILE: (schema.ORGANISATIONS_FILE, ("organisations",)),
    SERVICES_FILE: (schema.SERVICES_FILE, ("services",)),
    PLACES_FILE: (schema.PLACES_FILE, ("places",)),
    CHARTER_FILE: (schema.CHARTER_FILE, ("promises", "we_ask")),
}


@dataclass(frozen=True)
class _Checked:
    """A file that passed its schema except for some entries (list key, index) to leave out."""

    source: SourceFile
    data: dict[str, Any]
    broken: frozenset[tuple[str, int]]

    def entries(self, key: str) -> list[tuple[int, Any]]:
        return [
            (index, item)
            for index, item in enumerate(self.data.get(key) or [])
            if (key, index) not in self.broken
        ]


def _read(folder: Path, name: str, problems: list[ContentProblem]) -> Located | None:
    path = folder / name
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        problems.append(ContentProblem(name, None, _("The file is missing.")))
        return None
    except UnicodeDecodeError:
        message = _("The file is not UTF-8 text. Save it again as UTF-8.")
        problems.append(ContentProblem(name, None, message))
        return None
    except OSError as error:
        message = _("The file cannot be read: {reason}").format(reason=error.strerror)
        problems.append(ContentProblem(name, None, message))
        return None
    try:
        located = read_yaml(text)
    except YamlProblem as error:
        message = _("This is not valid YAML ({reason}). Check the spaces at the start of lines.")
        problems.append(ContentProblem(name, error.line, message.format(reason=error.message)))
        return None
    for line, key in duplicate_keys(located.root):
        message = _("'{key}' is written twice here; only the last one is used").format(key=key)
        problems.append(ContentProblem(name, line, message))
    return located


def _check(folder: Path, name: str, problems: list[ContentProblem]) -> _Checked | None:
    """The file checked against its schema; None when it cannot be used at all."""
    from jsonschema import Draft202012Validator  # not needed before the home screen shows

    located = _read(folder, name, problems)
    if located is None:
        return None
    file_schema, lists = FILE_SCHEMAS[name]
    source = SourceFile(name, located, problems)
    broken: set[tuple[str, int]] = set()
    whole_file_broken = False
    for error in Draft202012Validator(file_schema).iter_errors(located.data):
        path = list(error.absolute_path)
        if len(path) >= 2 and path[0] in lists and isinstance(path[1], int):
            broken.add((str(path[0]), path[1]))
        else:
            whole_file_broken = True
        for line, message in schema_problems(error, located):
            problems.append(ContentProblem(name, line, message))
    if whole_file_broken:
        return None
    return _Checked(source, located.data, frozenset(broken))


def _organisation_ids(checked: _Checked | None) -> set[str] | None:
    if checked is None:
        return None
    return {
        item["id"]
        for item in checked.data["organisations"]
        if isinstance(item, dict) and isinstance(item.get("id"), str)
    }


def load_content(folder: Path = DEFAULT_CONTENT_DIR) -> tuple[Content, list[ContentProblem]]:
    """What could be loaded, and every problem found, in file and line order."""
    problems: list[ContentProblem] = []

    organisations: dict[str, Organisation] = {}
    checked_organisations = _check(folder, ORGANISATIONS_FILE, problems)
    if checked_organisations:
        organisations = entries.organisations(
            checked_organisations.source, checked_organisations.entries("organisations")
        )

    services: list[Service] = []
    checked = _check(folder, SERVICES_FILE, problems)
    if checked:
        services = entries.services(
            checked.source, checked.entries("services"), _organisation_ids(checked_organisations)
        )

    places = []
    checked = _check(folder, PLACES_FILE, problems)
    if checked:
        places = entries.places(checked.source, checked.entries("places"))

    charter: Charter | None = None
    checked = _check(folder, CHARTER_FILE, problems)
    if checked:
        promises = checked.entries("promises")
        we_ask = [text for _index, text in checked.entries("we_ask")]
        charter = entries.charter(checked.data, promises, we_ask)

    content = Content(
        services=tuple(sorted(services, key=lambda service: service.name.casefold())),
        organisations=MappingProxyType(organisations),
        places=tuple(places),
        charter=charter,
    )
    problems = sorted_problems(problems)
    if problems:
        # Problems name files, lines and keys, never what a citizen typed: safe to log.
        log.warning("%d problems in the kiosk's content; the first: %s", len(problems), problems[0])
    return content, problems


def problems_text(problems: Sequence[ContentProblem]) -> str:
    """All the problems, one a line, for the staff screen or the command line."""
    return "\n".join(str(problem) for problem in problems)
