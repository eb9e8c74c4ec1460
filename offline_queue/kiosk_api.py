"""The kiosk JSON API (docs/backend-api.md) as a transport: batches of up to 500 in one round
trip, single POSTs for a back end without batches. One keep-alive session, with timeouts."""

import json
import logging
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

import requests
from requests.adapters import HTTPAdapter

from offline_queue.outbox import Submission
from offline_queue.timefmt import Clock, to_text, utc_now
from offline_queue.transport import (
    AUTH_STATUSES,
    MALFORMED,
    RETRYABLE_STATUSES,
    Delivery,
    Outcome,
    classify,
)

log = logging.getLogger(__name__)

MAX_BATCH = 500


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


def _refuses_the_envelope(status: int) -> bool:
    """A 4xx answer to a whole batch that is about the request, not the kiosk's token or the
    back end's load: it rejects no item by itself."""
    return 400 <= status < 500 and status not in AUTH_STATUSES | RETRYABLE_STATUSES


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
                status = response.status_code
                body = _json_or_none(response)
                now = self._clock()
                if _refuses_the_envelope(status):
                    # No batch endpoint, or it disliked the envelope (perhaps for one bad
                    # item): each item on its own, so the good ones still go through.
                    log.info("Batch refused (HTTP %s); sending singly", status)
                    if status in (404, 405):
                        self._use_batch = False
                    out.extend(self._send_one(s) for s in chunk)
                    continue
                if not 200 <= status < 300:
                    whole = classify(status, body, response.headers.get("Retry-After"), now)
                    out.extend([whole] * len(chunk))
                    continue
                # Any 2xx must say what became of each item; without results, send again.
                out.extend(self._per_item(chunk, body, now))
        return out

    def _per_item(self, chunk: Sequence[Submission], body: Any, now: datetime) -> list[Delivery]:
        results = body.get("results") if isinstance(body, Mapping) else None
        if not isinstance(results, list) or len(results) != len(chunk):
            return [MALFORMED] * len(chunk)
        answers: list[Delivery] = []
        for submission, result in zip(chunk, results, strict=True):
            if (
                not isinstance(result, Mapping)
                or result.get("idempotency_key") != submission.id
                or not isinstance(result.get("status"), int)
            ):
                answers.append(MALFORMED)
                continue
            answers.append(classify(result["status"], result.get("body"), None, now))
        return answers

    def close(self) -> None:
        self._session.close()
