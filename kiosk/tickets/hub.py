"""The hub: the site's TicketQueue over HTTP/1.1 (JSON under /v1, with the site's token), and
the page a citizen's phone opens from the QR code on a ticket (/follow/<ticket id>).

The API is described in docs/tickets.md. Errors are JSON: {"error": code, "message": English,
"reason": key, "params": {...}}; the client says the message again in the kiosk's language.
"""

import contextlib
import hmac
import json
import logging
import re
import socket
import socketserver
import sys
import threading
from collections.abc import Callable
from datetime import date
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self, cast
from urllib.parse import parse_qs, unquote, urlsplit

from kiosk.tickets.follow import PAGE_HEADERS, follow_page, not_found_page
from kiosk.tickets.model import (
    BadRequest,
    NotAllowed,
    QueueError,
    UnknownTicket,
)
from kiosk.tickets.queue import TicketQueue

log = logging.getLogger(__name__)

MAX_BODY = 4096  # the largest request is a counter signing in: a name and a few service ids
MAX_TEXT = 64
MAX_SERVICES = 20
IDLE_TIMEOUT_S = 120
TICKET_ID = re.compile(r"[0-9a-f]{32}")

Answer = tuple[int, dict[str, Any]]
Params = dict[str, str]
Query = dict[str, list[str]]


# -- requests: checking what came ----------------------------------------------------------


def _text(body: dict[str, Any], name: str, max_length: int = MAX_TEXT) -> str:
    value = body.get(name)
    if not isinstance(value, str) or not value or len(value) > max_length:
        raise BadRequest("bad_field", field=name)
    return value


def _optional_text(body: dict[str, Any], name: str, max_length: int = MAX_TEXT) -> str | None:
    return None if body.get(name) is None else _text(body, name, max_length)


def _flag(body: dict[str, Any], name: str, default: bool | None = None) -> bool:
    value = body.get(name, default)
    if not isinstance(value, bool):
        raise BadRequest("bad_field", field=name)
    return value


def _whole(body: dict[str, Any], name: str) -> int:
    value = body.get(name)
    if isinstance(value, bool) or not isinstance(value, int):
        raise BadRequest("bad_field", field=name)
    return value


def _service_ids(body: dict[str, Any], name: str) -> list[str]:
    value = body.get(name)
    if not isinstance(value, list) or not value or len(value) > MAX_SERVICES:
        raise BadRequest("bad_field", field=name)
    if not all(isinstance(item, str) and 0 < len(item) <= MAX_TEXT for item in value):
        raise BadRequest("bad_field", field=name)
    return value


def _counter_in_path(text: str) -> int:
    if not (text.isascii() and text.isdigit() and len(text) <= 3):
        raise BadRequest("bad_counter")
    return int(text)


def _query_whole(query: dict[str, list[str]], name: str, default: int) -> int:
    values = query.get(name)
    if not values:
        return default
    text = values[-1]
    if not (text.isascii() and text.isdigit() and len(text) <= 4):
        raise BadRequest("bad_field", field=name)
    return int(text)


def _query_day(query: dict[str, list[str]]) -> date | None:
    values = query.get("day")
    if not values:
        return None
    try:
        return date.fromisoformat(values[-1])
    except ValueError:
        raise BadRequest("bad_field", field="day") from None


# -- the API: one function per route, each calling the queue ---------------------------------

Route = Callable[[TicketQueue, Params, dict[str, Any], Query, str | None], Answer]


def _services(q: TicketQueue, p: Params, b: dict[str, Any], s: Query, key: str | None) -> Answer:
    return 200, {"services": [service.to_json() for service in q.services()]}


def _paused(q: TicketQueue, p: Params, b: dict[str, Any], s: Query, key: str | None) -> Answer:
    return 200, {"paused": sorted(q.paused())}


def _pause(q: TicketQueue, p: Params, b: dict[str, Any], s: Query, key: str | None) -> Answer:
    q.pause(p["service"])
    return 200, {"paused": sorted(q.paused())}


def _resume(q: TicketQueue, p: Params, b: dict[str, Any], s: Query, key: str | None) -> Answer:
    q.resume(p["service"])
    return 200, {"paused": sorted(q.paused())}


