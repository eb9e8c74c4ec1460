"""The outbox: submissions made durable on the kiosk until the council back end has them.

One SQLite file (WAL, `synchronous=FULL`). `enqueue` returns only once the row is committed and
the write-ahead log is fsynced, so a receipt shown after it survives a power cut. Every state
change is one transaction. Rows are never deleted: delivered rows lose their payload after the
retention period, rejected rows wait for staff.
"""

import contextlib
import json
import logging
import os
import sqlite3
import threading
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from offline_queue import durable, schema
from offline_queue.errors import OutboxError, OutboxFull, UnknownSubmission
from offline_queue.timefmt import Clock, from_text, to_text, utc_now
from offline_queue.validation import DEFAULT_MAX_PAYLOAD_BYTES, serialize_payload

if TYPE_CHECKING:
    import sqlite_utils

log = logging.getLogger(__name__)

_SQLITE_CORRUPT = 11
_SQLITE_FULL = 13
_SQLITE_NOTADB = 26


class Status(StrEnum):
    PENDING = "pending"
    IN_FLIGHT = "in_flight"
    DELIVERED = "delivered"
    REJECTED = "rejected"


@dataclass(frozen=True)
class Submission:
    """One row of the outbox: what was submitted and how its delivery stands."""

    id: str
    reference: str | None
    kind: str
    created_at: datetime
    payload: dict[str, Any] | None
    status: Status
    attempts: int
    next_attempt_at: datetime | None
    last_error: str | None
    backend_reference: str | None
    delivered_at: datetime | None
    updated_at: datetime
    payload_erased_at: datetime | None = None

    def to_json_dict(self) -> dict[str, Any]:
        """The row as plain JSON values, for `kiosk outbox export` and `--json` listings."""
        out: dict[str, Any] = {}
        for name, value in self.__dict__.items():
            out[name] = to_text(value) if isinstance(value, datetime) else value
        out["status"] = str(self.status)
        return out


@dataclass(frozen=True)
class Settlement:
    """What became of one sending attempt, to be recorded on its row."""

    id: str
    status: Status  # DELIVERED, PENDING (try again at next_attempt_at) or REJECTED
    backend_reference: str | None = None
    error: str | None = None
    next_attempt_at: datetime | None = None


@dataclass(frozen=True)
class OutboxEvent:
    """A line of the outbox's log of what happened, without anyone's data."""

    at: datetime
    kind: str
    detail: str


@dataclass(frozen=True)
class OutboxStatus:
    """How the outbox stands, for staff: counts by state and the last delivery and error."""

    path: str
    counts: dict[str, int]
    oldest_pending_at: datetime | None
    last_delivered_at: datetime | None
    last_error: str | None
    last_error_at: datetime | None
    events: list[OutboxEvent] = field(default_factory=list)

    def to_json_dict(self, now: datetime) -> dict[str, Any]:
        def text(moment: datetime | None) -> str | None:
            return None if moment is None else to_text(moment)

        age = None if self.oldest_pending_at is None else (now - self.oldest_pending_at)
        return {
            "path": self.path,
            "counts": self.counts,
            "oldest_pending_at": text(self.oldest_pending_at),
            "oldest_pending_age_s": None if age is None else round(age.total_seconds(), 1),
            "last_delivered_at": text(self.last_delivered_at),
            "last_error": self.last_error,
            "last_error_at": text(self.last_error_at),
            "events": [
                {"at": to_text(e.at), "kind": e.kind, "detail": e.detail} for e in self.events
            ],
        }


_COLUMNS = (
    "id, reference, kind, created_at, payload, status, attempts, next_attempt_at, last_error, "
    "backend_reference, delivered_at, updated_at, payload_erased_at"
)


def _moment(text: str | None) -> datetime | None:
    return None if text is None else from_text(text)


def _row_to_submission(row: Sequence[Any]) -> Submission:
    return Submission(
        id=row[0],
        reference=row[1],
        kind=row[2],
        created_at=from_text(row[3]),
        payload=None if row[4] is None else json.loads(row[4]),
        status=Status(row[5]),
        attempts=row[6],
        next_attempt_at=_moment(row[7]),
        last_error=row[8],
        backend_reference=row[9],
        delivered_at=_moment(row[10]),
        updated_at=from_text(row[11]),
        payload_erased_at=_moment(row[12]),
    )


