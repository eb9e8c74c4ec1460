"""The council's record of what kiosks sent: one SQLite file where each idempotency key is stored
once, together with the answer given, so a resend gets exactly the first answer back."""

import json
import os
import sqlite3
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from council_backend.validation import Submission

SCHEMA_VERSION = 1
_TIME_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"
# Keeps each IN (...) query well inside SQLite's limit on bound parameters.
_LOOKUP_CHUNK = 500
_MAX_OFFSET = 2**62

_SCHEMA = """
CREATE TABLE IF NOT EXISTS submissions (
    seq INTEGER PRIMARY KEY,
    idempotency_key TEXT NOT NULL UNIQUE,
    reference TEXT NOT NULL UNIQUE,
    kiosk_reference TEXT,
    kind TEXT NOT NULL,
    created_at TEXT,
    received_at TEXT NOT NULL,
    payload TEXT NOT NULL,
    answer_status INTEGER NOT NULL,
    answer_body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS submissions_by_kiosk_reference ON submissions (kiosk_reference);
"""

_COLUMNS = "idempotency_key, reference, kiosk_reference, kind, created_at, received_at, payload"


def utc_now() -> datetime:
    return datetime.now(UTC)


def council_reference(seq: int, received: datetime) -> str:
    """A reference a citizen can read out on the phone, e.g. CR-2026-000123."""
    return f"CR-{received.year:04d}-{seq:06d}"


@dataclass(frozen=True)
class StoreResult:
    """The answer for one submission: `replayed` when the key had been stored before."""

    status: int
    body: dict[str, Any]
    replayed: bool


@dataclass(frozen=True)
class StoredSubmission:
    idempotency_key: str
    reference: str
    kiosk_reference: str | None
    kind: str
    created_at: str | None
    received_at: str
    payload: dict[str, Any]

    def tracking(self) -> dict[str, Any]:
        """What a citizen tracking their submission may see."""
        return {
            "reference": self.reference,
            "kiosk_reference": self.kiosk_reference,
            "kind": self.kind,
            "status": "received",
            "received_at": self.received_at,
        }

    def listing(self) -> dict[str, Any]:
        """Everything, for staff and tests."""
        return {
            "idempotency_key": self.idempotency_key,
            "reference": self.reference,
            "kiosk_reference": self.kiosk_reference,
            "kind": self.kind,
            "created_at": self.created_at,
            "received_at": self.received_at,
            "payload": self.payload,
        }


def _stored(row: sqlite3.Row) -> StoredSubmission:
    return StoredSubmission(
        idempotency_key=row["idempotency_key"],
        reference=row["reference"],
        kiosk_reference=row["kiosk_reference"],
        kind=row["kind"],
        created_at=row["created_at"],
        received_at=row["received_at"],
        payload=json.loads(row["payload"]),
    )