def _issue(q: TicketQueue, p: Params, b: dict[str, Any], s: Query, key: str | None) -> Answer:
    issued = q.issue(
        _text(b, "service"),
        extra_help=_flag(b, "extra_help", False),
        appointment=_optional_text(b, "appointment"),
        language=_text(b, "language") if "language" in b else "en",
        request_id=key,
    )
    return 201, issued.to_json()


def _ticket(q: TicketQueue, p: Params, b: dict[str, Any], s: Query, key: str | None) -> Answer:
    return 200, q.ticket(p["ticket"]).to_json()


def _position(q: TicketQueue, p: Params, b: dict[str, Any], s: Query, key: str | None) -> Answer:
    return 200, q.position(p["ticket"]).to_json()


def _call_next(q: TicketQueue, p: Params, b: dict[str, Any], s: Query, key: str | None) -> Answer:
    ticket = q.call_next(_whole(b, "counter"), _service_ids(b, "services"), request_id=key)
    return 200, ticket.to_json()


def _recall(q: TicketQueue, p: Params, b: dict[str, Any], s: Query, key: str | None) -> Answer:
    return 200, q.recall(p["ticket"], _whole(b, "counter"), request_id=key).to_json()


def _served(q: TicketQueue, p: Params, b: dict[str, Any], s: Query, key: str | None) -> Answer:
    return 200, q.served(p["ticket"], request_id=key).to_json()


def _no_show(q: TicketQueue, p: Params, b: dict[str, Any], s: Query, key: str | None) -> Answer:
    return 200, q.no_show(p["ticket"], request_id=key).to_json()


def _transfer(q: TicketQueue, p: Params, b: dict[str, Any], s: Query, key: str | None) -> Answer:
    return 200, q.transfer(p["ticket"], _text(b, "service"), request_id=key).to_json()


def _waiting(q: TicketQueue, p: Params, b: dict[str, Any], s: Query, key: str | None) -> Answer:
    services = s.get("service") or None
    return 200, {"tickets": [ticket.to_json() for ticket in q.waiting(services)]}


def _calls(q: TicketQueue, p: Params, b: dict[str, Any], s: Query, key: str | None) -> Answer:
    calls = q.recent_calls(_query_whole(s, "limit", 6))
    return 200, {"calls": [call.to_json() for call in calls]}


def _statistics(q: TicketQueue, p: Params, b: dict[str, Any], s: Query, key: str | None) -> Answer:
    figures = q.statistics(_query_day(s))
    return 200, {"statistics": [stats.to_json() for stats in figures]}


def _counters(q: TicketQueue, p: Params, b: dict[str, Any], s: Query, key: str | None) -> Answer:
    return 200, {"counters": [counter.to_json() for counter in q.counters()]}


def _sign_in(q: TicketQueue, p: Params, b: dict[str, Any], s: Query, key: str | None) -> Answer:
    counter = q.sign_in(
        _counter_in_path(p["counter"]), _text(b, "staff"), _service_ids(b, "services")
    )
    return 200, counter.to_json()


def _sign_out(q: TicketQueue, p: Params, b: dict[str, Any], s: Query, key: str | None) -> Answer:
    q.sign_out(_counter_in_path(p["counter"]))
    return 200, {"signed_out": int(p["counter"])}


def _pause_counter(
    q: TicketQueue, p: Params, b: dict[str, Any], s: Query, key: str | None
) -> Answer:
    return 200, q.pause_counter(_counter_in_path(p["counter"]), _flag(b, "paused")).to_json()


_TABLE: list[tuple[str, dict[str, Route]]] = [
    (r"/v1/services", {"GET": _services}),
    (r"/v1/paused", {"GET": _paused}),
    (r"/v1/services/(?P<service>[^/]+)/pause", {"POST": _pause}),
    (r"/v1/services/(?P<service>[^/]+)/resume", {"POST": _resume}),
    (r"/v1/tickets", {"POST": _issue}),
    (r"/v1/tickets/(?P<ticket>[^/]+)", {"GET": _ticket}),
    (r"/v1/tickets/(?P<ticket>[^/]+)/position", {"GET": _position}),
    (r"/v1/tickets/(?P<ticket>[^/]+)/recall", {"POST": _recall}),
    (r"/v1/tickets/(?P<ticket>[^/]+)/served", {"POST": _served}),
    (r"/v1/tickets/(?P<ticket>[^/]+)/no-show", {"POST": _no_show}),
    (r"/v1/tickets/(?P<ticket>[^/]+)/transfer", {"POST": _transfer}),
    (r"/v1/call-next", {"POST": _call_next}),
    (r"/v1/waiting", {"GET": _waiting}),
    (r"/v1/calls", {"GET": _calls}),
    (r"/v1/statistics", {"GET": _statistics}),
    (r"/v1/counters", {"GET": _counters}),
    (r"/v1/counters/(?P<counter>[^/]+)", {"PUT": _sign_in, "DELETE": _sign_out}),
    (r"/v1/counters/(?P<counter>[^/]+)/pause", {"POST": _pause_counter}),
]
_ROUTES = [(re.compile(path), methods) for path, methods in _TABLE]


