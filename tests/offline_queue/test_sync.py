"""The sync engine against the real reference back end on 127.0.0.1."""

import json
import random
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest
import requests

from council_backend import BackendServer, Faults
from offline_queue import KioskApiTransport, Outbox, OutboxError, Status, SyncEngine
from tests.conftest import BACKEND_TOKEN
from tests.support import FakeClock


def received(server: BackendServer) -> list[dict]:
    """Everything the back end holds, through its own API."""
    items: list[dict] = []
    with requests.Session() as http:
        http.headers["Authorization"] = f"Bearer {BACKEND_TOKEN}"
        page = 1
        while True:
            body = http.get(
                f"{server.url}/api/v1/submissions", params={"page": page, "per_page": 1000}
            ).json()
            items += body["items"]
            if page * 1000 >= body["total"]:
                return items
            page += 1


def make_engine(outbox: Outbox, url: str, clock: FakeClock, token: str = BACKEND_TOKEN, **kw):
    transport = KioskApiTransport(url, token, clock=clock, read_timeout_s=10)
    return SyncEngine(outbox, transport, clock=clock, rng=random.Random(4), **kw)


def test_everything_due_is_delivered_once_with_the_council_reference(outbox, backend, clock):
    ids = [outbox.enqueue("complaint", {"n": n}, reference=f"K-{n}").id for n in range(7)]
    engine = make_engine(outbox, backend.url, clock, batch_size=3)
    report = engine.sync_once()
    assert (report.delivered, report.retried, report.rejected) == (7, 0, 0)
    got = received(backend)
    assert [item["idempotency_key"] for item in got] == ids  # oldest first
    assert [item["kiosk_reference"] for item in got] == [f"K-{n}" for n in range(7)]
    for item in got:
        row = outbox.get(item["idempotency_key"])
        assert row.status is Status.DELIVERED
        assert row.backend_reference == item["reference"]
    assert engine.sync_once().sent == 0
    engine.transport.close()


def test_a_rejected_submission_is_kept_for_staff_and_does_not_block_the_rest(
    tmp_path, outbox, clock
):
    with BackendServer(
        tmp_path / "b.sqlite3", token=BACKEND_TOKEN, services={"complaint"}
    ) as server:
        server.start()
        bad = outbox.enqueue("street_problem", {"problem": "pothole"})
        good = outbox.enqueue("complaint", {"n": 1})
        engine = make_engine(outbox, server.url, clock)
        report = engine.sync_once()
        engine.transport.close()
        assert (report.delivered, report.rejected) == (1, 1)
        row = outbox.get(bad.id)
        assert row.status is Status.REJECTED
        assert "does not take 'street_problem'" in (row.last_error or "")
        assert row.payload == {"problem": "pothole"}  # kept, never deleted
        assert outbox.get(good.id).status is Status.DELIVERED
        assert outbox.status().last_error == row.last_error

    # The council switches the service on; staff send it again; it arrives once.
    with BackendServer(tmp_path / "b.sqlite3", token=BACKEND_TOKEN) as server:
        server.start()
        outbox.retry(bad.id)
        engine = make_engine(outbox, server.url, clock)
        assert engine.sync_once().delivered == 1
        engine.transport.close()
        keys = [item["idempotency_key"] for item in received(server)]
        assert sorted(keys) == sorted([bad.id, good.id])


def test_an_unreachable_back_end_backs_off_and_keeps_everything(outbox, clock, tmp_path):
    server = BackendServer(tmp_path / "b.sqlite3", token=BACKEND_TOKEN).start()
    url = server.url
    server.stop()  # nothing listens there now
    ids = [outbox.enqueue("complaint", {"n": n}).id for n in range(5)]
    engine = make_engine(outbox, url, clock, batch_size=2)
    report = engine.sync_once()
    engine.transport.close()
    # It stopped after the first batch failed instead of hammering on.
    assert (report.delivered, report.retried) == (0, 2)
    assert "Could not reach the back end" in report.errors[0]
    rows = [outbox.get(i) for i in ids]
    assert all(r.status is Status.PENDING for r in rows)
    assert all(r.next_attempt_at > clock.now for r in rows[:2])
    assert all(r.attempts == 0 for r in rows[2:])
    assert engine.seconds_until_next_round() > 0


def test_retry_after_from_the_back_end_is_honoured(outbox, backend, clock):
    backend.faults = Faults(error_rate=1.0, retry_after=120)
    submission = outbox.enqueue("complaint", {"a": 1})
    engine = make_engine(outbox, backend.url, clock)
    assert engine.sync_once().retried == 1
    row = outbox.get(submission.id)
    assert row.next_attempt_at >= clock.now + timedelta(seconds=120)
    assert "503" in (row.last_error or "")
    clock.advance(119)
    assert engine.sync_once().sent == 0
    backend.faults = Faults()
    clock.advance_to(row.next_attempt_at)
    assert engine.sync_once().delivered == 1
    engine.transport.close()


