"""The hub over real HTTP on 127.0.0.1: the site token, errors as JSON, request checks, the
follow page, and the client raising the same errors as the queue itself."""

import re
import socket
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import requests

from kiosk import i18n
from kiosk.tickets import (
    BadRequest,
    HubClient,
    HubServer,
    HubUnavailable,
    NotAllowed,
    QueueEmpty,
    QueueService,
    ServicePaused,
    TicketQueue,
    TicketStatus,
    UnknownService,
    UnknownTicket,
    WrongState,
)
from kiosk.tickets.hub import MAX_BODY
from tests.kiosk.tickets.conftest import SITE_TOKEN, snapshot
from tests.support import FakeClock

C, B, H = "council_tax", "benefits", "housing"
AUTH = {"Authorization": f"Bearer {SITE_TOKEN}"}


@pytest.fixture
def http() -> Iterator[requests.Session]:
    with requests.Session() as session:
        yield session


def test_the_client_gives_what_the_queue_gives(
    client: HubClient, queue: TicketQueue, clock: FakeClock
):
    assert client.services() == queue.services()
    issued = client.issue(C, extra_help=True, language="pl")
    assert issued == queue.position(issued.ticket.id)
    assert issued.ticket.language == "pl" and issued.ticket.priority
    clock.advance(60)
    booked = client.issue(H, appointment="ab-12")
    assert booked.ticket.appointment == "AB-12"
    plain = client.issue(C)
    assert (plain.ahead, plain.estimated_wait_s) == (1, 300)
    assert client.position(plain.ticket.id) == queue.position(plain.ticket.id)
    assert client.waiting() == queue.waiting()
    assert client.waiting([H]) == [booked.ticket]

    assert client.sign_in(2, "Sam", [C, H]) == queue.counters()[0]
    assert client.pause_counter(2, True).paused
    assert client.counters() == queue.counters()
    client.sign_out(2)
    assert client.counters() == []

    called = client.call_next(2, [C, H])
    assert called == queue.ticket(issued.ticket.id) and called.status is TicketStatus.CALLED
    assert client.recall(called.id, 3).recalls == 1
    assert client.recent_calls() == queue.recent_calls()
    assert client.recent_calls(limit=1) == queue.recent_calls(limit=1)
    clock.advance(100)
    assert client.served(called.id) == queue.ticket(called.id)
    assert client.ticket(called.id).status is TicketStatus.SERVED
    moved = client.transfer(plain.ticket.id, H)
    assert (moved.service, moved.number) == (H, "C002")
    assert client.no_show(client.call_next(1, [H]).id).status is TicketStatus.NO_SHOW

    client.pause(B)
    assert client.paused() == {B} == queue.paused()
    client.resume(B)
    assert client.paused() == set()
    assert client.statistics() == queue.statistics()
    assert client.statistics(date(2026, 11, 1)) == queue.statistics(date(2026, 11, 1))
    assert client.follow_url(called.id) == f"{client.url}/follow/{called.id}"


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer not-the-site-token"},
        {"Authorization": f"Basic {SITE_TOKEN}"},
        {"Authorization": f"Bearer {SITE_TOKEN}x"},
        {"Authorization": "Bearer"},
    ],
    ids=["missing", "forged", "not bearer", "longer", "empty"],
)
def test_without_the_site_token_nothing_is_told_or_changed(
    hub: HubServer,
    queue: TicketQueue,
    queue_path: Path,
    http: requests.Session,
    headers: dict[str, str],
):
    waiting = queue.issue(C).ticket
    before = snapshot(queue_path)
    attempts = [
        ("POST", "/v1/tickets", {"service": C}),
        ("POST", "/v1/call-next", {"counter": 1, "services": [C]}),
        ("POST", f"/v1/tickets/{waiting.id}/transfer", {"service": H}),
        ("POST", f"/v1/services/{C}/pause", {}),
        ("PUT", "/v1/counters/1", {"staff": "Mallory", "services": [C]}),
        ("GET", "/v1/waiting", None),
        ("GET", f"/v1/tickets/{waiting.id}", None),
        ("POST", "/v1/tickets", "not even JSON"),
    ]
    for method, path, body in attempts:
        if isinstance(body, str):
            response = http.request(method, hub.url + path, data=body, headers=headers)
        else:
            response = http.request(method, hub.url + path, json=body, headers=headers)
        assert response.status_code == 401, path
        assert response.json()["error"] == "not_allowed"
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
        assert waiting.id not in response.text
    assert snapshot(queue_path) == before
    with HubClient(hub.url, "forged") as wrong, pytest.raises(NotAllowed) as refused:
        wrong.issue(C)
    assert "site token" in refused.value.message


