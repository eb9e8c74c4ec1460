"""Durable outbox and sync engine: submissions stored on the kiosk, delivered exactly once.

Knows nothing of forms, the domain or Qt (an import contract keeps it so).
"""

import importlib
from typing import TYPE_CHECKING, Any

from offline_queue.errors import (
    InvalidSubmission,
    OutboxError,
    OutboxFull,
    OutboxTooNew,
    UnknownSubmission,
)

if TYPE_CHECKING:
    from offline_queue.backoff import backoff_delay, parse_retry_after
    from offline_queue.kiosk_api import KioskApiTransport
    from offline_queue.outbox import (
        Outbox,
        OutboxEvent,
        OutboxStatus,
        Settlement,
        Status,
        Submission,
    )
    from offline_queue.sync import SyncEngine, SyncReport
    from offline_queue.transport import Delivery, Outcome, Transport, classify

# Each part loads when first asked for: a program that only needs the errors (the command line)
# or only the outbox (the kiosk window) does not wait for the sync engine or HTTP (requests).
_LATER = {
    "backoff_delay": "offline_queue.backoff",
    "parse_retry_after": "offline_queue.backoff",
    "KioskApiTransport": "offline_queue.kiosk_api",
    "Outbox": "offline_queue.outbox",
    "OutboxEvent": "offline_queue.outbox",
    "OutboxStatus": "offline_queue.outbox",
    "Settlement": "offline_queue.outbox",
    "Status": "offline_queue.outbox",
    "Submission": "offline_queue.outbox",
    "SyncEngine": "offline_queue.sync",
    "SyncReport": "offline_queue.sync",
    "Delivery": "offline_queue.transport",
    "Outcome": "offline_queue.transport",
    "Transport": "offline_queue.transport",
    "classify": "offline_queue.transport",
}


def __getattr__(name: str) -> Any:
    if name in _LATER:
        return getattr(importlib.import_module(_LATER[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
