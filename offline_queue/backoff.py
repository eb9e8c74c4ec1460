"""When to try again: exponential back-off with full jitter, and the server's Retry-After.

Pure functions of their inputs (the random source is passed in), so they are tested without
sleeping.
"""

import random
from datetime import datetime

DEFAULT_BASE_S = 2.0
DEFAULT_CAP_S = 15 * 60.0
# The longest wait a back end's Retry-After can ask for. A broken or hostile header (years, or
# more seconds than a date can hold) must not park a citizen's submission out of reach.
MAX_RETRY_AFTER_S = 24 * 60 * 60.0


def backoff_delay(
    attempt: int,
    rng: random.Random,
    *,
    base_s: float = DEFAULT_BASE_S,
    cap_s: float = DEFAULT_CAP_S,
    retry_after_s: float | None = None,
) -> float:
    """Seconds to wait before attempt `attempt + 1`, after `attempt` failed ones (1, 2, ...).

    Full jitter spreads a fleet of kiosks that lost the network together, so they do not all
    come back at once. The back end's Retry-After is a floor: never sooner than it asked.
    """
    if attempt < 1:
        raise ValueError("attempt counts from 1")
    ceiling = min(cap_s, base_s * 2.0 ** min(attempt - 1, 60))
    delay = rng.uniform(0.0, ceiling)
    if retry_after_s is not None:
        delay = max(delay, retry_after_s)
    return delay


def parse_retry_after(value: str | None, now: datetime) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or an HTTP date), at most
    MAX_RETRY_AFTER_S; None if absent or bad."""
    if value is None:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():
        return min(float(value), MAX_RETRY_AFTER_S)
    try:
        from email.utils import parsedate_to_datetime  # only for a dated Retry-After

        moment = parsedate_to_datetime(value)
        if moment.tzinfo is None:
            return None
        seconds = (moment - now).total_seconds()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return min(max(0.0, seconds), MAX_RETRY_AFTER_S)
