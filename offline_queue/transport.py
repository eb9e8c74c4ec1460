"""Sending submissions to the council back end over the kiosk JSON API (docs/backend-api.md).

A transport turns a batch of submissions into one answer each: delivered (with the council's
reference), try again later, or rejected (with the back end's message, for staff). It never
touches the outbox; the sync engine records what it answers.
"""

import json
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, Protocol

import requests
from requests.adapters import HTTPAdapter

from offline_queue.backoff import parse_retry_after
from offline_queue.outbox import Submission
from offline_queue.timefmt import Clock, to_text, utc_now

log = logging.getLogger(__name__)

RETRYABLE_STATUSES = frozenset({408, 425, 429})
AUTH_STATUSES = frozenset({401, 403})
MAX_BATCH = 500
_MESSAGE_LIMIT = 500


class Outcome(StrEnum):
    DELIVERED = "delivered"
    RETRY = "retry"
    REJECTED = "rejected"


@dataclass(frozen=True)
class Delivery:
    """The back end's answer for one submission."""

    outcome: Outcome
    backend_reference: str | None = None
    error: str | None = None
    retry_after_s: float | None = None


class Transport(Protocol):
    def send(self, submissions: Sequence[Submission]) -> list[Delivery]:
        """One Delivery per submission, in order. Must not raise for network trouble."""
        ...

    def close(self) -> None: ...


_MALFORMED = Delivery(Outcome.RETRY, error="The back end's batch answer was malformed.")


def _message(body: Any, fallback: str) -> str:
    if isinstance(body, Mapping) and isinstance(body.get("error"), str):
        return str(body["error"])[:_MESSAGE_LIMIT]
    return fallback[:_MESSAGE_LIMIT]


def classify(status: int, body: Any, retry_after: str | None, now: datetime) -> Delivery:
    """What one HTTP answer means for the submission it answers (a pure function)."""
    if status in (200, 201, 409):
        reference = body.get("reference") if isinstance(body, Mapping) else None
        return Delivery(Outcome.DELIVERED, backend_reference=reference)
    if status in AUTH_STATUSES:
        # The submission is fine; the kiosk's token is not. Keep it and tell staff.
        return Delivery(
            Outcome.RETRY,
            error=f"The back end refused the kiosk's token (HTTP {status}): "
            f"{_message(body, 'check backend.token in the settings')}",
        )
    if status in RETRYABLE_STATUSES or status >= 500 or status < 400:
        return Delivery(
            Outcome.RETRY,
            error=f"The back end answered HTTP {status}: {_message(body, 'try again later')}",
            retry_after_s=parse_retry_after(retry_after, now),
        )
    return Delivery(
        Outcome.REJECTED, error=f"HTTP {status}: {_message(body, 'rejected by the back end')}"
    )


def _item(submission: Submission) -> dict[str, Any]:
    return {
        "kind": submission.kind,
        "reference": submission.reference,
        "created_at": to_text(submission.created_at),
        "payload": submission.payload,
    }


def _json_or_none(response: requests.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


class KioskApiTransport:
    """The kiosk JSON API: batches of up to 500 in one round trip, single POSTs as fallback."""

    def __init__(
        self,
        base_url: str,
        token: str | None,
        *,
        connect_timeout_s: float = 5.0,
        read_timeout_s: float = 30.0,
        use_batch: bool = True,
        clock: Clock = utc_now,
    ) -> None:
        self._base = base_url.rstrip("/")
        self._timeout = (connect_timeout_s, read_timeout_s)
        self._use_batch = use_batch
        self._clock = clock
        self._session = requests.Session()
        # No retries inside requests: the sync engine owns retrying, with back-off.
        adapter = HTTPAdapter(pool_connections=1, pool_maxsize=2, max_retries=0)
        self._session.mount("http://", adapter)
        self._session.mount("https://", adapter)
        self._session.headers["User-Agent"] = "council-kiosk"
        self._session.headers["Content-Type"] = "application/json"
        if token:
            self._session.headers["Authorization"] = f"Bearer {token}"

    def send(self, submissions: Sequence[Submission]) -> list[Delivery]:
        if not submissions:
            return []
        if self._use_batch and len(submissions) > 1:
            answered = self._send_batch(submissions)
            if answered is not None:
                return answered
        return [self._send_one(s) for s in submissions]

    def _post(self, path: str, body: Any, headers: dict[str, str] | None = None) -> Any:
        return self._session.post(
            self._base + path,
            data=json.dumps(body, ensure_ascii=False).encode("utf-8"),
            headers=headers,
            timeout=self._timeout,
            allow_redirects=False,
        )

    def _unreachable(self, error: requests.RequestException, count: int) -> list[Delivery]:
        log.warning("Back end unreachable: %s", type(error).__name__)
        message = f"Could not reach the back end ({type(error).__name__})."
        return [Delivery(Outcome.RETRY, error=message)] * count

    def _send_one(self, submission: Submission) -> Delivery:
        try:
            response = self._post(
                "/api/v1/submissions", _item(submission), {"Idempotency-Key": submission.id}
            )
        except requests.RequestException as error:
            return self._unreachable(error, 1)[0]
        with response:
            return classify(
                response.status_code,
                _json_or_none(response),
                response.headers.get("Retry-After"),
                self._clock(),
            )

    def _send_batch(self, submissions: Sequence[Submission]) -> list[Delivery] | None:
        """Answers for the batch, or None when the back end wants single POSTs instead."""
        out: list[Delivery] = []
        for start in range(0, len(submissions), MAX_BATCH):
            chunk = submissions[start : start + MAX_BATCH]
            items = [{"idempotency_key": s.id, **_item(s)} for s in chunk]
            try:
                response = self._post("/api/v1/submissions/batch", {"items": items})
            except requests.RequestException as error:
                out.extend(self._unreachable(error, len(chunk)))
                continue
            with response:
                body = _json_or_none(response)
                now = self._clock()
                if response.status_code in (404, 405, 413, 422):
                    # No batch endpoint, or it disliked the envelope: each item on its own.
                    log.info("Batch refused (HTTP %s); sending singly", response.status_code)
                    if response.status_code in (404, 405):
                        self._use_batch = False
                    out.extend(self._send_one(s) for s in chunk)
                    continue
                if response.status_code != 200:
                    whole = classify(
                        response.status_code, body, response.headers.get("Retry-After"), now
                    )
                    out.extend([whole] * len(chunk))
                    continue
                out.extend(self._per_item(chunk, body, now))
        return out

    def _per_item(self, chunk: Sequence[Submission], body: Any, now: datetime) -> list[Delivery]:
        results = body.get("results") if isinstance(body, Mapping) else None
        if not isinstance(results, list) or len(results) != len(chunk):
            return [_MALFORMED] * len(chunk)
        answers: list[Delivery] = []
        for submission, result in zip(chunk, results, strict=True):
            if (
                not isinstance(result, Mapping)
                or result.get("idempotency_key") != submission.id
                or not isinstance(result.get("status"), int)
            ):
                answers.append(_MALFORMED)
                continue
            answers.append(classify(result["status"], result.get("body"), None, now))
        return answers

    def close(self) -> None:
        self._session.close()
