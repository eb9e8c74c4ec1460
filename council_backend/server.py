"""The reference council back end: the kiosk JSON API over HTTP/1.1, backed by SQLite."""

import contextlib
import hmac
import ipaddress
import json
import logging
import random
import socket
import socketserver
import struct
import sys
import threading
import time
from collections.abc import Collection, Iterable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from os import PathLike
from typing import Any, Self, cast
from urllib.parse import parse_qs, unquote, urlsplit

from council_backend.faults import FaultAction, FaultDecision, Faults
from council_backend.store import StoreResult, SubmissionStore
from council_backend.validation import (
    NOT_AN_OBJECT,
    Rejected,
    Submission,
    batch_items,
    check_idempotency_key,
    parse_json,
    validate_submission,
)

log = logging.getLogger(__name__)

API = "/api/v1"
HEALTH_PATH = f"{API}/health"
SUBMISSIONS_PATH = f"{API}/submissions"
BATCH_PATH = f"{API}/submissions/batch"

# A single submission's payload is capped at 1 MiB once re-serialized compactly; the body as sent
# may be larger (escaped non-ASCII, indentation), so the raw cap leaves room for that.
MAX_SINGLE_BODY = 8 * 1024 * 1024
MAX_BATCH_BODY = 64 * 1024 * 1024
MAX_OTHER_BODY = 64 * 1024
MAX_PER_PAGE = 1000
DEFAULT_PER_PAGE = 100
IDLE_TIMEOUT_SECONDS = 120

Headers = list[tuple[str, str]]


