"""The site queue's vocabulary: services, tickets, calls, counters, statistics and the known
errors, each readable from and writable to the hub's JSON API."""

import collections
import logging
import re
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any, ClassVar

from kiosk.i18n import N_, _
from offline_queue.timefmt import from_text, to_text

log = logging.getLogger(__name__)

TARGET_WAIT_S = 900  # the councils' promise: seen within 15 minutes of arriving...
TARGET_SHARE = 0.8  # ...for 80% of personal visitors
DEFAULT_SERVICE_S = 300  # the estimate before anyone of a service has been served today
SERVICE_TIME_SAMPLE = 20  # the estimate uses the median of this many latest served tickets
MAX_APPOINTMENT_LENGTH = 20
APPOINTMENT = re.compile(r"[A-Za-z0-9-]{1,20}")


@dataclass(frozen=True)
class QueueService:
    id: str  # "council_tax"
    prefix: str  # "C": 1 or 2 capital letters, unique on the site
    name: str  # English source text, translated where it is shown
    summary: str  # one short line, English source

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "prefix": self.prefix, "name": self.name, "summary": self.summary}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "QueueService":
        return cls(str(data["id"]), str(data["prefix"]), str(data["name"]), str(data["summary"]))


class TicketStatus(StrEnum):
    WAITING = "waiting"
    CALLED = "called"
    SERVED = "served"
    NO_SHOW = "no_show"


FINISHED = frozenset({TicketStatus.SERVED, TicketStatus.NO_SHOW})


def _moment(value: datetime | None) -> str | None:
    return None if value is None else to_text(value)


def _parse_moment(text: Any) -> datetime | None:
    return None if text is None else from_text(str(text))


@dataclass(frozen=True)
class Ticket:
    id: str  # uuid4 hex, unguessable: it is in the follow-on-a-phone address
    number: str  # "C017": the service's prefix and 3 digits, per service per site-local day
    service: str  # the service it waits for now (the new one after a transfer)
    day: date  # site-local day of issue
    issued_at: datetime  # aware UTC; kept on transfer
    extra_help: bool  # "I need extra help"; no reason is asked or stored
    appointment: str | None  # booking reference given at check-in
    language: str  # the language the citizen used at the kiosk (for the call-out)
    status: TicketStatus
    counter: int | None
    called_at: datetime | None  # the latest call (a recall updates it)
    first_called_at: datetime | None  # for waiting-time statistics
    finished_at: datetime | None  # served or no-show
    recalls: int
    transferred_from: str | None  # service id

    @property
    def priority(self) -> bool:
        return self.extra_help or self.appointment is not None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "number": self.number,
            "service": self.service,
            "day": self.day.isoformat(),
            "issued_at": to_text(self.issued_at),
            "extra_help": self.extra_help,
            "appointment": self.appointment,
            "language": self.language,
            "status": str(self.status),
            "counter": self.counter,
            "called_at": _moment(self.called_at),
            "first_called_at": _moment(self.first_called_at),
            "finished_at": _moment(self.finished_at),
            "recalls": self.recalls,
            "transferred_from": self.transferred_from,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Ticket":
        counter = data["counter"]
        appointment = data["appointment"]
        transferred_from = data["transferred_from"]
        return cls(
            id=str(data["id"]),
            number=str(data["number"]),
            service=str(data["service"]),
            day=date.fromisoformat(data["day"]),
            issued_at=from_text(data["issued_at"]),
            extra_help=bool(data["extra_help"]),
            appointment=None if appointment is None else str(appointment),
            language=str(data["language"]),
            status=TicketStatus(data["status"]),
            counter=None if counter is None else int(counter),
            called_at=_parse_moment(data["called_at"]),
            first_called_at=_parse_moment(data["first_called_at"]),
            finished_at=_parse_moment(data["finished_at"]),
            recalls=int(data["recalls"]),
            transferred_from=None if transferred_from is None else str(transferred_from),
        )


