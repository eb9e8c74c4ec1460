"""Benchmarks of the outbox promise: durable enqueues, and draining a backlog to the back end.

Each figure is compared with a bare baseline measured in the same run on the same disk and the
same server, so the ratios mean something on any machine. Measures and prints; asserts nothing.
"""

import sqlite3
import statistics
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import requests

from kiosk.demo import DEMO_TOKEN as TOKEN
from kiosk.demo import BackendProcess
from kiosk.settings import load_settings
from offline_queue import KioskApiTransport, Outbox, SyncEngine

PAYLOAD = {"problem": "fly_tipping", "where": "Behind the library car park", "details": "x" * 300}
ROOT = Path(__file__).resolve().parent.parent


@contextmanager
def scratch() -> Iterator[Path]:
    # On the project's own disk, where a kiosk's data folder would be, not a RAM-backed /tmp.
    with tempfile.TemporaryDirectory(dir=ROOT, prefix=".bench-") as folder:
        yield Path(folder)


@contextmanager
def backend_process(folder: Path) -> Iterator[str]:
    """The reference back end as its own process (as the demo starts it), so client and server
    do not share a GIL."""
    settings = load_settings(None, {"KIOSK_DATA_DIR": str(folder)})
    backend = BackendProcess(settings)
    try:
        yield backend.url
    finally:
        backend.stop()


def _time_enqueues(folder: Path, count: int) -> float:
    with Outbox(folder / f"outbox-{uuid.uuid4().hex}.sqlite3") as outbox:
        outbox.enqueue("street_problem", PAYLOAD)  # file and WAL created outside the timing
        start = time.perf_counter()
        for _ in range(count):
            outbox.enqueue("street_problem", PAYLOAD)
        return time.perf_counter() - start


def _time_raw_inserts(folder: Path, count: int) -> float:
    """A bare sqlite3 INSERT + COMMIT per row, with the outbox's PRAGMAs."""
    conn = sqlite3.connect(folder / f"raw-{uuid.uuid4().hex}.sqlite3", isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("CREATE TABLE t (id TEXT PRIMARY KEY, kind TEXT, created_at TEXT, payload TEXT)")
    import json

    text = json.dumps(PAYLOAD)
    conn.execute("INSERT INTO t VALUES (?, ?, ?, ?)", ("warm", "k", "now", text))
    start = time.perf_counter()
    for _ in range(count):
        conn.execute("BEGIN")
        conn.execute(
            "INSERT INTO t VALUES (?, ?, ?, ?)", (str(uuid.uuid4()), "street_problem", "now", text)
        )
        conn.execute("COMMIT")
    elapsed = time.perf_counter() - start
    conn.close()
    return elapsed


def enqueue_figures(count: int = 1500, rounds: int = 3) -> dict[str, float]:
    ours, raw = [], []
    with scratch() as folder:
        for _ in range(rounds):  # interleaved, so disk weather hits both alike
            ours.append(_time_enqueues(folder, count))
            raw.append(_time_raw_inserts(folder, count))
    ours_s, raw_s = statistics.median(ours), statistics.median(raw)
    return {
        "enqueue_per_s": round(count / ours_s, 1),
        "raw_sqlite_commits_per_s": round(count / raw_s, 1),
        "enqueue_vs_raw_sqlite": round(ours_s / raw_s, 3),
    }


def _raw_requests_rate(url: str, count: int) -> float:
    with requests.Session() as http:
        http.headers["Authorization"] = f"Bearer {TOKEN}"
        start = time.perf_counter()
        for n in range(count):
            response = http.post(
                f"{url}/api/v1/submissions",
                json={"kind": "street_problem", "reference": f"RAW-{n}", "payload": PAYLOAD},
                headers={"Idempotency-Key": str(uuid.uuid4())},
                timeout=(5, 30),
            )
            response.raise_for_status()
        return count / (time.perf_counter() - start)


def drain_figures(backlog: int = 10_000, raw_count: int = 2000) -> dict[str, float]:
    with scratch() as folder, backend_process(folder) as url:
        with Outbox(folder / "outbox.sqlite3") as outbox:
            for _ in range(backlog):
                outbox.enqueue("street_problem", PAYLOAD)
            engine = SyncEngine(outbox, KioskApiTransport(url, TOKEN), batch_size=200)
            start = time.perf_counter()
            report = engine.sync_once()
            drain_s = time.perf_counter() - start
            engine.transport.close()
            if report.delivered != backlog:
                raise RuntimeError(f"only {report.delivered} of {backlog} delivered")
        raw_rate = _raw_requests_rate(url, raw_count)
    return {
        "drain_10k_s": round(drain_s, 3),
        "drain_per_s": round(backlog / drain_s, 1),
        "raw_requests_per_s": round(raw_rate, 1),
        "drain_vs_raw_requests": round((backlog / drain_s) / raw_rate, 2),
    }
