"""The kiosk API over real HTTP, as docs/backend-api.md describes it."""

import http.client
import re
import socket
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests

from council_backend import BackendServer

REFERENCE = re.compile(r"CR-\d{4}-\d{6}")


def error_of(response: requests.Response) -> str:
    assert response.headers["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    message: str = body["error"]
    assert message
    return message


# Health and tokens


def test_health_needs_no_token(backend: BackendServer) -> None:
    with requests.Session() as anonymous:
        response = anonymous.get(f"{backend.url}/api/v1/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "received": 0}


@pytest.mark.parametrize("authorization", [None, "Bearer wrong", "Basic a2lvc2s6c2VjcmV0", ""])
def test_a_missing_or_wrong_token_is_401(api: Any, authorization: str | None) -> None:
    api.session.headers.pop("Authorization")
    headers = {} if authorization is None else {"Authorization": authorization}
    response = api.submit("key-1", api.body(), headers=headers)
    assert response.status_code == 401
    assert "token" in error_of(response)
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert api.get("/submissions", headers=headers).status_code == 401
    assert api.get("/submissions/CR-2026-000001", headers=headers).status_code == 401
    assert api.received() == 0


def test_the_bearer_scheme_is_case_insensitive(api: Any, token: str) -> None:
    response = api.submit("key-1", api.body(), headers={"Authorization": f"bearer {token}"})
    assert response.status_code == 201


def test_without_a_configured_token_anyone_local_may_send(db_path: Path, make_api: Any) -> None:
    with BackendServer(db_path) as server:
        api = make_api(server)
        api.session.headers.pop("Authorization")
        assert api.submit("key-1", api.body()).status_code == 201


# Single submissions


def test_stored_then_replayed_with_the_same_answer(api: Any) -> None:
    first = api.submit("key-1", api.body())
    assert first.status_code == 201
    body = first.json()
    assert body["id"] == "key-1"
    assert REFERENCE.fullmatch(body["reference"])
    assert body["kiosk_reference"] == "K7QM-4XRT-P"
    assert body["status"] == "received"
    assert "Idempotent-Replayed" not in first.headers

    again = api.submit("key-1", api.body())
    assert again.status_code == 201
    assert again.content == first.content
    assert again.headers["Idempotent-Replayed"] == "true"
    assert api.received() == 1


def test_a_replay_gets_the_first_answer_whatever_it_now_carries(api: Any) -> None:
    first = api.submit("key-1", api.body())
    again = api.submit("key-1", {"not": "even valid"})
    assert again.status_code == 201
    assert again.json() == first.json()


def test_a_second_key_is_a_second_submission(api: Any) -> None:
    first = api.submit("key-1", api.body()).json()
    second = api.submit("key-2", api.body()).json()
    assert first["reference"] != second["reference"]
    assert api.received() == 2


def test_without_a_key_is_400(api: Any) -> None:
    response = api.submit(None, api.body())
    assert response.status_code == 400
    assert "idempotency key" in error_of(response)


def test_a_malformed_key_is_400(api: Any) -> None:
    response = api.submit("not a key!", api.body())
    assert response.status_code == 400
    assert "1 to 64 characters" in error_of(response)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"kind": "Street Problem"}, "starting with a letter"),
        ({"payload": ["graffiti"]}, "payload must be a JSON object"),
        ({"payload": None}, "payload must be a JSON object"),
        ({"reference": "R" * 65}, "at most 64"),
        ({"created_at": "last Tuesday"}, "ISO 8601"),
    ],
)
def test_invalid_bodies_are_422(api: Any, fields: dict[str, Any], message: str) -> None:
    response = api.submit("key-1", api.body(**fields))
    assert response.status_code == 422
    assert message in error_of(response)
    assert api.received() == 0


@pytest.mark.parametrize("raw", [b"{not json", b'{"kind": "a", "payload": {"x": NaN}}', b"\xff"])
def test_bad_json_is_422(api: Any, raw: bytes) -> None:
    response = api.session.post(
        api.url("/submissions"),
        data=raw,
        headers={"Idempotency-Key": "key-1", "Content-Type": "application/json"},
    )
    assert response.status_code == 422
    error_of(response)