@dataclass(frozen=True)
class Issued:
    """What the kiosk shows after "Take a ticket", and what the follow page shows."""

    ticket: Ticket
    ahead: int  # tickets of its service that will be called before it
    estimated_wait_s: int  # whole minutes, in seconds

    def to_json(self) -> dict[str, Any]:
        return {
            "ticket": self.ticket.to_json(),
            "ahead": self.ahead,
            "estimated_wait_s": self.estimated_wait_s,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Issued":
        return cls(
            Ticket.from_json(data["ticket"]), int(data["ahead"]), int(data["estimated_wait_s"])
        )


@dataclass(frozen=True)
class Call:
    """One call for the wall display (the newest first)."""

    ticket: Ticket
    counter: int
    at: datetime
    recall: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "ticket": self.ticket.to_json(),
            "counter": self.counter,
            "at": to_text(self.at),
            "recall": self.recall,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Call":
        return cls(
            Ticket.from_json(data["ticket"]),
            int(data["counter"]),
            from_text(data["at"]),
            bool(data["recall"]),
        )


@dataclass(frozen=True)
class ServiceStats:
    service: str
    issued: int  # tickets taken for this service (before any transfer)
    seen: int  # served, in this service
    waiting: int
    no_shows: int
    median_wait_s: float | None  # arrival to first call
    p90_wait_s: float | None
    median_service_s: float | None  # latest call to served
    p90_service_s: float | None
    seen_within_target: float | None  # share (0..1) called within TARGET_WAIT_S of arriving

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "ServiceStats":
        def number(name: str) -> float | None:
            value = data[name]
            return None if value is None else float(value)

        return cls(
            service=str(data["service"]),
            issued=int(data["issued"]),
            seen=int(data["seen"]),
            waiting=int(data["waiting"]),
            no_shows=int(data["no_shows"]),
            median_wait_s=number("median_wait_s"),
            p90_wait_s=number("p90_wait_s"),
            median_service_s=number("median_service_s"),
            p90_service_s=number("p90_service_s"),
            seen_within_target=number("seen_within_target"),
        )


@dataclass(frozen=True)
class Counter:
    number: int
    staff: str  # as the member of staff signed in (their first name, or a desk name)
    services: tuple[str, ...]
    paused: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "staff": self.staff,
            "services": list(self.services),
            "paused": self.paused,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Counter":
        return cls(
            int(data["number"]),
            str(data["staff"]),
            tuple(str(s) for s in data["services"]),
            bool(data["paused"]),
        )


# -- known errors ---------------------------------------------------------------------------

# Every message by a stable key, so the hub can send the key and the kiosk can say it in the
# citizen's language. A parameter named "service" is a service's English name, translated too.
MESSAGES = {
    "unknown_service": N_("This service is not part of the queue here. Please ask at the desk."),
    "unknown_ticket": N_("We cannot find this ticket. Please ask at the desk."),
    "paused": N_(
        "{service} is paused at the moment, so no tickets can be taken for it. "
        "Please ask at the desk."
    ),
    "paused_transfer": N_("{service} is paused at the moment, so tickets cannot be moved there."),
    "queue_empty": N_("No one is waiting for the services you serve."),
    "not_called": N_("Ticket {number} has not been called yet."),
    "finished": N_("Ticket {number} is finished, so it cannot be changed."),
    "already_there": N_("Ticket {number} is already waiting for {service}."),
    "counter_signed_out": N_("Counter {counter} is not signed in."),
    "bad_request": N_("The queue could not understand this request."),
    "bad_field": N_("The queue could not use the value given for {field}."),
    "too_large": N_("This request is too large for the queue."),
    "bad_language": N_("This language is not offered at the kiosk."),
    "bad_appointment": N_("A booking reference has up to 20 letters, numbers or hyphens."),
    "bad_counter": N_("A counter number is a whole number from 1 to 999."),
    "no_services": N_("Choose at least one service."),
    "not_allowed": N_(
        "This device is not allowed to use the queue. Please ask staff to check its site token."
    ),
    "hub_unavailable": N_("This kiosk cannot reach the queue. Please ask at the desk."),
}
_TRANSLATED_PARAMETERS = frozenset({"service"})


def _same(text: str) -> str:
    return text


class QueueError(Exception):
    """The queue could not do what was asked, and nothing was changed.

    `code` is stable, for programs; `message` is for people, in the language chosen when the
    error was raised; `english` is the same in English (for the hub's answers and logs).
    """

    code: ClassVar[str] = "queue_error"
    status: ClassVar[int] = 400  # the hub's HTTP status for it
    default_reason: ClassVar[str] = "bad_request"

    def __init__(self, reason: str | None = None, **params: str | int) -> None:
        self.reason = reason if reason in MESSAGES else self.default_reason
        self.params = {name: str(value) for name, value in params.items()}
        self.message = self._say(_)
        self.english = self._say(_same)
        super().__init__(self.english)

    def _say(self, translate: Any) -> str:
        shown = {
            name: translate(value) if name in _TRANSLATED_PARAMETERS else value
            for name, value in self.params.items()
        }
        try:
            return str(translate(MESSAGES[self.reason]).format(**shown))
        except (KeyError, IndexError, ValueError):  # a translation with a broken placeholder
            log.error("The message '%s' could not be said; English instead", self.reason)
            return MESSAGES[self.reason].format_map(collections.defaultdict(str, self.params))

    def to_json(self) -> dict[str, Any]:
        return {
            "error": self.code,
            "message": self.english,
            "reason": self.reason,
            "params": self.params,
        }


class UnknownService(QueueError):
    """No such service in this site's queue."""

    code = "unknown_service"
    status = 404
    default_reason = "unknown_service"


class UnknownTicket(QueueError):
    """No ticket has that id."""

    code = "unknown_ticket"
    status = 404
    default_reason = "unknown_ticket"


class ServicePaused(QueueError):
    """The service is paused: no new tickets, no transfers into it."""

    code = "service_paused"
    status = 409
    default_reason = "paused"


class QueueEmpty(QueueError):
    """No one is waiting for the services asked for (paused ones are skipped)."""

    code = "queue_empty"
    status = 409
    default_reason = "queue_empty"


class WrongState(QueueError):
    """The ticket (or counter) is not in a state where this can be done."""

    code = "wrong_state"
    status = 409
    default_reason = "finished"


class BadRequest(QueueError):
    """The request itself is wrong: a value of the wrong type, length or form."""

    code = "bad_request"
    status = 400
    default_reason = "bad_request"


class NotAllowed(QueueError):
    """No site token, or not the site's token."""

    code = "not_allowed"
    status = 401
    default_reason = "not_allowed"


class HubUnavailable(QueueError):
    """(Client only) the hub cannot be reached, or did not answer in time."""

    code = "hub_unavailable"
    status = 503
    default_reason = "hub_unavailable"


ERRORS: dict[str, type[QueueError]] = {
    cls.code: cls
    for cls in (
        UnknownService,
        UnknownTicket,
        ServicePaused,
        QueueEmpty,
        WrongState,
        BadRequest,
        NotAllowed,
        HubUnavailable,
    )
}
