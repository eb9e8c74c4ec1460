import contextlib
import sqlite3
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from council_backend import SubmissionStore
from council_backend.validation import Submission


def at(year: int) -> datetime:
    return datetime(year, 11, 23, 10, 15, 0, 123456, tzinfo=UTC)


def item(kiosk_reference: str | None = "K7QM-4XRT-P", kind: str = "street_problem") -> Submission:
    return Submission(
        kind=kind,
        kiosk_reference=kiosk_reference,
        created_at="2026-11-23T10:15:00.000000Z",
        payload_json='{"problem":"graffiti"}',
    )


@pytest.fixture
def store(db_path: Path) -> Iterator[SubmissionStore]:
    with SubmissionStore(db_path, clock=lambda: at(2026)) as opened:
        yield opened


def test_first_store_answers_201_with_a_council_reference(store: SubmissionStore) -> None:
    result = store.store_once("key-1", item())
    assert result.status == 201
    assert not result.replayed
    assert result.body == {
        "id": "key-1",
        "reference": "CR-2026-000001",
        "kiosk_reference": "K7QM-4XRT-P",
        "status": "received",
        "received_at": "2026-11-23T10:15:00.123456Z",
    }
    assert store.count() == 1


def test_the_same_key_replays_the_first_answer_and_stores_nothing(store: SubmissionStore) -> None:
    first = store.store_once("key-1", item())
    again = store.store_once("key-1", item(kiosk_reference="OTHER", kind="other"))
    assert again.replayed
    assert (again.status, again.body) == (first.status, first.body)
    assert store.count() == 1
    assert store.answer_for("key-1") == again
    assert store.answer_for("unknown") is None


def test_references_follow_a_sequence(store: SubmissionStore) -> None:
    references = [store.store_once(f"key-{n}", item()).body["reference"] for n in range(3)]
    assert references == ["CR-2026-000001", "CR-2026-000002", "CR-2026-000003"]


def test_a_batch_answers_in_order_and_replays_repeats(store: SubmissionStore) -> None:
    store.store_once("old", item())
    results = store.store_batch([("a", item()), ("old", item()), ("b", item()), ("a", item())])
    assert [r.status for r in results] == [201] * 4
    assert [r.replayed for r in results] == [False, True, False, True]
    assert [r.body["reference"] for r in results] == [
        "CR-2026-000002",
        "CR-2026-000001",
        "CR-2026-000003",
        "CR-2026-000002",
    ]
    assert store.count() == 3
    assert store.store_batch([]) == []


def test_get_by_council_or_kiosk_reference(store: SubmissionStore) -> None:
    store.store_once("a", item(kiosk_reference="KIOSK-1"))
    store.store_once("b", item(kiosk_reference="KIOSK-1"))
    by_council = store.get("CR-2026-000002")
    assert by_council is not None
    assert by_council.idempotency_key == "b"
    by_kiosk = store.get("KIOSK-1")
    assert by_kiosk is not None
    assert by_kiosk.idempotency_key == "a"  # the oldest
    assert by_kiosk.tracking() == {
        "reference": "CR-2026-000001",
        "kiosk_reference": "KIOSK-1",
        "kind": "street_problem",
        "status": "received",
        "received_at": "2026-11-23T10:15:00.123456Z",
    }
    assert store.get("nothing") is None


def test_pages_are_oldest_first(store: SubmissionStore) -> None:
    for n in range(5):
        store.store_once(f"key-{n}", item(kiosk_reference=f"K{n}"))
    pages = [[s.kiosk_reference for s in store.page(p, 2)] for p in (1, 2, 3, 4)]
    assert pages == [["K0", "K1"], ["K2", "K3"], ["K4"], []]
    listed = store.page(1, 1)[0].listing()
    assert listed["payload"] == {"problem": "graffiti"}
    assert listed["created_at"] == "2026-11-23T10:15:00.000000Z"
    assert store.page(10**18, 1000) == []
    with pytest.raises(ValueError):
        store.page(0, 10)


def test_the_year_in_the_reference_is_the_year_received(db_path: Path) -> None:
    with SubmissionStore(db_path, clock=lambda: at(2027)) as store:
        assert store.store_once("k", item()).body["reference"] == "CR-2027-000001"


def test_everything_survives_reopening(db_path: Path) -> None:
    with SubmissionStore(db_path, clock=lambda: at(2026)) as store:
        first = store.store_once("k", item())
    with SubmissionStore(db_path, clock=lambda: at(2026)) as store:
        assert store.count() == 1
        assert store.store_once("k", item()).body == first.body
        assert store.store_once("k2", item()).body["reference"] == "CR-2026-000002"


def test_a_file_from_a_newer_back_end_is_refused(db_path: Path) -> None:
    with contextlib.closing(sqlite3.connect(db_path)) as db:
        db.execute("PRAGMA user_version = 99")
    with pytest.raises(sqlite3.DatabaseError, match="newer back end"):
        SubmissionStore(db_path)


def test_concurrent_sends_of_one_key_store_it_once(store: SubmissionStore) -> None:
    barrier = threading.Barrier(8)
    answers: list[str] = []
    lock = threading.Lock()

    def send() -> None:
        barrier.wait()
        result = store.store_once("same", item())
        with lock:
            answers.append(result.body["reference"])

    threads = [threading.Thread(target=send) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert answers == ["CR-2026-000001"] * 8
    assert store.count() == 1