class SubmissionStore:
    """Thread safe: one connection, used under a lock (SQLite writes one at a time anyway)."""

    def __init__(
        self, path: str | os.PathLike[str], clock: Callable[[], datetime] = utc_now
    ) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        try:
            self._db.row_factory = sqlite3.Row
            self._db.execute("PRAGMA busy_timeout = 5000")
            self._db.execute("PRAGMA journal_mode = WAL")
            # WAL with NORMAL survives a crash of the process; only a power cut can lose the
            # last commits, and the kiosk resends anything it has no answer for.
            self._db.execute("PRAGMA synchronous = NORMAL")
            self._migrate()
        except BaseException:
            self._db.close()
            raise

    def _migrate(self) -> None:
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise sqlite3.DatabaseError(
                f"The database was written by a newer back end (schema {version}); "
                "it is left untouched."
            )
        if version == SCHEMA_VERSION:
            return
        self._db.execute("BEGIN IMMEDIATE")
        try:
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    self._db.execute(statement)
            self._db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            self._db.execute("COMMIT")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> "SubmissionStore":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def store_once(self, key: str, item: Submission) -> StoreResult:
        """Store `item` under `key` unless the key is known; either way return its answer."""
        return self.store_batch([(key, item)])[0]

    def store_batch(self, items: Sequence[tuple[str, Submission]]) -> list[StoreResult]:
        """Store many in one transaction (one disk sync, not one per item); answers in order.

        A key already stored, or repeated within `items`, gets the first answer replayed.
        """
        if not items:
            return []
        received = self._clock()
        received_at = received.astimezone(UTC).strftime(_TIME_FORMAT)
        results: list[StoreResult] = []
        with self._lock:
            db = self._db
            # IMMEDIATE takes the write lock first, so the sequence read below stays ours even
            # if another process opens the same file.
            db.execute("BEGIN IMMEDIATE")
            try:
                seq = db.execute("SELECT COALESCE(MAX(seq), 0) FROM submissions").fetchone()[0]
                for key, item in items:
                    seq += 1
                    reference = council_reference(seq, received)
                    body = {
                        "id": key,
                        "reference": reference,
                        "kiosk_reference": item.kiosk_reference,
                        "status": "received",
                        "received_at": received_at,
                    }
                    cursor = db.execute(
                        "INSERT INTO submissions (seq, idempotency_key, reference, kiosk_reference,"
                        " kind, created_at, received_at, payload, answer_status, answer_body)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 201, ?)"
                        " ON CONFLICT (idempotency_key) DO NOTHING",
                        (
                            seq,
                            key,
                            reference,
                            item.kiosk_reference,
                            item.kind,
                            item.created_at,
                            received_at,
                            item.payload_json,
                            json.dumps(body, ensure_ascii=False),
                        ),
                    )
                    if cursor.rowcount == 1:
                        results.append(StoreResult(201, body, replayed=False))
                    else:
                        seq -= 1
                        known = self._answers_locked([key])[key]
                        results.append(known)
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
        return results

    def answer_for(self, key: str) -> StoreResult | None:
        """The first answer given for `key`, or None if it was never stored."""
        return self.answers_for([key]).get(key)

    def answers_for(self, keys: Iterable[str]) -> dict[str, StoreResult]:
        """The first answers for those of `keys` already stored."""
        with self._lock:
            return self._answers_locked(list(keys))

    def _answers_locked(self, keys: list[str]) -> dict[str, StoreResult]:
        answers: dict[str, StoreResult] = {}
        for start in range(0, len(keys), _LOOKUP_CHUNK):
            chunk = keys[start : start + _LOOKUP_CHUNK]
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(
                "SELECT idempotency_key, answer_status, answer_body FROM submissions"
                f" WHERE idempotency_key IN ({marks})",
                chunk,
            )
            for row in rows:
                answers[row["idempotency_key"]] = StoreResult(
                    row["answer_status"], json.loads(row["answer_body"]), replayed=True
                )
        return answers

    def get(self, reference: str) -> StoredSubmission | None:
        """Find by council reference, else by kiosk reference (the oldest, if several)."""
        with self._lock:
            row = self._db.execute(
                f"SELECT {_COLUMNS} FROM submissions WHERE reference = ?", (reference,)
            ).fetchone()
            if row is None:
                row = self._db.execute(
                    f"SELECT {_COLUMNS} FROM submissions WHERE kiosk_reference = ?"
                    " ORDER BY seq LIMIT 1",
                    (reference,),
                ).fetchone()
        return None if row is None else _stored(row)

    def page(self, page: int, per_page: int) -> list[StoredSubmission]:
        """Page `page` (from 1) of everything received, oldest first."""
        if page < 1 or per_page < 1:
            raise ValueError("page and per_page start at 1")
        offset = (page - 1) * per_page
        if offset > _MAX_OFFSET:
            return []
        with self._lock:
            rows = self._db.execute(
                f"SELECT {_COLUMNS} FROM submissions ORDER BY seq LIMIT ? OFFSET ?",
                (per_page, offset),
            ).fetchall()
        return [_stored(row) for row in rows]

    def count(self) -> int:
        with self._lock:
            total: int = self._db.execute("SELECT COUNT(*) FROM submissions").fetchone()[0]
        return total