def error_of(response: requests.Response) -> tuple[int, str, str]:
    body = response.json()
    return response.status_code, body["error"], body["message"]


def test_errors_are_json_with_fitting_status_codes(
    hub: HubServer, queue: TicketQueue, http: requests.Session
):
    url = hub.url
    assert error_of(http.post(f"{url}/v1/tickets", json={"service": "parking"}, headers=AUTH))[
        :2
    ] == (404, "unknown_service")
    empty = http.post(f"{url}/v1/call-next", json={"counter": 1, "services": [C]}, headers=AUTH)
    assert error_of(empty) == (
        409,
        "queue_empty",
        "No one is waiting for the services you serve.",
    )
    ticket = queue.issue(C).ticket
    queue.pause(H)
    paused = http.post(f"{url}/v1/tickets/{ticket.id}/transfer", json={"service": H}, headers=AUTH)
    assert error_of(paused) == (
        409,
        "service_paused",
        "Housing is paused at the moment, so tickets cannot be moved there.",
    )
    assert paused.json()["params"] == {"service": "Housing"}
    unknown = http.get(f"{url}/v1/tickets/{'0' * 32}", headers=AUTH)
    assert error_of(unknown)[:2] == (404, "unknown_ticket")
    served = http.post(f"{url}/v1/tickets/{ticket.id}/served", headers=AUTH)
    assert error_of(served) == (409, "wrong_state", "Ticket C001 has not been called yet.")
    nowhere = http.get(f"{url}/v1/nowhere", headers=AUTH)
    assert nowhere.status_code == 404
    wrong_method = http.get(f"{url}/v1/call-next", headers=AUTH)
    assert wrong_method.status_code == 405 and wrong_method.headers["Allow"] == "POST"


def test_the_client_raises_the_queues_own_errors(
    client: HubClient, queue: TicketQueue, clock: FakeClock
):
    with pytest.raises(UnknownService):
        client.issue("parking")
    with pytest.raises(QueueEmpty) as empty:
        client.call_next(1, [C])
    assert empty.value.message == "No one is waiting for the services you serve."
    ticket = client.issue(C).ticket
    client.pause(H)
    with pytest.raises(ServicePaused) as paused:
        client.transfer(ticket.id, H)
    assert paused.value.message == (
        "Housing is paused at the moment, so tickets cannot be moved there."
    )
    with pytest.raises(WrongState, match="has not been called yet"):
        client.served(ticket.id)
    with pytest.raises(UnknownTicket):
        client.recall("0" * 32, 1)
    with pytest.raises(BadRequest) as bad:
        client.issue(C, appointment="no spaces please")
    assert bad.value.reason == "bad_appointment"
    with pytest.raises(BadRequest):
        client.issue(C, language="xx")
    with pytest.raises(BadRequest):
        client.call_next(1, [])
    with pytest.raises(BadRequest):
        client.waiting([])
    with pytest.raises(BadRequest):
        client.sign_in(1000, "Sam", [C])


