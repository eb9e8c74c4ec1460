"""HubClient: the site queue as kiosks, counters and the wall display use it, over the hub's
HTTP API. The same methods and answers as TicketQueue, and the same errors (said in the
kiosk's current language); when the hub cannot be reached, HubUnavailable.

Each change is sent with a request id (Idempotency-Key): asking again with the same id after a
lost answer gets the first answer, never a second ticket or a second call. A caller that
retries after HubUnavailable passes its own `request_id` each time for the same reason.
"""

import json
import logging
import uuid
from collections.abc import Sequence
from datetime import date
from typing import Any
from urllib.parse import quote

import requests
from requests.adapters import HTTPAdapter

from kiosk.tickets.model import (
    ERRORS,
    MESSAGES,
    BadRequest,
    Call,
    Counter,
    HubUnavailable,
    Issued,
    QueueError,
    QueueService,
    ServiceStats,
    Ticket,
)

log = logging.getLogger(__name__)


def _part(text: str) -> str:
    return quote(text, safe="")


def _error_from(response: requests.Response) -> QueueError:
    try:
        body = response.json()
    except ValueError:
        body = None
    if response.status_code >= 500 or not isinstance(body, dict):
        log.warning("The queue hub answered HTTP %s", response.status_code)
        return HubUnavailable()
    kind = ERRORS.get(str(body.get("error")), QueueError)
    reason = body.get("reason")
    params = body.get("params")
    if not isinstance(params, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in params.items()
    ):
        params = {}
    return kind(reason if reason in MESSAGES else None, **params)