def _is_corruption(error: sqlite3.DatabaseError) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None:
        return (code & 0xFF) in (_SQLITE_CORRUPT, _SQLITE_NOTADB)
    return "malformed" in str(error) or "not a database" in str(error)


class Outbox:
    """Durable store of submissions waiting for, or delivered to, the council back end.

    Safe to share between threads (one connection behind a lock) and between processes on the
    same file (SQLite locking; `busy_timeout` waits for the other writer).
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        clock: Clock = utc_now,
        max_payload_bytes: int = DEFAULT_MAX_PAYLOAD_BYTES,
        max_size_bytes: int | None = None,
    ) -> None:
        self.path = Path(path)
        self._clock = clock
        self._max_payload_bytes = max_payload_bytes
        self._max_size_bytes = max_size_bytes
        self._lock = threading.RLock()
        self._directory_synced = False
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise OutboxError(
                f"Cannot make the outbox folder {self.path.parent}: {error}"
            ) from None
        self._conn = self._open_or_set_aside()

    # -- opening ---------------------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        try:
            conn = durable.connect(self.path)
        except sqlite3.Error as error:
            raise OutboxError(f"Cannot open the outbox at {self.path}: {error}") from None
        try:
            # Before anything writes (even the journal mode): a newer kiosk's file stays as is.
            schema.refuse_newer(conn)
            durable.make_durable(conn)
            result = conn.execute("PRAGMA quick_check").fetchone()[0]
            if result != "ok":
                raise sqlite3.DatabaseError(f"database disk image is malformed: {result}")
            schema.migrate(conn)
            if self._max_size_bytes is not None:
                page_size = conn.execute("PRAGMA page_size").fetchone()[0]
                pages = max(1, self._max_size_bytes // page_size)
                conn.execute(f"PRAGMA max_page_count = {pages:d}")
        except BaseException:
            conn.close()
            raise
        return conn

    def _open_or_set_aside(self) -> sqlite3.Connection:
        try:
            return self._connect()
        except sqlite3.DatabaseError as error:
            if not _is_corruption(error):
                raise OutboxError(f"Cannot open the outbox at {self.path}: {error}") from None
            moved_to = self._set_aside()
            log.error("Outbox file was corrupt (%s); moved aside to %s", error, moved_to.name)
            conn = self._connect()
            now = to_text(self._clock())
            with self._transaction(conn):
                conn.execute(
                    "INSERT INTO events (at, kind, detail) VALUES (?, ?, ?)",
                    (now, "corrupt_file_set_aside", f"{error}; the old file is {moved_to.name}"),
                )
            return conn

    def _set_aside(self) -> Path:
        """Move a corrupt file (and its WAL and shared-memory files) aside; never delete it."""
        stamp = self._clock().strftime("%Y%m%dT%H%M%SZ")
        target = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        n = 1
        while target.exists():
            n += 1
            target = self.path.with_name(f"{self.path.name}.corrupt-{stamp}-{n}")
        for suffix in ("", "-wal", "-shm"):
            source = Path(f"{self.path}{suffix}")
            if source.exists():
                source.rename(f"{target}{suffix}")
        durable.fsync_directory(self.path.parent)
        return target

    # -- transactions ----------------------------------------------------------------------

    @contextlib.contextmanager
    def _transaction(self, conn: sqlite3.Connection | None = None) -> Iterator[sqlite3.Connection]:
        conn = conn or self._conn
        with self._lock:
            try:
                conn.execute("BEGIN IMMEDIATE")
                yield conn
                conn.execute("COMMIT")
            except BaseException as error:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                if isinstance(error, sqlite3.Error):
                    raise self._known_error(error) from None
                raise

    def _known_error(self, error: sqlite3.Error) -> OutboxError:
        code = getattr(error, "sqlite_errorcode", 0) & 0xFF
        if code == _SQLITE_FULL:
            return OutboxFull(
                "The outbox cannot grow (the disk is full or the outbox reached its size "
                "limit). Nothing new was stored; what was already there is intact."
            )
        return OutboxError(f"The outbox could not be written: {error}")

    def _read(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            try:
                return list(self._conn.execute(sql, params))
            except sqlite3.Error as error:
                raise self._known_error(error) from None

    # -- citizen side ----------------------------------------------------------------------

    def enqueue(
        self, kind: str, payload: dict[str, Any], reference: str | None = None
    ) -> Submission:
        """Store a submission durably and return it; raise a known error and store nothing."""
        text = serialize_payload(kind, payload, reference, self._max_payload_bytes)
        stamp = to_text(self._clock())
        moment = from_text(stamp)  # exactly what is stored
        submission_id = str(uuid.uuid4())
        with self._transaction() as conn:
            conn.execute(
                "INSERT INTO submissions (id, reference, kind, created_at, payload, status, "
                "attempts, next_attempt_at, updated_at) VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, ?)",
                (submission_id, reference, kind, stamp, text, stamp, stamp),
            )
        if not self._directory_synced:
            # The WAL file may be new: make its directory entry durable as well, once.
            durable.fsync_directory(self.path.parent)
            self._directory_synced = True
        return Submission(
            id=submission_id,
            reference=reference,
            kind=kind,
            created_at=moment,
            payload=json.loads(text),
            status=Status.PENDING,
            attempts=0,
            next_attempt_at=moment,
            last_error=None,
            backend_reference=None,
            delivered_at=None,
            updated_at=moment,
        )

    # -- sync side -------------------------------------------------------------------------

    def claim_due(self, limit: int) -> list[Submission]:
        """Mark up to `limit` due submissions, oldest first, as in flight and return them."""
        now = to_text(self._clock())
        with self._transaction() as conn:
            rows = list(
                conn.execute(
                    f"SELECT {_COLUMNS} FROM submissions WHERE status = 'pending' "
                    "AND next_attempt_at <= ? ORDER BY created_at, rowid LIMIT ?",
                    (now, limit),
                )
            )
            conn.executemany(
                "UPDATE submissions SET status = 'in_flight', attempts = attempts + 1, "
                "updated_at = ? WHERE id = ?",
                [(now, row[0]) for row in rows],
            )
        return [
            replace(submission, status=Status.IN_FLIGHT, attempts=submission.attempts + 1)
            for submission in map(_row_to_submission, rows)
        ]

    def settle(self, settlements: Sequence[Settlement]) -> None:
        """Record what became of a batch of in-flight submissions, in one transaction."""
        now = to_text(self._clock())
        delivered, retry, rejected = [], [], []
        for s in settlements:
            if s.status is Status.DELIVERED:
                delivered.append((s.backend_reference, now, now, s.id))
            elif s.status is Status.PENDING:
                when = to_text(s.next_attempt_at) if s.next_attempt_at else now
                retry.append((when, s.error, now, s.id))
            elif s.status is Status.REJECTED:
                rejected.append((s.error, now, s.id))
            else:
                raise ValueError(f"cannot settle a submission as {s.status}")
        with self._transaction() as conn:
            conn.executemany(
                "UPDATE submissions SET status = 'delivered', backend_reference = ?, "
                "delivered_at = ?, updated_at = ?, next_attempt_at = NULL, last_error = NULL "
                "WHERE id = ? AND status = 'in_flight'",
                delivered,
            )
            conn.executemany(
                "UPDATE submissions SET status = 'pending', next_attempt_at = ?, last_error = ?, "
                "updated_at = ? WHERE id = ? AND status = 'in_flight'",
                retry,
            )
            conn.executemany(
                "UPDATE submissions SET status = 'rejected', last_error = ?, updated_at = ?, "
                "next_attempt_at = NULL WHERE id = ? AND status = 'in_flight'",
                rejected,
            )

    def release_in_flight(self) -> int:
        """Return rows a crash left in flight to the queue; the idempotency key makes it safe."""
        now = to_text(self._clock())
        with self._transaction() as conn:
            cursor = conn.execute(
                "UPDATE submissions SET status = 'pending', next_attempt_at = ?, updated_at = ? "
                "WHERE status = 'in_flight'",
                (now, now),
            )
        return cursor.rowcount

    def next_due_at(self) -> datetime | None:
        rows = self._read("SELECT min(next_attempt_at) FROM submissions WHERE status = 'pending'")
        return _moment(rows[0][0])

    def erase_delivered_payloads(self, older_than: timedelta) -> int:
        """Erase the citizen's data from rows delivered before the retention period."""
        now = self._clock()
        cutoff = to_text(now - older_than)
        with self._transaction() as conn:
            cursor = conn.execute(
                "UPDATE submissions SET payload = NULL, payload_erased_at = ? "
                "WHERE status = 'delivered' AND delivered_at < ? AND payload IS NOT NULL",
                (to_text(now), cutoff),
            )
        if cursor.rowcount:
            # The write-ahead log still holds the pages as they were, data and all, until a
            # checkpoint: copy them into the file (where secure_delete zeroed the old text) and
            # empty the log. A reader holding a snapshot makes this a no-op until next time.
            self._read("PRAGMA wal_checkpoint(TRUNCATE)")
        return cursor.rowcount

    # -- staff side ------------------------------------------------------------------------

    def get(self, submission_id: str) -> Submission:
        rows = self._read(f"SELECT {_COLUMNS} FROM submissions WHERE id = ?", (submission_id,))
        if not rows:
            raise UnknownSubmission(f"No submission in the outbox has the id {submission_id}.")
        return _row_to_submission(rows[0])

    def list(
        self, status: Status | None = None, limit: int | None = None, newest_first: bool = False
    ) -> list[Submission]:
        sql = f"SELECT {_COLUMNS} FROM submissions"
        params: list[Any] = []
        if status is not None:
            sql += " WHERE status = ?"
            params.append(str(status))
        sql += (
            " ORDER BY created_at DESC, rowid DESC"
            if newest_first
            else " ORDER BY created_at, rowid"
        )
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        return [_row_to_submission(row) for row in self._read(sql, params)]

    def last_reference(self) -> str | None:
        """The reference most recently stored. By order of storing, not by `created_at`: the
        clock may have been set back since, and the next reference must still come after it."""
        rows = self._read(
            "SELECT reference FROM submissions WHERE reference IS NOT NULL"
            " ORDER BY rowid DESC LIMIT 1"
        )
        return str(rows[0][0]) if rows else None

    def retry(self, submission_id: str) -> Submission:
        """Send a rejected submission again (after staff fixed the cause)."""
        now = to_text(self._clock())
        with self._transaction() as conn:
            row = conn.execute("SELECT status FROM submissions WHERE id = ?", (submission_id,))
            found = row.fetchone()
            if found is None:
                raise UnknownSubmission(f"No submission in the outbox has the id {submission_id}.")
            if found[0] != Status.REJECTED:
                raise OutboxError(
                    f"Submission {submission_id} is {found[0]}, not rejected; only rejected "
                    "submissions can be retried."
                )
            conn.execute(
                "UPDATE submissions SET status = 'pending', next_attempt_at = ?, updated_at = ? "
                "WHERE id = ?",
                (now, now, submission_id),
            )
        return self.get(submission_id)

    def retry_all_rejected(self) -> int:
        now = to_text(self._clock())
        with self._transaction() as conn:
            cursor = conn.execute(
                "UPDATE submissions SET status = 'pending', next_attempt_at = ?, updated_at = ? "
                "WHERE status = 'rejected'",
                (now, now),
            )
        return cursor.rowcount

    def status(self) -> OutboxStatus:
        counts = {str(s): 0 for s in Status}
        for name, count in self._read("SELECT status, count(*) FROM submissions GROUP BY status"):
            counts[name] = count
        oldest = self._read(
            "SELECT min(created_at) FROM submissions WHERE status IN ('pending', 'in_flight')"
        )[0][0]
        last_delivered = self._read("SELECT max(delivered_at) FROM submissions")[0][0]
        error_rows = self._read(
            "SELECT last_error, updated_at FROM submissions WHERE last_error IS NOT NULL "
            "ORDER BY updated_at DESC, rowid DESC LIMIT 1"
        )
        events = [
            OutboxEvent(at=from_text(at), kind=kind, detail=detail or "")
            for at, kind, detail in self._read("SELECT at, kind, detail FROM events ORDER BY id")
        ]
        return OutboxStatus(
            path=str(self.path),
            counts=counts,
            oldest_pending_at=_moment(oldest),
            last_delivered_at=_moment(last_delivered),
            last_error=error_rows[0][0] if error_rows else None,
            last_error_at=from_text(error_rows[0][1]) if error_rows else None,
            events=events,
        )

    def export(self, out: IO[str]) -> int:
        """Write every row as JSON lines (the citizen's data included); return how many."""
        count = 0
        for submission in self.list():
            out.write(json.dumps(submission.to_json_dict(), ensure_ascii=False) + "\n")
            count += 1
        return count

    def database(self) -> "sqlite_utils.Database":
        """The file through sqlite-utils, for staff tooling and tests that look inside."""
        import sqlite_utils

        return sqlite_utils.Database(self._conn)

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> "Outbox":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