def test_a_key_rejected_once_may_be_sent_again_corrected(api: Any) -> None:
    assert api.submit("key-1", api.body(kind="Bad")).status_code == 422
    assert api.submit("key-1", api.body()).status_code == 201


def test_a_payload_over_1_mib_is_413(api: Any) -> None:
    response = api.submit("key-1", api.body(payload={"text": "x" * (1024 * 1024)}))
    assert response.status_code == 413
    assert "1,048,576" in error_of(response)
    # The connection stays usable.
    assert api.submit("key-2", api.body()).status_code == 201


def test_a_body_beyond_the_request_limit_is_413(api: Any) -> None:
    # Announced but never sent: the back end refuses on the length alone.
    with socket.create_connection((backend_host(api), backend_port(api))) as sock:
        sock.sendall(
            b"POST /api/v1/submissions HTTP/1.1\r\nHost: x\r\nIdempotency-Key: k\r\n"
            b"Content-Length: 999999999\r\n\r\n"
        )
        reply = read_reply(sock)
    assert reply.startswith(b"HTTP/1.1 413 ")
    assert b"Connection: close" in reply


@pytest.mark.parametrize("length", [b"5_0", b"-1", b"lots"])
def test_a_malformed_content_length_is_400(api: Any, length: bytes) -> None:
    with socket.create_connection((backend_host(api), backend_port(api))) as sock:
        sock.sendall(
            b"POST /api/v1/submissions HTTP/1.1\r\nHost: x\r\nContent-Length: "
            + length
            + b"\r\n\r\n"
        )
        reply = read_reply(sock)
    assert reply.startswith(b"HTTP/1.1 400 ")
    assert b"Content-Length" in reply


def test_services_refuse_other_kinds(db_path: Path, make_api: Any) -> None:
    with BackendServer(db_path, token="kiosk-test-token", services={"street_problem"}) as server:
        api = make_api(server)
        assert api.submit("key-1", api.body()).status_code == 201
        refused = api.submit("key-2", api.body(kind="parking_permit"))
        assert refused.status_code == 422
        assert error_of(refused) == "The council does not take 'parking_permit' submissions yet"


# Batches


def test_a_batch_answers_each_item_in_order(api: Any) -> None:
    items = [
        {**api.body(), "idempotency_key": "good-1"},
        {**api.body(kind="BAD"), "idempotency_key": "bad-kind"},
        {**api.body()},
        {**api.body(payload=[1]), "idempotency_key": "bad-payload"},
        {**api.body(), "idempotency_key": "not a key"},
        "not an object",
        {**api.body(payload={"text": "x" * (1024 * 1024)}), "idempotency_key": "too-big"},
        {**api.body(), "idempotency_key": "good-2"},
    ]
    response = api.batch({"items": items})
    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["status"] for r in results] == [201, 422, 422, 422, 422, 422, 413, 201]
    assert [r["idempotency_key"] for r in results] == [
        "good-1",
        "bad-kind",
        None,
        "bad-payload",
        "not a key",
        None,
        "too-big",
        "good-2",
    ]
    for result in results[1:7]:
        assert set(result["body"]) == {"error"}
    assert REFERENCE.fullmatch(results[0]["body"]["reference"])
    assert results[0]["body"]["id"] == "good-1"
    assert api.received() == 2


def test_a_batch_item_answers_as_the_single_post_would(api: Any) -> None:
    single = api.submit("key-1", api.body())
    results = api.batch(
        {
            "items": [
                {**api.body(), "idempotency_key": "key-1"},
                {**api.body(), "idempotency_key": "key-2"},
                {**api.body(), "idempotency_key": "key-2"},
            ]
        }
    ).json()["results"]
    assert results[0] == {
        "idempotency_key": "key-1",
        "status": 201,
        "body": single.json(),
        "replayed": True,
    }
    assert results[1]["replayed"] is False
    assert results[2]["replayed"] is True
    assert results[2]["body"] == results[1]["body"]
    assert api.received() == 2
    # And the single POST replays what the batch stored.
    replay = api.submit("key-2", api.body())
    assert replay.json() == results[1]["body"]
    assert replay.headers["Idempotent-Replayed"] == "true"


