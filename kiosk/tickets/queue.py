"""The site queue itself: tickets in one SQLite file on the hub, which is the truth.

WAL with `synchronous=FULL`: a ticket the kiosk has shown survives a power cut. Every change is
one `BEGIN IMMEDIATE` transaction that reads the clock inside it, so two counters calling at
the same moment (threads or processes) never get the same ticket, and the times recorded follow
the order of the changes. Bad input raises a QueueError before anything is written.

A change may carry a request id (the client sends one with each): when the same id comes again
(the answer was lost, the client asks again) the first answer is given and nothing is done
twice. Events for the council's statistics go to `on_event` after the commit, without personal
data.
"""

import contextlib
import json
import logging
import re
import sqlite3
import threading
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from kiosk.languages import BY_CODE
from kiosk.tickets.figures import estimate_wait_s, seconds_between, service_stats
from kiosk.tickets.model import (
    APPOINTMENT,
    FINISHED,
    SERVICE_TIME_SAMPLE,
    BadRequest,
    Call,
    Counter,
    Issued,
    QueueEmpty,
    QueueService,
    ServicePaused,
    ServiceStats,
    Ticket,
    TicketStatus,
    UnknownService,
    UnknownTicket,
    WrongState,
)
from kiosk.tickets.schema import MIGRATIONS, SCHEMA_VERSION
from offline_queue import durable
from offline_queue.timefmt import from_text, to_text, utc_now

log = logging.getLogger(__name__)

EventSink = Callable[[dict[str, Any]], None]

MAX_COUNTER = 999
MAX_STAFF_LENGTH = 60
MAX_RECENT_CALLS = 100
REQUEST_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
REQUESTS_KEPT = timedelta(days=2)


_COLUMNS = (
    "id, number, service, day, issued_at, extra_help, appointment, language, status, counter, "
    "called_at, first_called_at, finished_at, recalls, transferred_from"
)
# The call policy: extra help and appointments first, then first come, first called.
_POLICY = "ORDER BY priority DESC, issued_at, seq"


class QueueFileError(Exception):
    """The queue's file cannot be used (not a database, or from a newer kiosk); left as it is."""


def _moment(text: str | None) -> datetime | None:
    return None if text is None else from_text(text)


def _ticket(row: Sequence[Any]) -> Ticket:
    return Ticket(
        id=row[0],
        number=row[1],
        service=row[2],
        day=date.fromisoformat(row[3]),
        issued_at=from_text(row[4]),
        extra_help=bool(row[5]),
        appointment=row[6],
        language=row[7],
        status=TicketStatus(row[8]),
        counter=row[9],
        called_at=_moment(row[10]),
        first_called_at=_moment(row[11]),
        finished_at=_moment(row[12]),
        recalls=row[13],
        transferred_from=row[14],
    )


@dataclass
class _Change:
    conn: sqlite3.Connection
    now: datetime
    events: list[dict[str, Any]] = field(default_factory=list)


