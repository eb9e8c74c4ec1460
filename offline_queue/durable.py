"""One SQLite file kept durable: the outbox, and the site queue's hub (kiosk.tickets), open
their files the same way so a row that is committed survives a crash or a power cut."""

import os
import sqlite3
from pathlib import Path

BUSY_TIMEOUT_MS = 10_000  # another process writing: wait for it rather than fail


def connect(path: Path) -> sqlite3.Connection:
    """A connection in autocommit mode (transactions are begun explicitly), shared between
    threads behind the caller's lock, waiting for other writers to the same file."""
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS:d}")
    except BaseException:
        conn.close()
        raise
    return conn


def make_durable(conn: sqlite3.Connection) -> None:
    """WAL with synchronous=FULL: each commit is fsynced before it returns. secure_delete
    overwrites what a row loses with zeros, so an erased citizen's data really leaves the file
    (set here, whatever the SQLite build's default)."""
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA secure_delete = ON")


def fsync_directory(directory: Path) -> None:
    """Make a new file's (or a renamed file's) directory entry durable too."""
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