def test_the_client_says_the_message_in_the_kiosks_language(
    client: HubClient, queue: TicketQueue, monkeypatch: pytest.MonkeyPatch
):
    ticket = client.issue(C).ticket
    client.pause(H)

    class Shouting:
        def gettext(self, message: str) -> str:
            return re.sub(r"[^{}]+(?=\{|$)|(?<=\})[^{}]+", lambda m: m.group().upper(), message)

    monkeypatch.setattr(i18n, "_translation", Shouting())
    with pytest.raises(ServicePaused) as paused:
        client.transfer(ticket.id, H)
    assert paused.value.message == (
        "HOUSING IS PAUSED AT THE MOMENT, SO TICKETS CANNOT BE MOVED THERE."
    )


BAD_BODIES: list[tuple[str, str, Any]] = [
    ("/v1/tickets", "POST", {"service": C, "extra_help": "yes"}),
    ("/v1/tickets", "POST", {"service": C, "appointment": "A" * 21}),
    ("/v1/tickets", "POST", {"service": C, "appointment": "<b>1</b>"}),
    ("/v1/tickets", "POST", {"service": C, "appointment": 12345}),
    ("/v1/tickets", "POST", {"service": C, "language": "klingon"}),
    ("/v1/tickets", "POST", {"service": C, "language": 5}),
    ("/v1/tickets", "POST", {"service": ["council_tax"]}),
    ("/v1/tickets", "POST", {"service": "x" * 65}),
    ("/v1/tickets", "POST", {}),
    ("/v1/tickets", "POST", [C]),
    ("/v1/tickets", "POST", "{not json"),
    ("/v1/tickets", "POST", '{"service": "council_tax", "extra_help": NaN}'),
    ("/v1/tickets", "POST", b'{"service": "\xff"}'),
    ("/v1/call-next", "POST", {"counter": "1", "services": [C]}),
    ("/v1/call-next", "POST", {"counter": True, "services": [C]}),
    ("/v1/call-next", "POST", {"counter": 1, "services": C}),
    ("/v1/call-next", "POST", {"counter": 1, "services": [C] * 21}),
    ("/v1/call-next", "POST", {"counter": 1, "services": [1]}),
    ("/v1/counters/1", "PUT", {"staff": "S" * 61, "services": [C]}),
    ("/v1/counters/abc", "PUT", {"staff": "Sam", "services": [C]}),
    ("/v1/counters/1/pause", "POST", {"paused": "yes"}),
    ("/v1/calls?limit=many", "GET", None),
    ("/v1/statistics?day=yesterday", "GET", None),
]


@pytest.mark.parametrize(("path", "method", "body"), BAD_BODIES)
def test_invalid_bodies_are_refused_and_change_nothing(
    hub: HubServer,
    queue: TicketQueue,
    queue_path: Path,
    http: requests.Session,
    path: str,
    method: str,
    body: Any,
):
    queue.issue(C)
    before = snapshot(queue_path)
    if isinstance(body, str | bytes):
        response = http.request(method, hub.url + path, data=body, headers=AUTH)
    else:
        response = http.request(method, hub.url + path, json=body, headers=AUTH)
    assert response.status_code == 400, response.text
    assert response.json()["error"] == "bad_request"
    assert snapshot(queue_path) == before


def test_an_oversized_body_is_not_read(hub: HubServer, queue_path: Path, http: requests.Session):
    before = snapshot(queue_path)
    body = {"service": C, "padding": "x" * MAX_BODY}
    response = http.post(f"{hub.url}/v1/tickets", json=body, headers=AUTH)
    assert response.status_code == 413
    assert response.json()["error"] == "bad_request"
    assert response.headers["Connection"] == "close"
    assert snapshot(queue_path) == before


def test_a_repeated_idempotency_key_gets_the_same_ticket(
    hub: HubServer, queue: TicketQueue, http: requests.Session
):
    headers = {**AUTH, "Idempotency-Key": "kiosk-7-0001"}
    first = http.post(f"{hub.url}/v1/tickets", json={"service": C}, headers=headers)
    again = http.post(f"{hub.url}/v1/tickets", json={"service": C}, headers=headers)
    assert first.status_code == again.status_code == 201
    assert first.json()["ticket"] == again.json()["ticket"]
    assert len(queue.waiting()) == 1