def test_a_wrong_token_is_retried_not_rejected(outbox, backend, clock):
    submission = outbox.enqueue("complaint", {"a": 1})
    engine = make_engine(outbox, backend.url, clock, token="wrong")
    assert engine.sync_once().retried == 1
    engine.transport.close()
    row = outbox.get(submission.id)
    assert row.status is Status.PENDING
    assert "refused the kiosk's token" in (row.last_error or "")


def test_rows_left_in_flight_by_a_crash_are_sent_on_restart(outbox, backend, clock):
    submission = outbox.enqueue("complaint", {"a": 1})
    outbox.claim_due(10)  # the process died here, mid-send
    engine = make_engine(outbox, backend.url, clock)
    assert engine.sync_once().delivered == 1
    engine.transport.close()
    assert [i["idempotency_key"] for i in received(backend)] == [submission.id]


def test_single_posts_deliver_too(outbox, backend, clock):
    ids = {outbox.enqueue("complaint", {"n": n}).id for n in range(3)}
    transport = KioskApiTransport(backend.url, BACKEND_TOKEN, use_batch=False, clock=clock)
    with transport_closed(transport):
        SyncEngine(outbox, transport, clock=clock).sync_once()
    assert {i["idempotency_key"] for i in received(backend)} == ids


class transport_closed:
    def __init__(self, transport: KioskApiTransport) -> None:
        self.transport = transport

    def __enter__(self) -> KioskApiTransport:
        return self.transport

    def __exit__(self, *exc: object) -> None:
        self.transport.close()


class _SingleOnlyHandler(BaseHTTPRequestHandler):
    """A back end that has no batch endpoint (an older council system)."""

    protocol_version = "HTTP/1.1"
    keys: ClassVar[list[str]] = []

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers["Content-Length"]))
        if self.path.endswith("/batch"):
            status, body = 404, {"error": "Not found"}
        else:
            self.keys.append(self.headers["Idempotency-Key"])
            status, body = 201, {"reference": f"OLD-{len(self.keys)}"}
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


def test_a_back_end_without_batches_gets_single_posts(outbox, clock):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _SingleOnlyHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        ids = [outbox.enqueue("complaint", {"n": n}).id for n in range(4)]
        engine = make_engine(outbox, f"http://127.0.0.1:{server.server_address[1]}", clock)
        assert engine.sync_once().delivered == 4
        engine.transport.close()
        assert _SingleOnlyHandler.keys == ids
        assert outbox.get(ids[0]).backend_reference == "OLD-1"
    finally:
        server.shutdown()
        server.server_close()


def test_the_engine_thread_delivers_what_is_enqueued(outbox, backend):
    delivered = threading.Event()
    engine = SyncEngine(
        outbox,
        KioskApiTransport(backend.url, BACKEND_TOKEN),
        on_settled=lambda s, settlement: delivered.set(),
        poll_interval_s=3600,  # only notify() wakes it
    )
    engine.start()
    try:
        submission = outbox.enqueue("complaint", {"a": 1})
        engine.notify()
        assert delivered.wait(timeout=30)
        assert outbox.get(submission.id).status is Status.DELIVERED
    finally:
        engine.stop(timeout_s=30)
        engine.transport.close()


def test_delivered_payloads_are_erased_after_the_retention_period(outbox, backend, clock):
    submission = outbox.enqueue("complaint", {"name": "A Citizen"})
    engine = make_engine(outbox, backend.url, clock, retention=timedelta(days=7))
    engine.sync_once()
    clock.advance(7 * 86400 + 3600)
    engine.sync_once()
    engine.transport.close()
    row = outbox.get(submission.id)
    assert row.payload is None
    assert row.status is Status.DELIVERED


def test_chaos_then_calm_delivers_everything_exactly_once(outbox, clock, tmp_path):
    backend = BackendServer(
        tmp_path / "chaos.sqlite3",
        token=BACKEND_TOKEN,
        faults=Faults(error_rate=0.3, reset_rate=0.1),
        rng=random.Random(11),
    ).start()
    ids = {outbox.enqueue("complaint", {"n": n}).id for n in range(300)}
    engine = make_engine(outbox, backend.url, clock, batch_size=20)
    failures = 0
    for _round in range(60):
        report = engine.sync_once()
        failures += report.retried
        clock.advance_to(outbox.next_due_at())
        if outbox.status().counts["pending"] == 0:
            break
    assert failures > 0  # the faults really bit
    backend.faults = Faults()
    clock.advance(3600)
    engine.sync_once()
    engine.transport.close()
    assert outbox.status().counts == {"pending": 0, "in_flight": 0, "delivered": 300, "rejected": 0}
    keys = [item["idempotency_key"] for item in received(backend)]
    backend.stop()
    assert len(keys) == len(set(keys)) == 300
    assert set(keys) == ids


