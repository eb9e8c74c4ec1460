import json
import sqlite3
import threading
from datetime import timedelta
from pathlib import Path

import pytest

from offline_queue import (
    InvalidSubmission,
    Outbox,
    OutboxError,
    OutboxFull,
    OutboxTooNew,
    Settlement,
    Status,
    UnknownSubmission,
    durable,
    schema,
)
from tests.support import FakeClock


def count_rows(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT count(*) FROM submissions").fetchone()[0]


def test_enqueue_is_durable_and_readable_from_a_new_connection(tmp_path: Path, clock: FakeClock):
    path = tmp_path / "outbox.sqlite3"
    with Outbox(path, clock=clock) as box:
        stored = box.enqueue("street_problem", {"problem": "graffiti"}, reference="K7QM-4XRT-P")
        conn = box.database().conn
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
    with Outbox(path, clock=clock) as again:
        row = again.get(stored.id)
    assert row == stored
    assert row.status is Status.PENDING
    assert row.payload == {"problem": "graffiti"}
    assert row.created_at == clock.now
    assert row.attempts == 0


@pytest.mark.parametrize(
    "text",
    [
        "Robert'); DROP TABLE submissions;--",
        "<script>alert('x')</script> &amp; <b>bold</b>",
        "Bin missed again 🗑️😡 at number 12",
        "\u202eevil right-to-left override\u202c and \u200f marks",
        "اردو میں شکایت",
        "x" * 10_000,
    ],
)
def test_awkward_text_is_stored_verbatim(outbox: Outbox, text: str):
    stored = outbox.enqueue("complaint", {"what_happened": text, text[:20]: "key too"})
    assert outbox.get(stored.id).payload == {"what_happened": text, text[:20]: "key too"}
    assert outbox.status().counts["pending"] == 1


@pytest.mark.parametrize(
    ("kind", "payload", "reference", "message"),
    [
        ("complaint", {"a": "\x00"}, None, "NUL"),
        ("complaint", {"a\x00": 1}, None, "NUL"),
        ("complaint", {"a": ["ok", {"b": "\x00"}]}, None, "NUL"),
        ("complaint", {"a": "\ud800 lone"}, None, "surrogate"),
        ("complaint", {"\udfff": 1}, None, "surrogate"),
        ("complaint", {"a": {1, 2}}, None, "not plain JSON"),
        ("complaint", {"a": object()}, None, "not plain JSON"),
        ("complaint", {"a": float("nan")}, None, "not plain JSON"),
        ("complaint", {"a": float("inf")}, None, "not plain JSON"),
        ("complaint", ["not", "an", "object"], None, "JSON object"),
        ("", {"a": 1}, None, "kind"),
        ("k" * 65, {"a": 1}, None, "kind"),
        ("complaint", {"a": 1}, "r" * 65, "reference"),
        ("complaint", {"a": 1}, "\ud800", "reference"),
        ("complaint", {"a": "x" * (1024 * 1024)}, None, "limit"),
    ],
)
def test_bad_submissions_are_refused_and_nothing_is_written(
    outbox: Outbox, kind, payload, reference, message
):
    outbox.enqueue("complaint", {"before": True})
    with pytest.raises(InvalidSubmission, match=message):
        outbox.enqueue(kind, payload, reference=reference)
    assert count_rows(outbox.path) == 1


def test_payload_limit_is_configurable(tmp_path: Path):
    with Outbox(tmp_path / "o.sqlite3", max_payload_bytes=100) as box:
        box.enqueue("complaint", {"a": "x" * 80})
        with pytest.raises(InvalidSubmission, match="limit is 100 bytes"):
            box.enqueue("complaint", {"a": "x" * 100})


def test_a_full_outbox_refuses_calmly_and_keeps_what_it_had(tmp_path: Path):
    path = tmp_path / "outbox.sqlite3"
    kept = []
    with Outbox(path, max_size_bytes=64 * 1024) as box:
        with pytest.raises(OutboxFull, match="cannot grow"):
            for n in range(10_000):
                kept.append(box.enqueue("complaint", {"n": n, "text": "y" * 500}).id)
        assert 10 < len(kept) < 10_000
        # Still usable: reads and state changes go on.
        assert box.status().counts["pending"] == len(kept)
        claimed = box.claim_due(5)
        box.settle([Settlement(s.id, Status.DELIVERED, "CR-1") for s in claimed])
    with Outbox(path) as box:
        assert [s.id for s in box.list()] == kept
        assert box.database().conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_corrupt_file_is_set_aside_and_a_fresh_outbox_starts(tmp_path: Path, clock):
    path = tmp_path / "outbox.sqlite3"
    path.write_bytes(b"this is not a database, it is what a crash left behind" * 100)
    original = path.read_bytes()
    with Outbox(path, clock=clock) as box:
        box.enqueue("complaint", {"a": 1})
        status = box.status()
    aside = list(tmp_path.glob("outbox.sqlite3.corrupt-20261123T100000Z"))
    assert len(aside) == 1
    assert aside[0].read_bytes() == original
    assert [e.kind for e in status.events] == ["corrupt_file_set_aside"]
    assert aside[0].name in status.events[0].detail
    assert status.counts["pending"] == 1


def test_a_damaged_database_is_set_aside_not_deleted(tmp_path: Path, clock):
    path = tmp_path / "outbox.sqlite3"
    with Outbox(path, clock=clock) as box:
        for n in range(300):
            box.enqueue("complaint", {"n": n, "text": "z" * 300})
        box.database().conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(path.read_bytes())
    page = 4096
    data[page * 3 : page * 6] = b"\xa5" * (page * 3)  # scribble over b-tree pages
    path.write_bytes(bytes(data))
    clock.advance(60)
    with Outbox(path, clock=clock) as box:
        assert box.status().counts["pending"] == 0
        assert box.status().events[0].kind == "corrupt_file_set_aside"
    assert (tmp_path / "outbox.sqlite3.corrupt-20261123T100100Z").read_bytes() == bytes(data)


def test_a_file_that_cannot_be_opened_is_not_mistaken_for_corruption(tmp_path: Path):
    folder = tmp_path / "outbox.sqlite3"
    folder.mkdir()
    with pytest.raises(OutboxError, match="Cannot open"):
        Outbox(folder)
    assert folder.is_dir()
    assert not list(tmp_path.glob("*.corrupt-*"))


def test_an_older_file_is_migrated_forward_with_its_rows(tmp_path: Path):
    path = tmp_path / "outbox.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    schema.migrate(conn, target=1)
    conn.execute(
        "INSERT INTO submissions (id, kind, created_at, payload, status, attempts, "
        "next_attempt_at, updated_at) VALUES ('old-1', 'complaint', "
        "'2026-11-01T09:00:00.000000Z', '{\"a\": 1}', 'pending', 0, "
        "'2026-11-01T09:00:00.000000Z', '2026-11-01T09:00:00.000000Z')"
    )
    conn.close()
    with Outbox(path) as box:
        assert box.database().conn.execute("PRAGMA user_version").fetchone()[0] == 2
        assert box.get("old-1").payload == {"a": 1}
        assert box.status().events == []


def test_a_file_from_a_newer_kiosk_is_left_untouched(tmp_path: Path):
    path = tmp_path / "outbox.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(OutboxTooNew, match="schema version 99"):
        Outbox(path)
    assert path.read_bytes() == before
    assert not list(tmp_path.glob("*.corrupt-*"))


def test_claim_settle_and_the_states(outbox: Outbox, clock: FakeClock):
    ids = []
    for n in range(4):
        ids.append(outbox.enqueue("complaint", {"n": n}).id)
        clock.advance(1)
    claimed = outbox.claim_due(3)
    assert [s.id for s in claimed] == ids[:3]  # oldest first
    assert all(s.status is Status.IN_FLIGHT and s.attempts == 1 for s in claimed)
    assert outbox.claim_due(10)[0].id == ids[3]
    later = clock.now + timedelta(minutes=5)
    outbox.settle(
        [
            Settlement(ids[0], Status.DELIVERED, backend_reference="CR-2026-000001"),
            Settlement(ids[1], Status.PENDING, error="HTTP 503", next_attempt_at=later),
            Settlement(ids[2], Status.REJECTED, error="HTTP 422: bad"),
        ]
    )
    delivered = outbox.get(ids[0])
    assert delivered.status is Status.DELIVERED
    assert delivered.backend_reference == "CR-2026-000001"
    assert delivered.delivered_at == clock.now
    waiting = outbox.get(ids[1])
    assert (waiting.status, waiting.next_attempt_at, waiting.last_error) == (
        Status.PENDING,
        later,
        "HTTP 503",
    )
    assert outbox.get(ids[2]).status is Status.REJECTED
    assert outbox.claim_due(10) == []  # not due yet
    assert outbox.next_due_at() == later
    clock.advance_to(later)
    assert [s.id for s in outbox.claim_due(10)] == [ids[1]]
    status = outbox.status()
    assert status.counts == {"pending": 0, "in_flight": 2, "delivered": 1, "rejected": 1}
    assert status.last_delivered_at is not None


def test_rows_left_in_flight_by_a_crash_are_released(tmp_path: Path, clock: FakeClock):
    path = tmp_path / "outbox.sqlite3"
    with Outbox(path, clock=clock) as box:
        box.enqueue("complaint", {"a": 1})
        box.claim_due(10)
    with Outbox(path, clock=clock) as box:
        assert box.release_in_flight() == 1
        again = box.claim_due(10)
    assert again[0].attempts == 2


def test_retry_of_rejected_submissions(outbox: Outbox):
    first = outbox.enqueue("complaint", {"a": 1})
    second = outbox.enqueue("complaint", {"a": 2})
    outbox.claim_due(10)
    outbox.settle([Settlement(s.id, Status.REJECTED, error="no") for s in (first, second)])
    assert outbox.retry(first.id).status is Status.PENDING
    with pytest.raises(OutboxError, match="not rejected"):
        outbox.retry(first.id)
    with pytest.raises(UnknownSubmission):
        outbox.retry("no-such-id")
    assert outbox.retry_all_rejected() == 1
    assert {s.id for s in outbox.claim_due(10)} == {first.id, second.id}


def test_retention_erases_delivered_payloads_only(outbox: Outbox, clock: FakeClock):
    old = outbox.enqueue("complaint", {"name": "old"}, reference="REF-OLD")
    rejected = outbox.enqueue("complaint", {"name": "rejected"})
    waiting = outbox.enqueue("complaint", {"name": "waiting"})
    outbox.claim_due(2)
    outbox.settle(
        [Settlement(old.id, Status.DELIVERED, "CR-1"), Settlement(rejected.id, Status.REJECTED)]
    )
    clock.advance(6 * 86400)
    recent = outbox.enqueue("complaint", {"name": "recent"})
    outbox.claim_due(10)
    outbox.settle([Settlement(recent.id, Status.DELIVERED, "CR-2")])
    outbox.settle([Settlement(waiting.id, Status.PENDING, next_attempt_at=clock.now)])
    clock.advance(2 * 86400)  # old: 8 days delivered; recent: 2 days
    assert outbox.erase_delivered_payloads(timedelta(days=7)) == 1
    erased = outbox.get(old.id)
    assert erased.payload is None
    assert (erased.reference, erased.kind, erased.created_at) == (
        "REF-OLD",
        "complaint",
        old.created_at,
    )
    assert erased.payload_erased_at == clock.now
    assert outbox.get(recent.id).payload == {"name": "recent"}
    assert outbox.get(rejected.id).payload == {"name": "rejected"}
    assert outbox.get(waiting.id).payload == {"name": "waiting"}
    clock.advance(365 * 86400)
    outbox.erase_delivered_payloads(timedelta(days=7))
    assert outbox.get(rejected.id).payload == {"name": "rejected"}


def test_secure_delete_is_set_whatever_the_build_default(tmp_path: Path):
    conn = durable.connect(tmp_path / "any.sqlite3")
    try:
        conn.execute("PRAGMA secure_delete = OFF")  # as a build without it would start
        durable.make_durable(conn)
        assert conn.execute("PRAGMA secure_delete").fetchone()[0] == 1
    finally:
        conn.close()


def file_bytes(path: Path) -> bytes:
    """The outbox file and its write-ahead log, as they are on disk."""
    return b"".join(
        Path(f"{path}{suffix}").read_bytes()
        for suffix in ("", "-wal")
        if Path(f"{path}{suffix}").exists()
    )


def test_an_erased_payload_leaves_the_file(tmp_path: Path, clock: FakeClock):
    path = tmp_path / "outbox.sqlite3"
    secret = "Mrs Q. Zebedee-Trelawney, 17 Quarry Lane"
    with Outbox(path, clock=clock) as box:
        gone = box.enqueue("complaint", {"name": secret})
        kept = box.enqueue("complaint", {"name": "still waiting"})
        box.claim_due(1)
        box.settle([Settlement(gone.id, Status.DELIVERED, "CR-1")])
        assert secret.encode() in file_bytes(path)
        clock.advance(8 * 86400)
        assert box.erase_delivered_payloads(timedelta(days=7)) == 1
        # Gone at once, while the kiosk runs on: not left in the log until the next close.
        assert secret.encode() not in file_bytes(path)
    on_disk = file_bytes(path)
    assert secret.encode() not in on_disk
    assert b"still waiting" in on_disk
    with Outbox(path, clock=clock) as box:
        assert box.get(gone.id).payload is None
        assert box.get(kept.id).payload == {"name": "still waiting"}


def test_export_writes_every_row_as_json_lines(outbox: Outbox, tmp_path: Path):
    outbox.enqueue("complaint", {"a": "é"}, reference="R1")
    outbox.enqueue("call_back", {"b": 2})
    out = tmp_path / "export.jsonl"
    with out.open("w", encoding="utf-8") as f:
        assert outbox.export(f) == 2
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(r["kind"], r["reference"], r["payload"], r["status"]) for r in rows] == [
        ("complaint", "R1", {"a": "é"}, "pending"),
        ("call_back", None, {"b": 2}, "pending"),
    ]


def test_threads_can_enqueue_at_once(outbox: Outbox):
    errors = []

    def work(name: str) -> None:
        try:
            for n in range(100):
                outbox.enqueue("complaint", {"thread": name, "n": n})
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=work, args=(str(t),)) for t in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert outbox.status().counts["pending"] == 300


def test_two_processes_worth_of_connections_share_one_file(tmp_path: Path):
    path = tmp_path / "outbox.sqlite3"
    with Outbox(path) as kiosk_app, Outbox(path) as sync_process:
        kiosk_app.enqueue("complaint", {"a": 1})
        claimed = sync_process.claim_due(10)
        assert len(claimed) == 1
        assert kiosk_app.claim_due(10) == []  # never claimed twice
