"""The queue's figures, as pure functions: waits and service times, percentiles, the estimate
a ticket shows, and each service's statistics against the councils' 15-minute promise."""

import math
import statistics
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from kiosk.tickets.model import (
    DEFAULT_SERVICE_S,
    TARGET_WAIT_S,
    ServiceStats,
    TicketStatus,
)
from offline_queue.timefmt import from_text


def seconds_between(start: datetime | None, end: datetime | None) -> float | None:
    if start is None or end is None:
        return None
    return round((end - start).total_seconds(), 3)


def percentile(values: Sequence[float], share: float) -> float | None:
    """The nearest-rank percentile: the smallest value with at least `share` of them at or
    below it (p90 of 1..10 is 9)."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def median(values: Sequence[float]) -> float | None:
    return float(statistics.median(values)) if values else None


def estimate_wait_s(ahead: int, service_times: Sequence[float], counters: int) -> int:
    """ahead times the median service time (5 minutes before any), divided by the counters
    serving it; rounded up to whole minutes, in seconds."""
    if ahead <= 0:
        return 0
    each = statistics.median(service_times) if service_times else DEFAULT_SERVICE_S
    return math.ceil(ahead * each / max(1, counters) / 60) * 60


def service_stats(service: str, rows: Sequence[Sequence[Any]], now: datetime) -> ServiceStats:
    issued = sum(1 for row in rows if row[1] == service)
    mine = [row for row in rows if row[0] == service]
    waits: list[float] = []
    service_times: list[float] = []
    missed_waiting = 0
    for _service, _issued_for, status, issued_at, called_at, first_called_at, finished_at in mine:
        arrived = from_text(issued_at)
        if first_called_at is not None:
            waits.append((from_text(first_called_at) - arrived).total_seconds())
        elif (now - arrived).total_seconds() > TARGET_WAIT_S:
            missed_waiting += 1  # still waiting, and already past the promise
        if status == TicketStatus.SERVED and called_at is not None:
            service_times.append((from_text(finished_at) - from_text(called_at)).total_seconds())
    counted = len(waits) + missed_waiting
    within = sum(1 for wait in waits if wait <= TARGET_WAIT_S)
    return ServiceStats(
        service=service,
        issued=issued,
        seen=sum(1 for row in mine if row[2] == TicketStatus.SERVED),
        waiting=sum(1 for row in mine if row[2] == TicketStatus.WAITING),
        no_shows=sum(1 for row in mine if row[2] == TicketStatus.NO_SHOW),
        median_wait_s=median(waits),
        p90_wait_s=percentile(waits, 0.9),
        median_service_s=median(service_times),
        p90_service_s=percentile(service_times, 0.9),
        seen_within_target=within / counted if counted else None,
    )