class TicketQueue:
    """The site's queue in one SQLite file. Safe to share between threads (one connection
    behind a lock) and between processes on the same file (SQLite's locking)."""

    def __init__(
        self,
        path: Path,
        services: Sequence[QueueService],
        *,
        clock: Callable[[], datetime] = utc_now,
        on_event: EventSink | None = None,
        zone: str = "Europe/London",
    ) -> None:
        self.path = Path(path)
        self._services = {service.id: service for service in services}
        if len(self._services) != len(services) or len({s.prefix for s in services}) != len(
            services
        ):
            raise ValueError("each queue service needs its own id and its own prefix")
        self._clock = clock
        self._on_event = on_event
        self._zone = ZoneInfo(zone)
        self._lock = threading.RLock()
        self._pruned_on: date | None = None
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._conn = self._connect()

    # -- opening and transactions ------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        try:
            conn = durable.connect(self.path)
        except sqlite3.Error as error:
            raise QueueFileError(f"Cannot open the queue at {self.path}: {error}") from None
        try:
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            if version > SCHEMA_VERSION:
                raise QueueFileError(
                    f"The queue file {self.path} is at schema version {version}; this kiosk "
                    f"knows up to {SCHEMA_VERSION}. Update the kiosk software; the file is left "
                    "as it is."
                )
            durable.make_durable(conn)
            for step in range(version + 1, SCHEMA_VERSION + 1):
                conn.execute("BEGIN IMMEDIATE")
                # Another process may have migrated while this one waited for the lock.
                if int(conn.execute("PRAGMA user_version").fetchone()[0]) < step:
                    for statement in MIGRATIONS[step - 1].split(";"):
                        if statement.strip():
                            conn.execute(statement)
                    conn.execute(f"PRAGMA user_version = {step:d}")
                conn.execute("COMMIT")
            durable.fsync_directory(self.path.parent)
        except sqlite3.DatabaseError as error:
            conn.close()
            raise QueueFileError(f"Cannot use the queue file {self.path}: {error}") from None
        except BaseException:
            conn.close()
            raise
        return conn

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> "TicketQueue":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _now(self) -> datetime:
        return from_text(to_text(self._clock()))  # exactly what is stored

    def _day(self, moment: datetime) -> date:
        return moment.astimezone(self._zone).date()

    @contextlib.contextmanager
    def _change(self) -> Iterator[_Change]:
        """One write transaction; its events go to `on_event` once it is committed."""
        with self._lock:
            conn = self._conn
            conn.execute("BEGIN IMMEDIATE")
            try:
                # The clock is read holding the write lock: times follow the order of changes.
                change = _Change(conn, self._now())
                self._prune(change)
                yield change
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
        for event in change.events:
            self._send(event)

    @contextlib.contextmanager
    def _reading(self) -> Iterator[tuple[sqlite3.Connection, datetime]]:
        """One consistent view for an answer made of several queries."""
        with self._lock:
            conn = self._conn
            conn.execute("BEGIN")
            try:
                yield conn, self._now()
            finally:
                conn.execute("COMMIT")

    def _prune(self, change: _Change) -> None:
        """Once a day: forget request ids older than two days (a retry comes within seconds)."""
        today = self._day(change.now)
        if self._pruned_on != today:
            cutoff = to_text(change.now - REQUESTS_KEPT)
            change.conn.execute("DELETE FROM requests WHERE at < ?", (cutoff,))
            self._pruned_on = today

    def _send(self, event: dict[str, Any]) -> None:
        if self._on_event is None:
            return
        try:
            self._on_event(event)
        except Exception:
            # The change is committed and the citizen has their ticket; the statistic is lost.
            log.exception("Could not record the queue event '%s'", event.get("event"))

    # -- checks (before anything is written) -----------------------------------------------

    def _service(self, service_id: object) -> QueueService:
        if not isinstance(service_id, str) or service_id not in self._services:
            raise UnknownService()
        return self._services[service_id]

    def _service_list(self, services: Sequence[str]) -> list[str]:
        if isinstance(services, str) or not services:
            raise BadRequest("no_services")
        return list(dict.fromkeys(self._service(s).id for s in services))

    @staticmethod
    def _check_counter(counter: object) -> int:
        if isinstance(counter, bool) or not isinstance(counter, int):
            raise BadRequest("bad_counter")
        if not 1 <= counter <= MAX_COUNTER:
            raise BadRequest("bad_counter")
        return counter

    @staticmethod
    def _check_request_id(request_id: str | None) -> str | None:
        if request_id is not None and (
            not isinstance(request_id, str) or not REQUEST_ID.fullmatch(request_id)
        ):
            raise BadRequest("bad_field", field="request_id")
        return request_id

    def _find(self, conn: sqlite3.Connection, ticket_id: object) -> Ticket:
        if not isinstance(ticket_id, str):
            raise UnknownTicket()
        row = conn.execute(f"SELECT {_COLUMNS} FROM tickets WHERE id = ?", (ticket_id,)).fetchone()
        if row is None:
            raise UnknownTicket()
        return _ticket(row)

    def _replayed(self, change: _Change, request_id: str | None, operation: str) -> Ticket | None:
        """The ticket of a change already made under this request id, if it was."""
        if request_id is None:
            return None
        row = change.conn.execute(
            "SELECT operation, ticket FROM requests WHERE id = ?", (request_id,)
        ).fetchone()
        if row is None:
            return None
        if row[0] != operation:
            raise BadRequest("bad_field", field="request_id")
        return self._find(change.conn, row[1])

    def _remember(
        self, change: _Change, request_id: str | None, operation: str, ticket: Ticket
    ) -> None:
        if request_id is not None:
            change.conn.execute(
                "INSERT INTO requests (id, operation, ticket, at) VALUES (?, ?, ?, ?)",
                (request_id, operation, ticket.id, to_text(change.now)),
            )

    def _paused(self, conn: sqlite3.Connection) -> set[str]:
        return {row[0] for row in conn.execute("SELECT service FROM paused")}

    # -- the citizen's side ------------------------------------------------------------------

    def services(self) -> list[QueueService]:
        return list(self._services.values())

    def paused(self) -> set[str]:
        with self._lock:
            return self._paused(self._conn)

    def issue(
        self,
        service: str,
        *,
        extra_help: bool = False,
        appointment: str | None = None,
        language: str = "en",
        request_id: str | None = None,
    ) -> Issued:
        chosen = self._service(service)
        if not isinstance(extra_help, bool):
            raise BadRequest("bad_field", field="extra_help")
        if appointment is not None:
            if not isinstance(appointment, str) or not APPOINTMENT.fullmatch(appointment.strip()):
                raise BadRequest("bad_appointment")
            appointment = appointment.strip().upper()
        if not isinstance(language, str) or language not in BY_CODE:
            raise BadRequest("bad_language")
        request_id = self._check_request_id(request_id)
        with self._change() as change:
            again = self._replayed(change, request_id, "issue")
            if again is not None:
                return self._position(change.conn, again, change.now)
            if chosen.id in self._paused(change.conn):
                raise ServicePaused("paused", service=chosen.name)
            day = self._day(change.now).isoformat()
            change.conn.execute(
                "INSERT INTO numbers (day, prefix, last) VALUES (?, ?, 1) "
                "ON CONFLICT (day, prefix) DO UPDATE SET last = last + 1",
                (day, chosen.prefix),
            )
            (last,) = change.conn.execute(
                "SELECT last FROM numbers WHERE day = ? AND prefix = ?", (day, chosen.prefix)
            ).fetchone()
            ticket = Ticket(
                id=uuid.uuid4().hex,
                number=f"{chosen.prefix}{last:03d}",
                service=chosen.id,
                day=self._day(change.now),
                issued_at=change.now,
                extra_help=extra_help,
                appointment=appointment,
                language=language,
                status=TicketStatus.WAITING,
                counter=None,
                called_at=None,
                first_called_at=None,
                finished_at=None,
                recalls=0,
                transferred_from=None,
            )
            change.conn.execute(
                "INSERT INTO tickets (id, number, service, issued_for, day, issued_at, "
                "extra_help, appointment, language, priority, status, recalls) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'waiting', 0)",
                (
                    ticket.id,
                    ticket.number,
                    ticket.service,
                    ticket.service,
                    day,
                    to_text(ticket.issued_at),
                    int(extra_help),
                    appointment,
                    language,
                    int(ticket.priority),
                ),
            )
            self._remember(change, request_id, "issue", ticket)
            change.events.append(_event("issued", ticket, change.now))
            return self._position(change.conn, ticket, change.now)

    def ticket(self, ticket_id: str) -> Ticket:
        with self._lock:
            return self._find(self._conn, ticket_id)

    def position(self, ticket_id: str) -> Issued:
        with self._reading() as (conn, now):
            return self._position(conn, self._find(conn, ticket_id), now)

    def _position(self, conn: sqlite3.Connection, ticket: Ticket, now: datetime) -> Issued:
        if ticket.status is not TicketStatus.WAITING:
            return Issued(ticket, 0, 0)
        where = "status = 'waiting' AND day = ? AND service = ? AND priority"
        same = (ticket.day.isoformat(), ticket.service, int(ticket.priority))
        issued_at = to_text(ticket.issued_at)
        # Those with priority when this one has none, then those of its own kind before it.
        (first,) = conn.execute(f"SELECT count(*) FROM tickets WHERE {where} > ?", same).fetchone()
        (then,) = conn.execute(
            f"SELECT count(*) FROM tickets WHERE {where} = ? AND issued_at <= ? "
            "AND (issued_at < ? OR seq < (SELECT seq FROM tickets WHERE id = ?))",
            (*same, issued_at, issued_at, ticket.id),
        ).fetchone()
        ahead = first + then
        times = [
            (from_text(done) - from_text(called)).total_seconds()
            for called, done in conn.execute(
                "SELECT called_at, finished_at FROM tickets WHERE status = 'served' AND day = ? "
                "AND service = ? ORDER BY finished_at DESC LIMIT ?",
                (self._day(now).isoformat(), ticket.service, SERVICE_TIME_SAMPLE),
            )
        ]
        serving = sum(
            1
            for counter in self._counters(conn)
            if ticket.service in counter.services and not counter.paused
        )
        return Issued(ticket, ahead, estimate_wait_s(ahead, times, serving))

    # -- the counters' side ------------------------------------------------------------------

    def call_next(
        self, counter: int, services: Sequence[str], *, request_id: str | None = None
    ) -> Ticket:
        counter = self._check_counter(counter)
        wanted = self._service_list(services)
        request_id = self._check_request_id(request_id)
        with self._change() as change:
            again = self._replayed(change, request_id, "call_next")
            if again is not None:
                return again
            # The first of each service in the policy's order (one index seek each), then the
            # first of those: no sorting of the whole queue on every call.
            paused = self._paused(change.conn)
            firsts = [
                row
                for service in wanted
                if service not in paused
                for row in change.conn.execute(
                    f"SELECT priority, issued_at, seq, {_COLUMNS} FROM tickets "
                    f"WHERE status = 'waiting' AND day = ? AND service = ? {_POLICY} LIMIT 1",
                    (self._day(change.now).isoformat(), service),
                )
            ]
            if not firsts:
                raise QueueEmpty()
            ticket = _ticket(min(firsts, key=lambda row: (-row[0], row[1], row[2]))[3:])
            ticket = replace(
                ticket,
                status=TicketStatus.CALLED,
                counter=counter,
                called_at=change.now,
                first_called_at=ticket.first_called_at or change.now,
            )
            self._save_call(change, ticket, recall=False)
            self._remember(change, request_id, "call_next", ticket)
            change.events.append(_event("called", ticket, change.now))
            return ticket

    def _save_call(self, change: _Change, ticket: Ticket, recall: bool) -> None:
        assert ticket.called_at is not None and ticket.first_called_at is not None
        change.conn.execute(
            "UPDATE tickets SET status = 'called', counter = ?, called_at = ?, "
            "first_called_at = ?, recalls = ? WHERE id = ?",
            (
                ticket.counter,
                to_text(ticket.called_at),
                to_text(ticket.first_called_at),
                ticket.recalls,
                ticket.id,
            ),
        )
        change.conn.execute(
            "INSERT INTO calls (ticket, counter, at, day, recall) VALUES (?, ?, ?, ?, ?)",
            (
                ticket.id,
                ticket.counter,
                to_text(change.now),
                self._day(change.now).isoformat(),
                int(recall),
            ),
        )

    def _called_ticket(self, change: _Change, ticket_id: str) -> Ticket:
        ticket = self._find(change.conn, ticket_id)
        if ticket.status is TicketStatus.WAITING:
            raise WrongState("not_called", number=ticket.number)
        if ticket.status in FINISHED:
            raise WrongState("finished", number=ticket.number)
        return ticket

    def recall(self, ticket_id: str, counter: int, *, request_id: str | None = None) -> Ticket:
        """Call the ticket again (to the same or another counter); the display shows it again."""
        counter = self._check_counter(counter)
        request_id = self._check_request_id(request_id)
        with self._change() as change:
            again = self._replayed(change, request_id, "recall")
            if again is not None:
                return again
            ticket = self._called_ticket(change, ticket_id)
            ticket = replace(
                ticket, counter=counter, called_at=change.now, recalls=ticket.recalls + 1
            )
            self._save_call(change, ticket, recall=True)
            self._remember(change, request_id, "recall", ticket)
            change.events.append(_event("recalled", ticket, change.now))
            return ticket

    def served(self, ticket_id: str, *, request_id: str | None = None) -> Ticket:
        return self._finish(ticket_id, TicketStatus.SERVED, request_id)

    def no_show(self, ticket_id: str, *, request_id: str | None = None) -> Ticket:
        return self._finish(ticket_id, TicketStatus.NO_SHOW, request_id)

    def _finish(self, ticket_id: str, status: TicketStatus, request_id: str | None) -> Ticket:
        request_id = self._check_request_id(request_id)
        with self._change() as change:
            again = self._replayed(change, request_id, str(status))
            if again is not None:
                return again
            ticket = replace(
                self._called_ticket(change, ticket_id), status=status, finished_at=change.now
            )
            change.conn.execute(
                "UPDATE tickets SET status = ?, finished_at = ? WHERE id = ?",
                (str(status), to_text(change.now), ticket.id),
            )
            self._remember(change, request_id, str(status), ticket)
            change.events.append(_event(str(status), ticket, change.now))
            return ticket

    def transfer(self, ticket_id: str, to_service: str, *, request_id: str | None = None) -> Ticket:
        """Back to waiting, in another service; the number and arrival time are kept, so the
        citizen does not go to the back of the queue."""
        target = self._service(to_service)
        request_id = self._check_request_id(request_id)
        with self._change() as change:
            again = self._replayed(change, request_id, "transfer")
            if again is not None:
                return again
            ticket = self._find(change.conn, ticket_id)
            if ticket.status in FINISHED:
                raise WrongState("finished", number=ticket.number)
            if ticket.status is TicketStatus.WAITING and ticket.service == target.id:
                raise WrongState("already_there", number=ticket.number, service=target.name)
            if target.id in self._paused(change.conn):
                raise ServicePaused("paused_transfer", service=target.name)
            ticket = replace(
                ticket,
                service=target.id,
                status=TicketStatus.WAITING,
                counter=None,
                called_at=None,
                transferred_from=ticket.service,
            )
            change.conn.execute(
                "UPDATE tickets SET service = ?, status = 'waiting', counter = NULL, "
                "called_at = NULL, transferred_from = ? WHERE id = ?",
                (ticket.service, ticket.transferred_from, ticket.id),
            )
            self._remember(change, request_id, "transfer", ticket)
            change.events.append(_event("transferred", ticket, change.now))
            return ticket

    def pause(self, service: str) -> None:
        """No new tickets, transfers or calls for the service until it is resumed."""
        chosen = self._service(service)
        with self._change() as change:
            change.conn.execute("INSERT OR IGNORE INTO paused (service) VALUES (?)", (chosen.id,))

    def resume(self, service: str) -> None:
        chosen = self._service(service)
        with self._change() as change:
            change.conn.execute("DELETE FROM paused WHERE service = ?", (chosen.id,))

    def sign_in(self, counter: int, staff: str, services: Sequence[str]) -> Counter:
        """A member of staff opens a counter for some services (again: replaces what it had)."""
        counter = self._check_counter(counter)
        if not isinstance(staff, str) or not staff.strip() or len(staff) > MAX_STAFF_LENGTH:
            raise BadRequest("bad_field", field="staff")
        if not staff.isprintable():
            raise BadRequest("bad_field", field="staff")
        signed_in = Counter(counter, staff.strip(), tuple(self._service_list(services)), False)
        with self._change() as change:
            change.conn.execute(
                "INSERT OR REPLACE INTO counters (number, staff, services, paused) "
                "VALUES (?, ?, ?, 0)",
                (counter, signed_in.staff, json.dumps(list(signed_in.services))),
            )
        return signed_in

    def sign_out(self, counter: int) -> None:
        counter = self._check_counter(counter)
        with self._change() as change:
            change.conn.execute("DELETE FROM counters WHERE number = ?", (counter,))

    def pause_counter(self, counter: int, paused: bool) -> Counter:
        counter = self._check_counter(counter)
        if not isinstance(paused, bool):
            raise BadRequest("bad_field", field="paused")
        with self._change() as change:
            found = [c for c in self._counters(change.conn) if c.number == counter]
            if not found:
                raise WrongState("counter_signed_out", counter=counter)
            change.conn.execute(
                "UPDATE counters SET paused = ? WHERE number = ?", (int(paused), counter)
            )
            return replace(found[0], paused=paused)

    def counters(self) -> list[Counter]:
        with self._lock:
            return self._counters(self._conn)

    @staticmethod
    def _counters(conn: sqlite3.Connection) -> list[Counter]:
        return [
            Counter(number, staff, tuple(json.loads(services)), bool(paused))
            for number, staff, services, paused in conn.execute(
                "SELECT number, staff, services, paused FROM counters ORDER BY number"
            )
        ]

    # -- what staff and the display see ------------------------------------------------------

    def waiting(self, services: Sequence[str] | None = None) -> list[Ticket]:
        """Today's waiting tickets in the order they will be called (those of a paused service
        too: they are called once it resumes)."""
        wanted = None if services is None else self._service_list(services)
        with self._lock:
            today = self._day(self._now()).isoformat()
            sql = f"SELECT {_COLUMNS} FROM tickets WHERE status = 'waiting' AND day = ?"
            params: list[Any] = [today]
            if wanted is not None:
                sql += f" AND service IN ({', '.join('?' * len(wanted))})"
                params += wanted
            return [_ticket(row) for row in self._conn.execute(f"{sql} {_POLICY}", params)]

    def recent_calls(self, limit: int = 6) -> list[Call]:
        """Today's calls and recalls, the newest first, for the wall display."""
        if isinstance(limit, bool) or not isinstance(limit, int):
            raise BadRequest("bad_field", field="limit")
        if not 1 <= limit <= MAX_RECENT_CALLS:
            raise BadRequest("bad_field", field="limit")
        columns = ", ".join(f"t.{name.strip()}" for name in _COLUMNS.split(","))
        with self._lock:
            today = self._day(self._now()).isoformat()
            rows = self._conn.execute(
                f"SELECT {columns}, c.counter, c.at, c.recall FROM calls c "
                "JOIN tickets t ON t.id = c.ticket WHERE c.day = ? ORDER BY c.id DESC LIMIT ?",
                (today, limit),
            ).fetchall()
        return [Call(_ticket(row), row[-3], from_text(row[-2]), bool(row[-1])) for row in rows]

    def statistics(self, day: date | None = None) -> list[ServiceStats]:
        """Per service, for one site-local day (today by default)."""
        if day is not None and not isinstance(day, date):
            raise BadRequest("bad_field", field="day")
        with self._reading() as (conn, now):
            day = day or self._day(now)
            rows = conn.execute(
                "SELECT service, issued_for, status, issued_at, called_at, first_called_at, "
                "finished_at FROM tickets WHERE day = ?",
                (day.isoformat(),),
            ).fetchall()
        return [service_stats(service.id, rows, now) for service in self._services.values()]


def _event(kind: str, ticket: Ticket, at: datetime) -> dict[str, Any]:
    """What the council gets for its statistics: no booking reference, no language, no id that
    leads back to the ticket's follow page."""
    service_s = None
    if ticket.status is TicketStatus.SERVED:
        service_s = seconds_between(ticket.called_at, ticket.finished_at)
    return {
        "event": kind,
        "service": ticket.service,
        "number": ticket.number,
        "day": ticket.day.isoformat(),
        "at": to_text(at),
        "counter": ticket.counter,
        "wait_s": seconds_between(ticket.issued_at, ticket.first_called_at),
        "service_s": service_s,
        "extra_help": ticket.extra_help,
        "appointment": ticket.appointment is not None,
        "from_service": ticket.transferred_from if kind == "transferred" else None,
    }
