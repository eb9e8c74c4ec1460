"""The information screens' content as the council wrote it in assets/content (docs/content.md).

Every text here is English source text; the screens translate it with `_()` when they show it.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, time

# The kiosk forms a service can send a citizen to; the one list the schema and docs use.
FORM_IDS: tuple[str, ...] = (
    "street_problem",
    "housing_repair",
    "complaint",
    "tell_us_once",
    "call_back",
    "appointment",
)

# Monday is 0, as `date.weekday()` counts.
WEEKDAYS: tuple[str, ...] = (
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
)


@dataclass(frozen=True)
class Organisation:
    """Who does what: one of the bodies a citizen may need, and what it looks after."""

    id: str
    name: str
    does: tuple[str, ...]
    phone: str | None
    web: str | None
    emergency: str | None


@dataclass(frozen=True)
class Service:
    id: str
    name: str
    summary: str
    who: str
    how: str
    form: str | None
    phone: str | None
    web: str | None
    keywords: tuple[str, ...]
    # Shown first and prominently: what to do now if someone is in danger or has nowhere to go.
    urgent: str | None = None


@dataclass(frozen=True)
class OpeningSession:
    opens: time
    closes: time


@dataclass(frozen=True)
class Closure:
    """A day with other hours than usual; no sessions means closed all day."""

    reason: str
    sessions: tuple[OpeningSession, ...]


@dataclass(frozen=True)
class Place:
    """Somewhere a citizen gets help face to face."""

    id: str
    name: str
    address: tuple[str, ...]
    postcode: str
    offers: tuple[str, ...]
    # Every weekday 0 (Monday) to 6 is present; an empty tuple is a closed day.
    hours: Mapping[int, tuple[OpeningSession, ...]]
    accessibility: tuple[str, ...]
    closures: Mapping[date, Closure]


@dataclass(frozen=True)
class CharterPromise:
    text: str
    measure: str | None


@dataclass(frozen=True)
class Charter:
    title: str
    introduction: str
    promises: tuple[CharterPromise, ...]
    we_ask: tuple[str, ...]
    comments: str


@dataclass(frozen=True)
class Content:
    """What loaded; a part that could not be read is empty (or None) and has its problems told."""

    services: tuple[Service, ...]
    organisations: Mapping[str, Organisation]
    places: tuple[Place, ...]
    charter: Charter | None

    def organisation_for(self, service: Service) -> Organisation | None:
        """None only when the organisation's own entry is broken and was left out."""
        return self.organisations.get(service.who)