class HubClient:
    """The site queue at `url` (e.g. http://10.0.0.5:8090), with the site's token."""

    def __init__(self, url: str, token: str, *, timeout_s: float = 5.0) -> None:
        self.url = url.rstrip("/")
        self._timeout = (timeout_s, timeout_s)
        self._session = requests.Session()
        # No retries inside requests: this client retries once, itself, where it is safe.
        adapter = HTTPAdapter(pool_connections=1, pool_maxsize=4, max_retries=0)
        self._session.mount("http://", adapter)
        self._session.mount("https://", adapter)
        self._session.headers["User-Agent"] = "council-kiosk"
        self._session.headers["Authorization"] = f"Bearer {token}"

    def close(self) -> None:
        self._session.close()

    def __enter__(self) -> "HubClient":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def follow_url(self, ticket_id: str) -> str:
        """The page the QR code on a ticket opens on a phone on the site's network."""
        return f"{self.url}/follow/{_part(ticket_id)}"

    # -- HTTP --------------------------------------------------------------------------------

    def _call(
        self,
        method: str,
        path: str,
        body: dict[str, Any] | None = None,
        params: list[tuple[str, str]] | None = None,
        request_id: str | None = None,
    ) -> Any:
        headers = {"Content-Type": "application/json"} if body is not None else {}
        if request_id is not None:
            headers["Idempotency-Key"] = request_id
        data = None if body is None else json.dumps(body, ensure_ascii=False).encode("utf-8")
        for attempt in (1, 2):
            try:
                response = self._session.request(
                    method,
                    self.url + path,
                    data=data,
                    params=params,
                    headers=headers,
                    timeout=self._timeout,
                    allow_redirects=False,
                )
                break
            except requests.ConnectTimeout:
                raise HubUnavailable() from None
            except requests.ConnectionError as error:
                # Often a kept-alive connection the hub had closed: once more at once, which
                # is safe (reads, and changes carry a request id).
                if attempt == 2:
                    log.warning("The queue hub cannot be reached: %s", type(error).__name__)
                    raise HubUnavailable() from None
            except requests.RequestException as error:
                log.warning("The queue hub did not answer: %s", type(error).__name__)
                raise HubUnavailable() from None
        with response:
            if not 200 <= response.status_code < 300:
                raise _error_from(response)
            try:
                return response.json()
            except ValueError:
                log.warning("The queue hub's answer was not JSON")
                raise HubUnavailable() from None

    def _read(self, parse: Any, data: Any) -> Any:
        try:
            return parse(data)
        except (KeyError, TypeError, ValueError, AttributeError):
            log.warning("The queue hub's answer was not understood")
            raise HubUnavailable() from None

    @staticmethod
    def _key(request_id: str | None) -> str:
        return request_id if request_id is not None else uuid.uuid4().hex

    # -- the queue ---------------------------------------------------------------------------

    def services(self) -> list[QueueService]:
        data = self._call("GET", "/v1/services")
        return list(self._read(lambda d: [QueueService.from_json(s) for s in d["services"]], data))

    def paused(self) -> set[str]:
        data = self._call("GET", "/v1/paused")
        return set(self._read(lambda d: [str(s) for s in d["paused"]], data))

    def issue(
        self,
        service: str,
        *,
        extra_help: bool = False,
        appointment: str | None = None,
        language: str = "en",
        request_id: str | None = None,
    ) -> Issued:
        body = {
            "service": service,
            "extra_help": extra_help,
            "appointment": appointment,
            "language": language,
        }
        data = self._call("POST", "/v1/tickets", body, request_id=self._key(request_id))
        issued: Issued = self._read(Issued.from_json, data)
        return issued

    def call_next(
        self, counter: int, services: Sequence[str], *, request_id: str | None = None
    ) -> Ticket:
        body = {"counter": counter, "services": list(services)}
        data = self._call("POST", "/v1/call-next", body, request_id=self._key(request_id))
        return self._ticket(data)

    def _ticket(self, data: Any) -> Ticket:
        ticket: Ticket = self._read(Ticket.from_json, data)
        return ticket

    def _ticket_change(
        self, ticket_id: str, action: str, body: dict[str, Any], request_id: str | None
    ) -> Ticket:
        path = f"/v1/tickets/{_part(ticket_id)}/{action}"
        return self._ticket(self._call("POST", path, body, request_id=self._key(request_id)))

    def recall(self, ticket_id: str, counter: int, *, request_id: str | None = None) -> Ticket:
        return self._ticket_change(ticket_id, "recall", {"counter": counter}, request_id)

    def served(self, ticket_id: str, *, request_id: str | None = None) -> Ticket:
        return self._ticket_change(ticket_id, "served", {}, request_id)

    def no_show(self, ticket_id: str, *, request_id: str | None = None) -> Ticket:
        return self._ticket_change(ticket_id, "no-show", {}, request_id)

    def transfer(self, ticket_id: str, to_service: str, *, request_id: str | None = None) -> Ticket:
        return self._ticket_change(ticket_id, "transfer", {"service": to_service}, request_id)

    def pause(self, service: str) -> None:
        self._call("POST", f"/v1/services/{_part(service)}/pause", {})

    def resume(self, service: str) -> None:
        self._call("POST", f"/v1/services/{_part(service)}/resume", {})

    def sign_in(self, counter: int, staff: str, services: Sequence[str]) -> Counter:
        body = {"staff": staff, "services": list(services)}
        data = self._call("PUT", f"/v1/counters/{counter:d}", body)
        signed_in: Counter = self._read(Counter.from_json, data)
        return signed_in

    def sign_out(self, counter: int) -> None:
        self._call("DELETE", f"/v1/counters/{counter:d}")

    def pause_counter(self, counter: int, paused: bool) -> Counter:
        data = self._call("POST", f"/v1/counters/{counter:d}/pause", {"paused": paused})
        changed: Counter = self._read(Counter.from_json, data)
        return changed

    def counters(self) -> list[Counter]:
        data = self._call("GET", "/v1/counters")
        return list(self._read(lambda d: [Counter.from_json(c) for c in d["counters"]], data))

    def ticket(self, ticket_id: str) -> Ticket:
        return self._ticket(self._call("GET", f"/v1/tickets/{_part(ticket_id)}"))

    def position(self, ticket_id: str) -> Issued:
        data = self._call("GET", f"/v1/tickets/{_part(ticket_id)}/position")
        issued: Issued = self._read(Issued.from_json, data)
        return issued

    def waiting(self, services: Sequence[str] | None = None) -> list[Ticket]:
        if services is not None and (isinstance(services, str) or not services):
            raise BadRequest("no_services")
        params = None if services is None else [("service", s) for s in services]
        data = self._call("GET", "/v1/waiting", params=params)
        return list(self._read(lambda d: [Ticket.from_json(t) for t in d["tickets"]], data))

    def recent_calls(self, limit: int = 6) -> list[Call]:
        data = self._call("GET", "/v1/calls", params=[("limit", str(limit))])
        return list(self._read(lambda d: [Call.from_json(c) for c in d["calls"]], data))

    def statistics(self, day: date | None = None) -> list[ServiceStats]:
        params = None if day is None else [("day", day.isoformat())]
        data = self._call("GET", "/v1/statistics", params=params)
        return list(
            self._read(lambda d: [ServiceStats.from_json(s) for s in d["statistics"]], data)
        )