def follow(http: requests.Session, hub: HubServer, ticket_id: str) -> requests.Response:
    return http.get(f"{hub.url}/follow/{ticket_id}")  # no token: it is a citizen's phone


def test_the_follow_page_shows_the_place_in_the_queue(
    hub: HubServer, queue: TicketQueue, http: requests.Session
):
    queue.issue(C)
    queue.issue(C)
    mine = queue.issue(C).ticket
    page = follow(http, hub, mine.id)
    assert page.status_code == 200
    assert page.headers["Content-Type"] == "text/html; charset=utf-8"
    assert page.headers["Cache-Control"] == "no-store"
    assert "script-src" not in page.headers["Content-Security-Policy"]
    text = page.text
    assert text.startswith("<!DOCTYPE html>")
    assert '<html lang="en" dir="ltr">' in text
    assert '<meta http-equiv="refresh" content="30">' in text
    assert "<script" not in text.lower()
    assert "Your ticket number is C003" in text
    assert "There are 2 people ahead of you." in text
    assert "Estimated wait: about 10 min" in text
    assert "For: Council Tax" in text

    queue.call_next(1, [C])
    queue.call_next(1, [C])
    assert "No one is ahead of you." in follow(http, hub, mine.id).text
    queue.call_next(7, [C])
    assert "Please go to counter 7 now." in follow(http, hub, mine.id).text
    queue.served(mine.id)
    finished = follow(http, hub, mine.id).text
    assert "Thank you for coming" in finished
    assert "refresh" not in finished  # nothing more will change


def test_the_follow_page_is_in_the_language_used_at_the_kiosk(
    hub: HubServer, queue: TicketQueue, http: requests.Session
):
    ticket = queue.issue(C, language="ar").ticket
    text = follow(http, hub, ticket.id).text
    assert '<html lang="ar" dir="rtl">' in text
    assert i18n.in_language("ar", "Council Tax") in text  # the service's name, in Arabic


def test_the_follow_page_escapes_everything(tmp_path: Path, clock: FakeClock):
    odd = QueueService("odd", "X", '<script>alert("x")</script> & <b>Co</b>', "summary")
    with (
        TicketQueue(tmp_path / "q.sqlite3", [odd], clock=clock) as queue,
        HubServer(queue, SITE_TOKEN) as hub,
        requests.Session() as http,
    ):
        ticket = queue.issue("odd").ticket
        text = follow(http, hub, ticket.id).text
    assert "<script>" not in text and "<b>" not in text
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;Co&lt;/b&gt;" in text


@pytest.mark.parametrize(
    "ticket_id", ["0" * 32, "not-a-ticket", "%3Cscript%3E", "..%2F..%2Fetc%2Fpasswd"]
)
def test_an_unknown_ticket_gets_a_plain_not_found_page(
    hub: HubServer, http: requests.Session, ticket_id: str
):
    page = follow(http, hub, ticket_id)
    assert page.status_code == 404
    assert "We cannot find this ticket. Please ask at the desk." in page.text
    assert "<script" not in page.text


def test_a_hub_that_cannot_be_reached_or_does_not_answer(tmp_path: Path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with HubClient(f"http://127.0.0.1:{port}", SITE_TOKEN) as nobody:
        with pytest.raises(HubUnavailable) as away:
            nobody.issue(C)
        assert away.value.message == "This kiosk cannot reach the queue. Please ask at the desk."
    with socket.socket() as silent:  # listens, never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        url = f"http://127.0.0.1:{silent.getsockname()[1]}"
        with HubClient(url, SITE_TOKEN, timeout_s=0.2) as slow, pytest.raises(HubUnavailable):
            slow.services()


def test_a_hub_that_fails_inside_is_unavailable_to_the_client(
    client: HubClient, queue: TicketQueue
):
    queue.close()  # every query now fails: the hub answers 500
    with pytest.raises(HubUnavailable):
        client.issue(C)


def test_a_hub_needs_a_token(queue: TicketQueue):
    with pytest.raises(ValueError, match="token"):
        HubServer(queue, "")
