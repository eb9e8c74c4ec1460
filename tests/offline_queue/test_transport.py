"""What an HTTP answer means for a submission, and the kiosk API transport's fallbacks."""

import json
import random
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from offline_queue import KioskApiTransport, Outcome, Status, SyncEngine, classify

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("status", "outcome"),
    [
        (200, Outcome.DELIVERED),
        (201, Outcome.DELIVERED),
        (409, Outcome.DELIVERED),  # the back end already has it under this key
        (408, Outcome.RETRY),
        (425, Outcome.RETRY),
        (429, Outcome.RETRY),
        (500, Outcome.RETRY),
        (503, Outcome.RETRY),
        (400, Outcome.REJECTED),
        (404, Outcome.REJECTED),
        (422, Outcome.REJECTED),
        # A wrong or revoked token: the submission is fine, so it is kept and retried.
        (401, Outcome.RETRY),
        (403, Outcome.RETRY),
    ],
)
def test_classify(status: int, outcome: Outcome):
    delivery = classify(status, {"reference": "CR-1", "error": "why"}, None, NOW)
    assert delivery.outcome is outcome
    if outcome is Outcome.DELIVERED:
        assert delivery.backend_reference == "CR-1"
        assert delivery.error is None
    else:
        assert f"HTTP {status}" in (delivery.error or "")
    if status in (401, 403):
        assert "refused the kiosk's token" in (delivery.error or "")


def test_classify_caps_a_huge_retry_after_at_a_day():
    delivery = classify(503, None, "999999999999", NOW)
    assert delivery.outcome is Outcome.RETRY
    assert delivery.retry_after_s == 24 * 3600


Answer = tuple[int, dict[str, Any]]


class Recorder:
    """What a small back end on 127.0.0.1 was sent, and how it answers."""

    def __init__(self, batch: Callable[[dict], Answer], single: Callable[[dict], Answer]):
        self.batch = batch
        self.single = single
        self.batches: list[list[str]] = []
        self.singles: list[str] = []


def serve(recorder: Recorder) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            if self.path.endswith("/batch"):
                recorder.batches.append([item["idempotency_key"] for item in body["items"]])
                status, answer = recorder.batch(body)
            else:
                recorder.singles.append(self.headers["Idempotency-Key"])
                status, answer = recorder.single(body)
            data = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:
            pass

    return ThreadingHTTPServer(("127.0.0.1", 0), Handler)


@pytest.fixture
def running() -> Iterator[Callable[[Recorder], str]]:
    servers: list[ThreadingHTTPServer] = []

    def start(recorder: Recorder) -> str:
        server = serve(recorder)
        threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def one_by_one(body: dict) -> Answer:
    if body["kind"] == "street_problem":
        return 400, {"error": "The street problem has no location."}
    return 201, {"reference": f"CR-{body['reference']}"}


@pytest.mark.parametrize("envelope_status", [400, 409, 410, 413, 422])
def test_a_refused_batch_is_sent_singly_so_one_bad_row_rejects_only_itself(
    outbox, clock, running, envelope_status
):
    recorder = Recorder(lambda body: (envelope_status, {"error": "bad envelope"}), one_by_one)
    url = running(recorder)
    good = [outbox.enqueue("complaint", {"n": n}, reference=f"K-{n}").id for n in range(5)]
    bad = outbox.enqueue("street_problem", {"where": ""}, reference="K-BAD").id
    transport = KioskApiTransport(url, "token", clock=clock)
    engine = SyncEngine(outbox, transport, clock=clock, rng=random.Random(1))
    report = engine.sync_once()
    transport.close()
    assert (report.delivered, report.rejected, report.retried) == (5, 1, 0)
    assert recorder.batches == [[*good, bad]]
    assert recorder.singles == [*good, bad]
    for n, submission_id in enumerate(good):
        row = outbox.get(submission_id)
        assert (row.status, row.backend_reference) == (Status.DELIVERED, f"CR-K-{n}")
    rejected = outbox.get(bad)
    assert rejected.status is Status.REJECTED
    assert rejected.last_error == "HTTP 400: The street problem has no location."


@pytest.mark.parametrize("envelope_status", [401, 403, 429, 503])
def test_a_batch_refused_for_the_token_or_load_is_kept_whole_for_later(
    outbox, clock, running, envelope_status
):
    recorder = Recorder(lambda body: (envelope_status, {"error": "not now"}), one_by_one)
    url = running(recorder)
    ids = [outbox.enqueue("complaint", {"n": n}).id for n in range(3)]
    transport = KioskApiTransport(url, "token", clock=clock)
    report = SyncEngine(outbox, transport, clock=clock, rng=random.Random(1)).sync_once()
    transport.close()
    assert (report.delivered, report.retried) == (0, 3)
    assert recorder.singles == []  # no hammering one by one
    assert all(outbox.get(i).status is Status.PENDING for i in ids)


def test_a_success_without_per_item_results_is_sent_again_not_taken_as_delivered(
    outbox, clock, running
):
    recorder = Recorder(lambda body: (202, {"accepted": True}), one_by_one)
    url = running(recorder)
    ids = [outbox.enqueue("complaint", {"n": n}).id for n in range(2)]
    transport = KioskApiTransport(url, "token", clock=clock)
    report = SyncEngine(outbox, transport, clock=clock, rng=random.Random(1)).sync_once()
    transport.close()
    assert report.retried == 2
    assert all(outbox.get(i).status is Status.PENDING for i in ids)
    assert "malformed" in (outbox.get(ids[0]).last_error or "")