# -- the server ------------------------------------------------------------------------------


class _Refused(Exception):
    """Answered already (e.g. a body too large): stop handling this request."""


class _HTTPServer(ThreadingHTTPServer):
    # Handler threads are joined by server_close() (block_on_close), after stop() has shut
    # their sockets.
    daemon_threads = True
    block_on_close = True
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], hub: "HubServer") -> None:
        self.hub = hub
        self._open: set[socket.socket] = set()
        self._open_lock = threading.Lock()
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, _Handler)

    def server_bind(self) -> None:
        # HTTPServer.server_bind looks up the host's full name, which can stall on a machine
        # with a slow resolver; the name is never used.
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name = str(host)
        self.server_port = int(port)

    def get_request(self) -> tuple[socket.socket, Any]:
        sock, address = self.socket.accept()
        # Without TCP_NODELAY, Nagle's algorithm meets the client's delayed ACK and each
        # keep-alive round trip waits ~40 ms.
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        with self._open_lock:
            self._open.add(sock)
        return sock, address

    def shutdown_request(self, request: Any) -> None:
        with self._open_lock:
            self._open.discard(request)
        super().shutdown_request(request)

    def close_open_connections(self) -> None:
        """Wake handler threads waiting on idle keep-alive connections, so they end."""
        with self._open_lock:
            connections = list(self._open)
        for sock in connections:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def handle_error(self, request: Any, client_address: Any) -> None:
        error = sys.exc_info()[1]
        if isinstance(error, OSError):
            log.debug("connection from %s ended: %s", client_address, error)
        else:
            log.exception("unexpected error serving %s", client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: a counter calls all day on one connection
    server_version = "CouncilKioskHub/1"
    sys_version = ""
    timeout = IDLE_TIMEOUT_S

    @property
    def hub(self) -> "HubServer":
        return cast(_HTTPServer, self.server).hub

    def version_string(self) -> str:
        return self.server_version

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s %s", self.address_string(), format % args)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        # Malformed requests and unknown methods: answered in JSON like everything else.
        self.close_connection = True
        self._send_json(code, {"error": "bad_request", "message": HTTPStatus(code).phrase})

    def do_GET(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()

    def do_PUT(self) -> None:
        self._serve()

    def do_DELETE(self) -> None:
        self._serve()

    def _send(self, status: int, content_type: str, data: bytes, headers: list[Any]) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers:
            self.send_header(name, value)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(data)

    def _send_json(
        self, status: int, body: dict[str, Any], headers: list[Any] | None = None
    ) -> None:
        data = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        self._send(status, "application/json; charset=utf-8", data, headers or [])

    def _send_error(self, error: QueueError) -> None:
        headers = [("WWW-Authenticate", 'Bearer realm="site queue"')] if error.status == 401 else []
        self._send_json(error.status, error.to_json(), headers)

    def _serve(self) -> None:
        try:
            url = urlsplit(self.path)
            raw = self._read_body()
            if url.path.startswith("/follow/") and self.command == "GET":
                self._follow(unquote(url.path[len("/follow/") :]))
            elif url.path.startswith("/v1/"):
                # The token first: without it, nothing is looked at, not even the body.
                if not self.hub.authorized(self.headers.get("Authorization")):
                    raise NotAllowed()
                self._api(url.path, url.query, _parse(raw))
            else:
                self._send_json(404, {"error": "not_found", "message": "There is no such page."})
        except _Refused:
            pass
        except QueueError as error:
            self._send_error(error)
        except Exception:
            # A bug or a failing disk: 500, and the client says the queue cannot be reached.
            log.exception("could not answer %s", self.command)
            self.close_connection = True
            self._send_json(500, {"error": "hub_error", "message": "The queue could not do this."})

    def _read_body(self) -> bytes:
        if self.headers.get("Transfer-Encoding"):
            self.close_connection = True
            raise BadRequest("bad_request")
        text = (self.headers.get("Content-Length") or "0").strip()
        if not (text.isascii() and text.isdigit()):
            self.close_connection = True
            raise BadRequest("bad_request")
        length = int(text)
        if length > MAX_BODY:
            self.close_connection = True  # not read: the connection cannot be reused
            error = BadRequest("too_large")
            self._send_json(413, error.to_json())
            raise _Refused
        raw = self.rfile.read(length)
        if len(raw) < length:
            self.close_connection = True
            raise _Refused  # the client hung up mid-body
        return raw

    def _api(self, path: str, query_text: str, body: dict[str, Any]) -> None:
        for pattern, methods in _ROUTES:
            found = pattern.fullmatch(path)
            if found is None:
                continue
            route = methods.get(self.command)
            if route is None:
                allowed = ", ".join(sorted(methods))
                message = f"{path} answers {allowed} only."
                self._send_json(
                    405, {"error": "bad_request", "message": message}, [("Allow", allowed)]
                )
                return
            params = {name: unquote(value) for name, value in found.groupdict().items()}
            query = parse_qs(query_text, keep_blank_values=True)
            key = self.headers.get("Idempotency-Key")
            status, answer = route(self.hub.queue, params, body, query, key)
            self._send_json(status, answer)
            return
        self._send_json(
            404, {"error": "not_found", "message": f"There is no {path} in the queue API."}
        )

    def _follow(self, ticket_id: str) -> None:
        queue = self.hub.queue
        try:
            if not TICKET_ID.fullmatch(ticket_id):
                raise UnknownTicket()
            issued = queue.position(ticket_id)
        except UnknownTicket:
            page, status = not_found_page(), 404
        else:
            names = {service.id: service.name for service in queue.services()}
            service = names.get(issued.ticket.service, issued.ticket.service)
            page, status = follow_page(issued, service), 200
        self._send(status, "text/html; charset=utf-8", page.encode("utf-8"), PAGE_HEADERS)


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed in JSON")


def _parse(raw: bytes) -> dict[str, Any]:
    """A request's JSON object; an empty body is an empty object."""
    if not raw.strip():
        return {}
    try:
        body = json.loads(raw.decode("utf-8"), parse_constant=_no_constant)
    except ValueError:  # UnicodeDecodeError is one
        raise BadRequest("bad_request") from None
    if not isinstance(body, dict):
        raise BadRequest("bad_request")
    return body


class HubServer:
    """The hub on a background thread. It does not close the queue it is given."""

    def __init__(
        self, queue: TicketQueue, token: str, host: str = "127.0.0.1", port: int = 0
    ) -> None:
        if not token:
            raise ValueError("The hub needs the site's token: every kiosk and counter sends it.")
        self.queue = queue
        self._token = token.encode("utf-8")
        self._thread: threading.Thread | None = None
        self._stopped = False
        self._httpd = _HTTPServer((host, port), self)

    @property
    def host(self) -> str:
        return str(self._httpd.server_address[0])

    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1])

    @property
    def url(self) -> str:
        host = self.host
        return f"http://[{host}]:{self.port}" if ":" in host else f"http://{host}:{self.port}"

    def authorized(self, header: str | None) -> bool:
        if not header:
            return False
        scheme, _, given = header.partition(" ")
        if scheme.lower() != "bearer":
            return False
        return hmac.compare_digest(given.strip().encode("utf-8"), self._token)

    def start(self) -> Self:
        if self._stopped:
            raise RuntimeError("This hub has been stopped; make a new one.")
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._httpd.serve_forever,
                kwargs={"poll_interval": 0.05},
                name="queue-hub",
                daemon=True,
            )
            self._thread.start()
        return self

    def stop(self) -> None:
        if self._stopped:
            return
        self._stopped = True
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join()
        self._httpd.close_open_connections()
        self._httpd.server_close()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
