"""Durable outbox and sync engine: submissions stored on the kiosk, delivered exactly once.

Knows nothing of forms, the domain or Qt (an import contract keeps it so).
"""

from typing import TYPE_CHECKING, Any

from offline_queue.backoff import backoff_delay, parse_retry_after
from offline_queue.errors import (
    InvalidSubmission,
    OutboxError,
    OutboxFull,
    OutboxTooNew,
    UnknownSubmission,
)
from offline_queue.outbox import Outbox, OutboxEvent, OutboxStatus, Settlement, Status, Submission
from offline_queue.sync import SyncEngine, SyncReport
from offline_queue.transport import Delivery, Outcome, Transport, classify

if TYPE_CHECKING:
    from offline_queue.kiosk_api import KioskApiTransport


def __getattr__(name: str) -> Any:
    # The HTTP transport brings in requests; load it when it is first wanted, not with the
    # outbox (the kiosk window opens before it starts sending).
    if name == "KioskApiTransport":
        from offline_queue.kiosk_api import KioskApiTransport

        return KioskApiTransport
    raise AttributeError(name)


__all__ = [
    "Delivery",
    "InvalidSubmission",
    "KioskApiTransport",
    "Outbox",
    "OutboxError",
    "OutboxEvent",
    "OutboxFull",
    "OutboxStatus",
    "OutboxTooNew",
    "Outcome",
    "Settlement",
    "Status",
    "Submission",
    "SyncEngine",
    "SyncReport",
    "Transport",
    "UnknownSubmission",
    "backoff_delay",
    "classify",
    "parse_retry_after",
]
