"""A real queue in a SQLite file under tmp_path, a clock the test moves, and the hub on
127.0.0.1 serving it."""

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kiosk.tickets import HubClient, HubServer, QueueService, TicketQueue, load_services
from tests.support import FakeClock

SITE_TOKEN = "site-token-for-tests"


@pytest.fixture
def services() -> list[QueueService]:
    return load_services()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()  # 10:00 on Monday 23 November 2026: GMT, so London is UTC


@pytest.fixture
def events() -> list[dict[str, Any]]:
    return []


@pytest.fixture
def queue_path(tmp_path: Path) -> Path:
    return tmp_path / "queue.sqlite3"


@pytest.fixture
def queue(
    queue_path: Path, services: list[QueueService], clock: FakeClock, events: list[dict[str, Any]]
) -> Iterator[TicketQueue]:
    with TicketQueue(queue_path, services, clock=clock, on_event=events.append) as opened:
        yield opened


@pytest.fixture
def hub(queue: TicketQueue) -> Iterator[HubServer]:
    with HubServer(queue, SITE_TOKEN) as server:
        yield server


@pytest.fixture
def client(hub: HubServer) -> Iterator[HubClient]:
    with HubClient(hub.url, SITE_TOKEN, timeout_s=10) as opened:
        yield opened


def snapshot(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, through a connection of its own: what "unchanged" means."""
    conn = sqlite3.connect(path)
    try:
        tables = [
            row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        ]
        return {
            table: sorted(conn.execute(f"SELECT * FROM {table}").fetchall(), key=repr)
            for table in tables
        }
    finally:
        conn.close()