def test_awkward_text_reaches_the_back_end_verbatim(outbox, backend, clock):
    awkward = {
        "sql": "Robert'); DROP TABLE submissions;--",
        "html": "<script>alert('x')</script> &amp; <b>bold</b>",
        "emoji": "Bin missed again 🗑️😡",
        "rtl": "اردو میں شکایت",
        "long": "x" * 10_000,
    }
    submission = outbox.enqueue("complaint", awkward)
    engine = make_engine(outbox, backend.url, clock)
    assert engine.sync_once().delivered == 1
    engine.transport.close()
    (item,) = received(backend)
    assert item["idempotency_key"] == submission.id
    assert item["payload"] == awkward


def test_back_off_never_waits_longer_than_fifteen_minutes(outbox, backend, clock):
    backend.faults = Faults(error_rate=1.0)  # 503 without Retry-After, every time
    submission = outbox.enqueue("complaint", {"a": 1})
    engine = make_engine(outbox, backend.url, clock)
    waits = []
    for _round in range(25):
        assert engine.sync_once().retried == 1
        row = outbox.get(submission.id)
        waits.append((row.next_attempt_at - clock.now).total_seconds())
        clock.advance_to(row.next_attempt_at)
    engine.transport.close()
    assert outbox.get(submission.id).attempts == 25
    assert all(0 <= wait <= 900 for wait in waits)
    assert max(waits[10:]) > 450  # it did grow up to the cap


def test_a_huge_retry_after_waits_a_day_and_leaves_nothing_in_flight(outbox, backend, clock):
    backend.faults = Faults(error_rate=1.0, retry_after=999_999_999_999)
    submission = outbox.enqueue("complaint", {"a": 1})
    engine = make_engine(outbox, backend.url, clock)
    assert engine.sync_once().retried == 1
    row = outbox.get(submission.id)
    assert row.status is Status.PENDING
    assert row.next_attempt_at == clock.now + timedelta(hours=24)
    assert outbox.status().counts["in_flight"] == 0
    backend.faults = Faults()
    clock.advance_to(row.next_attempt_at)
    assert engine.sync_once().delivered == 1
    engine.transport.close()


class BrokenRandom(random.Random):
    """A random source with a bug: the engine must not leave a row in flight over it."""

    def uniform(self, a: float, b: float) -> float:
        raise RuntimeError("no randomness today")


def test_a_bug_between_claim_and_settle_puts_the_row_back(outbox, backend, clock, caplog):
    backend.faults = Faults(error_rate=1.0)
    submission = outbox.enqueue("complaint", {"a": 1})
    transport = KioskApiTransport(backend.url, BACKEND_TOKEN, clock=clock)
    engine = SyncEngine(outbox, transport, clock=clock, rng=BrokenRandom())
    with transport_closed(transport):
        assert engine.sync_once().retried == 1
    row = outbox.get(submission.id)
    assert row.status is Status.PENDING
    assert "Internal error" in (row.last_error or "")
    # The longest back-off, so a bug that repeats does not spin.
    assert row.next_attempt_at == clock.now + timedelta(minutes=15)
    assert "no randomness today" in caplog.text


class FailingSettleOutbox(Outbox):
    """A real outbox whose first `failures` settles fail, as a disk in trouble would."""

    failures = 0

    def settle(self, settlements):
        if self.failures:
            self.failures -= 1
            raise OutboxError("The outbox could not be written: disk I/O error")
        super().settle(settlements)


@pytest.mark.parametrize("failures", [1, 2])
def test_a_failed_settle_leaves_nothing_in_flight_for_long(tmp_path, backend, clock, failures):
    with FailingSettleOutbox(tmp_path / "outbox.sqlite3", clock=clock) as box:
        submission = box.enqueue("complaint", {"a": 1})
        engine = make_engine(box, backend.url, clock)
        box.failures = failures
        with pytest.raises(OutboxError):
            engine.sync_once()
        if failures == 1:  # putting it back worked at once
            assert box.get(submission.id).status is Status.PENDING
            assert "will be sent again" in (box.get(submission.id).last_error or "")
        # Either way the next round sends it again; the back end has it once.
        assert engine.sync_once().delivered == 1
        engine.transport.close()
        assert box.status().counts["in_flight"] == 0
    assert [i["idempotency_key"] for i in received(backend)] == [submission.id]
