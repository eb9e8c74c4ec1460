"""The site queue of a Joint Service Centre: the kiosk issues tickets, staff at counters call
them, a wall display shows who goes where (docs/tickets.md).

The queue lives on the site, not at the council: one machine is the hub (`kiosk hub`), keeping
it in its own SQLite file (`TicketQueue`) and serving it over HTTP with the site's token
(`HubServer`); kiosks, counters and the display use it through `HubClient`. The services come
from assets/queue/services.yaml.
"""

import re
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.i18n import N_, _
from kiosk.tickets.model import (
    TARGET_SHARE,
    TARGET_WAIT_S,
    BadRequest,
    Call,
    Counter,
    HubUnavailable,
    Issued,
    NotAllowed,
    QueueEmpty,
    QueueError,
    QueueService,
    ServicePaused,
    ServiceStats,
    Ticket,
    TicketStatus,
    UnknownService,
    UnknownTicket,
    WrongState,
)
from kiosk.yaml_source import FileProblem, YamlProblem, read_yaml

if TYPE_CHECKING:
    from kiosk.tickets.client import HubClient
    from kiosk.tickets.hub import HubServer
    from kiosk.tickets.queue import TicketQueue

SERVICES_FILE = Path(__file__).resolve().parents[2] / "assets" / "queue" / "services.yaml"
SERVICE_ID = re.compile(r"[a-z][a-z0-9_]{0,63}")
PREFIX = re.compile(r"[A-Z]{1,2}")


class ServicesFileError(Exception):
    """The queue's services file (or a list of service ids in the settings) is not usable."""


_FIELDS = ("id", "prefix", "name", "summary")
_BAD_ENTRY = N_(
    "{file}, line {line}: each service needs an id (a-z, 0-9 and _), a prefix (1 or 2 capital "
    "letters), a name and a summary."
)


@cache
def _read_services(path: Path) -> tuple[QueueService, ...]:
    try:
        located = read_yaml(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise ServicesFileError(str(FileProblem(str(path), None, str(error)))) from None
    except YamlProblem as problem:
        raise ServicesFileError(
            str(FileProblem(str(path), problem.line, problem.message))
        ) from None
    data = located.data
    entries = data.get("services") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not entries:
        raise ServicesFileError(
            _("{file}: the services must be a list under 'services:'.").format(file=path)
        )
    services: list[QueueService] = []
    for index, entry in enumerate(entries):
        line = located.line(["services", index])
        fields = [entry.get(name) if isinstance(entry, dict) else None for name in _FIELDS]
        if not all(isinstance(value, str) and value.strip() for value in fields):
            raise ServicesFileError(_(_BAD_ENTRY).format(file=path, line=line))
        service = QueueService(*(str(value).strip() for value in fields))
        if not SERVICE_ID.fullmatch(service.id) or not PREFIX.fullmatch(service.prefix):
            raise ServicesFileError(_(_BAD_ENTRY).format(file=path, line=line))
        for other in services:
            if service.id == other.id or service.prefix == other.prefix:
                raise ServicesFileError(
                    _(
                        "{file}, line {line}: two services have the id '{id}' or the prefix "
                        "'{prefix}'; each must be different."
                    ).format(file=path, line=line, id=service.id, prefix=service.prefix)
                )
        services.append(service)
    return tuple(services)


def load_services(
    ids: Sequence[str] | None = None, path: Path = SERVICES_FILE
) -> list[QueueService]:
    """The site's services from the services file: all of them, or those in `ids` in the
    file's order. Raises ServicesFileError naming the file and line, or the unknown id."""
    services = _read_services(path)
    if not ids:
        return list(services)
    known = {service.id for service in services}
    unknown = [service_id for service_id in ids if service_id not in known]
    if unknown:
        raise ServicesFileError(
            _("There is no service '{id}' in {file}.").format(id=unknown[0], file=path)
        )
    return [service for service in services if service.id in ids]


def __getattr__(name: str) -> Any:
    # The hub and client bring in sqlite3, http.server and requests: loaded when first used.
    if name == "TicketQueue":
        from kiosk.tickets.queue import TicketQueue

        return TicketQueue
    if name == "HubServer":
        from kiosk.tickets.hub import HubServer

        return HubServer
    if name == "HubClient":
        from kiosk.tickets.client import HubClient

        return HubClient
    raise AttributeError(name)


__all__ = [
    "TARGET_SHARE",
    "TARGET_WAIT_S",
    "BadRequest",
    "Call",
    "Counter",
    "HubClient",
    "HubServer",
    "HubUnavailable",
    "Issued",
    "NotAllowed",
    "QueueEmpty",
    "QueueError",
    "QueueService",
    "ServicePaused",
    "ServiceStats",
    "ServicesFileError",
    "Ticket",
    "TicketQueue",
    "TicketStatus",
    "UnknownService",
    "UnknownTicket",
    "WrongState",
    "load_services",
]
