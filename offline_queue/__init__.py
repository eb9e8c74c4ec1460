"""Durable outbox and sync engine: submissions stored on the kiosk, delivered exactly once.

Knows nothing of forms, the domain or Qt (an import contract keeps it so).
"""

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
from offline_queue.transport import Delivery, KioskApiTransport, Outcome, Transport, classify

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