@pytest.mark.parametrize(
    ("envelope", "message"),
    [
        ([], "must be a JSON object"),
        ({}, "no 'items' list"),
        ({"items": "all of them"}, "no 'items' list"),
        ({"items": []}, "no items"),
        ({"items": [{"idempotency_key": f"k{n}"} for n in range(501)]}, "at most 500"),
    ],
)
def test_a_malformed_batch_envelope_is_422(api: Any, envelope: Any, message: str) -> None:
    response = api.batch(envelope)
    assert response.status_code == 422
    assert message in error_of(response)
    assert api.received() == 0


def test_a_batch_that_is_not_json_is_422(api: Any) -> None:
    response = api.session.post(api.url("/submissions/batch"), data=b"[{")
    assert response.status_code == 422
    error_of(response)


def test_a_batch_needs_the_token(api: Any) -> None:
    api.session.headers.pop("Authorization")
    response = api.batch({"items": [{**api.body(), "idempotency_key": "k"}]})
    assert response.status_code == 401
    assert api.received() == 0


# Tracking and listing


def test_tracking_by_council_or_kiosk_reference(api: Any) -> None:
    stored = api.submit("key-1", api.body(reference="K7QM-4XRT-P")).json()
    expected = {
        "reference": stored["reference"],
        "kiosk_reference": "K7QM-4XRT-P",
        "kind": "street_problem",
        "status": "received",
        "received_at": stored["received_at"],
    }
    by_council = api.get(f"/submissions/{stored['reference']}")
    assert by_council.status_code == 200
    assert by_council.json() == expected
    assert api.get("/submissions/K7QM-4XRT-P").json() == expected


def test_an_unknown_reference_is_404(api: Any) -> None:
    response = api.get("/submissions/CR-2026-999999")
    assert response.status_code == 404
    assert "CR-2026-999999" in error_of(response)


def test_listing_pages_oldest_first(api: Any) -> None:
    for n in range(5):
        api.submit(f"key-{n}", api.body(reference=f"K{n}", payload={"n": n}))
    pages = [api.get("/submissions", params={"page": p, "per_page": 2}).json() for p in (1, 2, 3)]
    assert [p["total"] for p in pages] == [5, 5, 5]
    assert [p["page"] for p in pages] == [1, 2, 3]
    assert [p["per_page"] for p in pages] == [2, 2, 2]
    assert [[i["kiosk_reference"] for i in p["items"]] for p in pages] == [
        ["K0", "K1"],
        ["K2", "K3"],
        ["K4"],
    ]
    first = pages[0]["items"][0]
    assert set(first) == {
        "idempotency_key",
        "reference",
        "kiosk_reference",
        "kind",
        "created_at",
        "received_at",
        "payload",
    }
    assert first["idempotency_key"] == "key-0"
    assert first["payload"] == {"n": 0}
    assert first["created_at"] == "2026-11-23T10:15:00.000000Z"


def test_listing_defaults(api: Any) -> None:
    body = api.get("/submissions").json()
    assert body == {"page": 1, "per_page": 100, "total": 0, "items": []}


@pytest.mark.parametrize(
    "params", [{"page": "0"}, {"page": "one"}, {"per_page": "0"}, {"per_page": "1001"}]
)
def test_bad_paging_is_422(api: Any, params: dict[str, str]) -> None:
    response = api.get("/submissions", params=params)
    assert response.status_code == 422
    assert "whole number" in error_of(response)


# HTTP itself


def test_an_unknown_path_is_404_json(api: Any) -> None:
    response = api.session.get(f"{api.base}/api/v2/anything")
    assert response.status_code == 404
    error_of(response)


def test_a_wrong_method_is_405_with_allow(api: Any) -> None:
    response = api.session.delete(api.url("/submissions"))
    assert response.status_code == 405
    assert response.headers["Allow"] == "GET, HEAD, POST"
    error_of(response)


