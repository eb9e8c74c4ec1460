"""The outbox schema as forward migrations, one step per version in `PRAGMA user_version`.

Each step runs in the same transaction as the version bump, so a crash mid-migration leaves the
file at the previous version, never between two.
"""

import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite_utils

from offline_queue.errors import OutboxTooNew


def _v1_submissions(db: "sqlite_utils.Database") -> None:
    db["submissions"].create(  # type: ignore[union-attr]
        {
            "id": str,
            "reference": str,
            "kind": str,
            "created_at": str,
            "payload": str,
            "status": str,
            "attempts": int,
            "next_attempt_at": str,
            "last_error": str,
            "backend_reference": str,
            "delivered_at": str,
            "updated_at": str,
            "payload_erased_at": str,
        },
        pk="id",
        not_null={"kind", "created_at", "status", "attempts", "updated_at"},
        defaults={"attempts": 0},
    )
    # One index serves claiming, the next due time and counts; each more would be one more
    # page to write and fsync on every enqueue.
    db["submissions"].create_index(["status", "next_attempt_at"])  # type: ignore[union-attr]


def _v2_events(db: "sqlite_utils.Database") -> None:
    # What staff should know about the outbox itself, e.g. a corrupt file moved aside.
    db["events"].create(  # type: ignore[union-attr]
        {"id": int, "at": str, "kind": str, "detail": str},
        pk="id",
        not_null={"at", "kind"},
    )


MIGRATIONS: list[Callable[["sqlite_utils.Database"], None]] = [_v1_submissions, _v2_events]
SCHEMA_VERSION = len(MIGRATIONS)


def user_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def refuse_newer(conn: sqlite3.Connection) -> None:
    version = user_version(conn)
    if version > SCHEMA_VERSION:
        raise OutboxTooNew(
            f"The outbox file is at schema version {version}; this kiosk knows up to "
            f"{SCHEMA_VERSION}. Update the kiosk software; the file is left as it is."
        )


def migrate(conn: sqlite3.Connection, target: int = SCHEMA_VERSION) -> int:
    """Bring the file up to `target`; return the version it was at."""
    refuse_newer(conn)
    start = user_version(conn)
    if start >= target:
        return start
    import sqlite_utils  # only when there is something to migrate: a kiosk starts faster

    db = sqlite_utils.Database(conn)
    for version in range(start + 1, target + 1):
        conn.execute("BEGIN IMMEDIATE")
        try:
            MIGRATIONS[version - 1](db)
            conn.execute(f"PRAGMA user_version = {version:d}")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    return start