class _Drop(Exception):
    """Close the connection without answering (a fault, or the client hung up mid-body)."""


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class _HTTPServer(ThreadingHTTPServer):
    # Handler threads are joined by server_close() (block_on_close), after stop() has shut
    # their sockets, so none is left touching the closed store.
    daemon_threads = True
    block_on_close = True
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], backend: "BackendServer") -> None:
        self.backend = backend
        self._open: set[socket.socket] = set()
        self._open_lock = threading.Lock()
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, _Handler)

    def server_bind(self) -> None:
        # HTTPServer.server_bind looks up the host's FQDN, which can stall on a machine with a
        # slow resolver; the name is never used here.
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
    protocol_version = "HTTP/1.1"  # keep-alive: a kiosk draining its outbox reuses one socket
    server_version = "CouncilBackend/1"
    sys_version = ""
    timeout = IDLE_TIMEOUT_SECONDS
    _answered = False

    @property
    def backend(self) -> "BackendServer":
        return cast(_HTTPServer, self.server).backend

    def version_string(self) -> str:
        return self.server_version

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s %s", self.address_string(), format % args)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        # Malformed requests and unknown methods: answered in JSON like everything else. The
        # body may be unread, so the connection cannot be reused.
        self.close_connection = True
        if message is None:
            try:
                message = HTTPStatus(code).phrase
            except ValueError:
                message = "Error"
        self._send_json(code, {"error": message})

    def do_GET(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()

    def do_PUT(self) -> None:
        self._serve()

    def do_PATCH(self) -> None:
        self._serve()

    def do_DELETE(self) -> None:
        self._serve()

    def do_HEAD(self) -> None:
        self._serve()

    def _send_json(self, status: int, body: dict[str, Any], headers: Headers | None = None) -> None:
        data = json.dumps(body, separators=(",", ":")).encode("ascii")
        self._answered = True
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers or []:
            self.send_header(name, value)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def _drop(self) -> None:
        # SO_LINGER 0 makes close() reset the connection: the kiosk sees it fail mid-request.
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))

    def _serve(self) -> None:
        self._answered = False
        try:
            self._answer()
        except _Drop:
            self._drop()
        except Exception:
            # A bug or a failing disk: 500 tells the kiosk to keep the submission and retry.
            log.exception("could not answer %s %s", self.command, self.path)
            self.close_connection = True
            if not self._answered:
                message = "The council's system could not handle this; the kiosk will retry."
                self._send_json(500, {"error": message})

    def _answer(self) -> None:
        url = urlsplit(self.path)
        method = self.command
        route = _route(url.path)
        if route is None:
            if self._read_body(MAX_OTHER_BODY) is not None:
                self._send_json(404, {"error": f"There is no '{url.path}' in the kiosk API."})
            return
        name, allowed, argument = route
        if method not in allowed:
            if self._read_body(MAX_OTHER_BODY) is None:
                return
            allow = ", ".join(sorted(allowed))
            self._send_json(405, {"error": f"{url.path} answers {allow} only."}, [("Allow", allow)])
            return
        if name == "list_or_submit":
            name = "submit" if method == "POST" else "list"
        limit = {"batch": MAX_BATCH_BODY, "submit": MAX_SINGLE_BODY}.get(name, MAX_OTHER_BODY)
        raw = self._read_body(limit, required=name in ("submit", "batch"))
        if raw is None:
            return
        backend = self.backend
        if name == "health":
            self._send_json(200, {"status": "ok", "received": backend.store.count()})
            return

        decision = backend.decide()
        if decision.latency_ms:
            time.sleep(decision.latency_ms / 1000)
        if decision.action is FaultAction.ERROR:
            retry_after = backend.faults.retry_after
            headers = [] if retry_after is None else [("Retry-After", str(retry_after))]
            message = "The council's system is busy. The kiosk will try again shortly."
            self._send_json(503, {"error": message}, headers)
            return
        if decision.action is FaultAction.RESET_BEFORE_STORE:
            raise _Drop

        if not backend.authorized(self.headers.get("Authorization")):
            status, body, headers = _unauthorized(self.headers.get("Authorization"))
        elif name == "submit":
            status, body, headers = self._submit(raw)
        elif name == "batch":
            status, body, headers = self._batch(raw)
        elif name == "list":
            status, body, headers = self._list(url.query)
        else:
            status, body, headers = self._track(argument)

        if decision.action is FaultAction.RESET_AFTER_STORE:
            raise _Drop
        self._send_json(status, body, headers)

    def _read_body(self, limit: int, required: bool = False) -> bytes | None:
        """The request body; None when an error has been answered instead."""
        if self.headers.get("Transfer-Encoding"):
            self.close_connection = True
            self._send_json(411, {"error": "Send the body with a Content-Length, not chunked."})
            return None
        text = self.headers.get("Content-Length")
        if text is None:
            if required:
                self._send_json(411, {"error": "The request has no Content-Length."})
                return None
            return b""
        text = text.strip()
        if not (text.isascii() and text.isdigit()):
            self.close_connection = True
            self._send_json(400, {"error": "The Content-Length is not a number."})
            return None
        length = int(text)
        if length > limit:
            # Not reading it; the connection cannot be reused.
            self.close_connection = True
            self._send_json(
                413, {"error": f"The request is {length:,} bytes; at most {limit:,} accepted."}
            )
            return None
        raw = self.rfile.read(length)
        if len(raw) < length:
            raise _Drop  # the client hung up mid-body
        return raw

    def _submit(self, raw: bytes) -> tuple[int, dict[str, Any], Headers]:
        backend = self.backend
        try:
            key = check_idempotency_key(self.headers.get("Idempotency-Key"), 400)
            # The key decides first: a resend gets the first answer whatever it carries now.
            result = backend.store.answer_for(key)
            if result is None:
                submission = validate_submission(parse_json(raw), backend.services)
                result = backend.store.store_once(key, submission)
        except Rejected as rejected:
            return rejected.status, {"error": rejected.message}, []
        headers = [("Idempotent-Replayed", "true")] if result.replayed else []
        return result.status, result.body, headers

    def _batch(self, raw: bytes) -> tuple[int, dict[str, Any], Headers]:
        try:
            items = batch_items(parse_json(raw))
        except Rejected as rejected:
            return rejected.status, {"error": rejected.message}, []
        return 200, {"results": self.backend.answer_batch(items)}, []

    def _list(self, query: str) -> tuple[int, dict[str, Any], Headers]:
        params = parse_qs(query, keep_blank_values=True)
        try:
            page = _int_param(params, "page", 1, None)
            per_page = _int_param(params, "per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE)
        except Rejected as rejected:
            return rejected.status, {"error": rejected.message}, []
        store = self.backend.store
        items = [stored.listing() for stored in store.page(page, per_page)]
        body = {"page": page, "per_page": per_page, "total": store.count(), "items": items}
        return 200, body, []

    def _track(self, reference: str) -> tuple[int, dict[str, Any], Headers]:
        found = self.backend.store.get(reference)
        if found is None:
            return 404, {"error": f"No submission has the reference '{reference}'."}, []
        return 200, found.tracking(), []


def _route(path: str) -> tuple[str, frozenset[str], str] | None:
    """(endpoint, methods it answers, reference) for a path, or None if unknown."""
    if path == HEALTH_PATH:
        return "health", frozenset({"GET", "HEAD"}), ""
    if path == SUBMISSIONS_PATH:
        return "list_or_submit", frozenset({"GET", "HEAD", "POST"}), ""
    if path == BATCH_PATH:
        return "batch", frozenset({"POST"}), ""
    prefix = SUBMISSIONS_PATH + "/"
    if path.startswith(prefix) and "/" not in path[len(prefix) :] and len(path) > len(prefix):
        return "track", frozenset({"GET", "HEAD"}), unquote(path[len(prefix) :])
    return None


def _int_param(params: dict[str, list[str]], name: str, default: int, most: int | None) -> int:
    values = params.get(name)
    if not values:
        return default
    bounds = "of 1 or more" if most is None else f"from 1 to {most}"
    message = f"'{name}' must be a whole number {bounds}."
    try:
        value = int(values[-1])
    except ValueError:
        raise Rejected(422, message) from None
    if value < 1 or (most is not None and value > most):
        raise Rejected(422, message)
    return value


def _unauthorized(header: str | None) -> tuple[int, dict[str, Any], Headers]:
    if not header:
        message = (
            "The kiosk sent no access token. Set the council back end token in the kiosk's "
            "settings."
        )
    else:
        message = (
            "The council's system did not accept the kiosk's access token. Check the token in "
            "the kiosk's settings; it may have been changed or revoked."
        )
    return 401, {"error": message}, [("WWW-Authenticate", 'Bearer realm="council"')]


def _result(key: object, result: StoreResult) -> dict[str, Any]:
    return {
        "idempotency_key": key,
        "status": result.status,
        "body": result.body,
        "replayed": result.replayed,
    }


def _rejection(key: object, rejected: Rejected) -> dict[str, Any]:
    key = key if isinstance(key, str) else None
    return {
        "idempotency_key": key,
        "status": rejected.status,
        "body": {"error": rejected.message},
        "replayed": False,
    }


class BackendServer:
    """A council back end on a background thread, for tests, demos and the command line.

    `faults` may be replaced while it runs (e.g. to let a kiosk's retries succeed).
    """

    def __init__(
        self,
        db_path: str | PathLike[str],
        host: str = "127.0.0.1",
        port: int = 0,
        token: str | None = None,
        faults: Faults | None = None,
        services: Collection[str] | None = None,
        rng: random.Random | None = None,
        allow_remote: bool = False,
    ) -> None:
        if not allow_remote and not is_loopback(host):
            raise ValueError(
                f"Refusing to listen on '{host}': the reference back end is for this machine "
                "only. Use 127.0.0.1, or allow remote access explicitly (--allow-remote)."
            )
        self.token = token
        self.faults = faults if faults is not None else Faults()
        self.services = frozenset(services) if services is not None else None
        self._rng = rng if rng is not None else random.Random()
        self._rng_lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._stopped = False
        self.store = SubmissionStore(db_path)
        try:
            self._httpd = _HTTPServer((host, port), self)
        except BaseException:
            self.store.close()
            raise

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

    def start(self) -> Self:
        if self._stopped:
            raise RuntimeError("This back end has been stopped; make a new one.")
        if self._thread is None:
            # A short poll keeps stop() quick.
            self._thread = threading.Thread(
                target=self._httpd.serve_forever,
                kwargs={"poll_interval": 0.05},
                name="council-backend",
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
        self.store.close()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def decide(self) -> FaultDecision:
        with self._rng_lock:
            return self.faults.decide(self._rng)

    def authorized(self, header: str | None) -> bool:
        if self.token is None:
            return True
        if not header:
            return False
        scheme, _, given = header.partition(" ")
        if scheme.lower() != "bearer":
            return False
        return hmac.compare_digest(given.strip().encode(), self.token.encode())

    def answer_batch(self, items: Iterable[object]) -> list[dict[str, Any]]:
        """One result per item, in order, each as a single POST would have answered it."""
        items = list(items)
        results: list[dict[str, Any] | None] = [None] * len(items)
        keyed: list[tuple[int, str, dict[str, Any]]] = []
        for index, item in enumerate(items):
            if not isinstance(item, dict):
                results[index] = _rejection(None, Rejected(422, NOT_AN_OBJECT))
                continue
            key = item.get("idempotency_key")
            try:
                keyed.append((index, check_idempotency_key(key, 422), item))
            except Rejected as rejected:
                results[index] = _rejection(key, rejected)
        known = self.store.answers_for(key for _, key, _ in keyed)
        pending: list[tuple[int, str, Submission]] = []
        for index, key, item in keyed:
            if key in known:
                results[index] = _result(key, known[key])
                continue
            try:
                pending.append((index, key, validate_submission(item, self.services)))
            except Rejected as rejected:
                results[index] = _rejection(key, rejected)
        stored = self.store.store_batch([(key, submission) for _, key, submission in pending])
        for (index, key, _), result in zip(pending, stored, strict=True):
            results[index] = _result(key, result)
        return [result for result in results if result is not None]