def test_a_post_without_content_length_is_411(api: Any) -> None:
    response = api.session.post(api.url("/submissions"), data=iter([b"{}"]))
    assert response.status_code == 411
    error_of(response)


def test_an_unknown_method_gets_a_json_answer(api: Any) -> None:
    with socket.create_connection((backend_host(api), backend_port(api))) as sock:
        sock.sendall(b"BREW /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n")
        reply = read_reply(sock)
    assert reply.startswith(b"HTTP/1.1 501 ")
    assert b'{"error":' in reply


def test_keep_alive_serves_many_requests_on_one_connection(api: Any, token: str) -> None:
    connection = http.client.HTTPConnection(backend_host(api), backend_port(api))
    try:
        sockets = []
        for n in range(5):
            connection.request(
                "POST",
                "/api/v1/submissions",
                body=b'{"kind": "street_problem", "payload": {}}',
                headers={
                    "Authorization": f"Bearer {token}",
                    "Idempotency-Key": f"key-{n}",
                    "Content-Type": "application/json",
                },
            )
            response = connection.getresponse()
            assert response.status == 201
            assert int(response.headers["Content-Length"]) == len(response.read())
            sockets.append(connection.sock)
        assert all(sock is sockets[0] for sock in sockets)
    finally:
        connection.close()


def test_accepted_connections_do_not_wait_for_delayed_acks(
    api: Any, backend: BackendServer
) -> None:
    connection = http.client.HTTPConnection(backend_host(api), backend_port(api))
    try:
        connection.request("GET", "/api/v1/health")
        connection.getresponse().read()
        accepted = list(backend._httpd._open)
        assert accepted
        for sock in accepted:
            assert sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
    finally:
        connection.close()


def test_a_failure_inside_is_a_500_the_kiosk_will_retry(
    api: Any, backend: BackendServer, caplog: pytest.LogCaptureFixture
) -> None:
    backend.store.close()  # as if the disk had gone away
    response = api.submit("key-1", api.body())
    assert response.status_code == 500
    assert "retry" in error_of(response)
    assert "could not answer POST" in caplog.text


def test_a_non_loopback_host_is_refused(db_path: Path) -> None:
    for host in ("0.0.0.0", "", "192.0.2.10", "example.org"):
        with pytest.raises(ValueError, match="Refusing to listen"):
            BackendServer(db_path, host=host)
    assert not db_path.exists()


def test_localhost_names_are_fine(db_path: Path) -> None:
    with BackendServer(db_path, host="localhost") as server:
        assert server.url.startswith("http://127.0.0.1:")


def test_data_survives_a_restart(db_path: Path, make_api: Any) -> None:
    with BackendServer(db_path, token="kiosk-test-token") as server:
        api = make_api(server)
        first = api.submit("key-1", api.body()).json()
    with BackendServer(db_path, token="kiosk-test-token") as server:
        api = make_api(server)
        assert api.received() == 1
        assert api.get(f"/submissions/{first['reference']}").status_code == 200
        assert api.submit("key-1", api.body()).json() == first
        assert api.submit("key-2", api.body()).json()["reference"] != first["reference"]


def test_stop_is_idempotent_and_final(db_path: Path) -> None:
    server = BackendServer(db_path).start()
    server.stop()
    server.stop()
    with pytest.raises(RuntimeError):
        server.start()


def test_a_server_never_started_closes_cleanly(db_path: Path) -> None:
    BackendServer(db_path).stop()


def test_stop_ends_idle_keep_alive_connections(db_path: Path) -> None:
    server = BackendServer(db_path).start()
    with requests.Session() as idle:
        assert idle.get(f"{server.url}/api/v1/health").status_code == 200
        server.stop()  # must not hang on the idle connection the session keeps open


def backend_host(api: Any) -> str:
    host = urlsplit(str(api.base)).hostname
    assert host is not None
    return host


def backend_port(api: Any) -> int:
    port = urlsplit(str(api.base)).port
    assert port is not None
    return port


def read_reply(sock: socket.socket) -> bytes:
    """Everything the back end sends until it closes the connection."""
    chunks = []
    while chunk := sock.recv(65536):
        chunks.append(chunk)
    return b"".join(chunks)
