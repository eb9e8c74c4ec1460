"""What a transport is: it turns a batch of submissions into one answer each: delivered (with
the council's reference), try again later, or rejected (with the back end's message, for staff).
It never touches the outbox; the sync engine records what it answers. The kiosk JSON API's
transport is in kiosk_api.py.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, Protocol

from offline_queue.backoff import parse_retry_after
from offline_queue.outbox import Submission

RETRYABLE_STATUSES = frozenset({408, 425, 429})
AUTH_STATUSES = frozenset({401, 403})
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


MALFORMED = Delivery(Outcome.RETRY, error="The back end's batch answer was malformed.")


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
