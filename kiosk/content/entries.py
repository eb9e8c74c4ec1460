"""Turns entries that passed the schema into the content's objects, making the checks a schema
cannot: ids used once, an organisation that exists, hours in order, dates that are real.

An entry that fails a check is left out and its problem told; the others are kept.
"""

import difflib
from collections.abc import Iterable, Mapping
from datetime import date, time
from itertools import pairwise
from types import MappingProxyType
from typing import Any

from kiosk.content.model import (
    WEEKDAYS,
    Charter,
    CharterPromise,
    Closure,
    OpeningSession,
    Organisation,
    Place,
    Service,
)
from kiosk.content.problems import SourceFile
from kiosk.i18n import _
from kiosk.yaml_source import PathInFile

# An entry of a list, with its place in the list (for its line and its number).
Entry = tuple[int, dict[str, Any]]


def _texts(values: Iterable[str] | None) -> tuple[str, ...]:
    return tuple(values or ())


def _unique(source: SourceFile, kind: str, entries: list[Entry]) -> list[Entry]:
    """The entries whose id is not already used by an earlier one."""
    first_line: dict[str, int | None] = {}
    kept = []
    for index, item in entries:
        path = (kind, index)
        if item["id"] in first_line:
            message = _("the id '{id}' is already used on line {line}; give each one its own id")
            source.report(path, message.format(id=item["id"], line=first_line[item["id"]]))
            continue
        first_line[item["id"]] = source.located.line((*path, "id"))
        kept.append((index, item))
    return kept


def organisations(source: SourceFile, entries: list[Entry]) -> dict[str, Organisation]:
    found = {}
    for _index, item in _unique(source, "organisations", entries):
        found[item["id"]] = Organisation(
            id=item["id"],
            name=item["name"],
            does=_texts(item["does"]),
            phone=item.get("phone"),
            web=item.get("web"),
            emergency=item.get("emergency"),
        )
    return found


def services(
    source: SourceFile, entries: list[Entry], organisation_ids: set[str] | None
) -> list[Service]:
    """`organisation_ids`: every id in organisations.yaml, even of entries with problems (a
    service is not left out because its organisation has a typo elsewhere); None when that file
    could not be read at all, so nothing can be checked against it."""
    found = []
    for index, item in _unique(source, "services", entries):
        who = item["who"]
        if organisation_ids is not None and who not in organisation_ids:
            close = difflib.get_close_matches(who, sorted(organisation_ids), n=1, cutoff=0.75)
            if close:
                message = _(
                    "'who' names an unknown organisation '{who}'; did you mean '{suggestion}'?"
                ).format(who=who, suggestion=close[0])
            else:
                message = _("'who' names an unknown organisation '{who}'").format(who=who)
            source.report(("services", index, "who"), message)
            continue
        found.append(
            Service(
                id=item["id"],
                name=item["name"],
                summary=item["summary"],
                who=who,
                how=item["how"],
                form=item.get("form"),
                phone=item.get("phone"),
                web=item.get("web"),
                keywords=_texts(item.get("keywords")),
                urgent=item.get("urgent"),
            )
        )
    return found


def _clock(text: str) -> time:
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


def _sessions(
    source: SourceFile, path: PathInFile, written: list[list[str]] | None
) -> tuple[OpeningSession, ...] | None:
    """The sessions of one day in time order, or None (and problems told) if they make no sense."""
    sessions = []
    good = True
    for number, (opens, closes) in enumerate(written or ()):
        session = OpeningSession(_clock(opens), _clock(closes))
        if session.closes <= session.opens:
            message = _("it closes at {closes}, which is not after it opens at {opens}")
            source.report((*path, number), message.format(opens=opens, closes=closes))
            good = False
        sessions.append((session, number))
    sessions.sort(key=lambda pair: pair[0].opens)
    for (earlier, first), (later, second) in pairwise(sessions):
        if later.opens < earlier.closes:
            message = _(
                "sessions {first} and {second} overlap: one must end before the next one starts"
            )
            source.report(path, message.format(first=first + 1, second=second + 1))
            good = False
    return tuple(session for session, _number in sessions) if good else None


def _closures(
    source: SourceFile, path: PathInFile, written: list[dict[str, Any]]
) -> dict[date, Closure] | None:
    found: dict[date, Closure] = {}
    good = True
    for index, item in enumerate(written):
        here = (*path, index)
        try:
            day = date.fromisoformat(item["date"])
        except ValueError:
            message = _("'{value}' is not a real date").format(value=item["date"])
            source.report((*here, "date"), message)
            good = False
            continue
        if day in found:
            source.report(here, _("{date} is listed twice").format(date=item["date"]))
            good = False
            continue
        sessions = _sessions(source, (*here, "hours"), item.get("hours"))
        if sessions is None:
            good = False
            continue
        found[day] = Closure(reason=item["reason"], sessions=sessions)
    return found if good else None


def places(source: SourceFile, entries: list[Entry]) -> list[Place]:
    """A place with hours that make no sense is left out: wrong times would send people to a
    locked door."""
    found = []
    for index, item in _unique(source, "places", entries):
        path = ("places", index)
        hours: dict[int, tuple[OpeningSession, ...]] = {}
        for number, day in enumerate(WEEKDAYS):
            sessions = _sessions(source, (*path, "hours", day), item["hours"].get(day))
            if sessions is not None:
                hours[number] = sessions
        closures = _closures(source, (*path, "closures"), item.get("closures") or [])
        if len(hours) < len(WEEKDAYS) or closures is None:
            continue
        found.append(
            Place(
                id=item["id"],
                name=item["name"],
                address=_texts(item["address"]),
                postcode=item["postcode"],
                offers=_texts(item["offers"]),
                hours=MappingProxyType(hours),
                accessibility=_texts(item.get("accessibility")),
                closures=MappingProxyType(dict(sorted(closures.items()))),
            )
        )
    return found


def charter(data: Mapping[str, Any], promises: list[Entry], we_ask: list[str]) -> Charter:
    return Charter(
        title=data["title"],
        introduction=data["introduction"],
        promises=tuple(
            CharterPromise(text=item["text"], measure=item.get("measure")) for _i, item in promises
        ),
        we_ask=tuple(we_ask),
        comments=data["comments"],
    )
