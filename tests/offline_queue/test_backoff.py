import random
from datetime import UTC, datetime

import pytest

from offline_queue import backoff_delay, parse_retry_after


def test_full_jitter_stays_under_the_doubling_ceiling():
    rng = random.Random(7)
    for attempt in range(1, 12):
        ceiling = min(900.0, 2.0 * 2 ** (attempt - 1))
        delays = [backoff_delay(attempt, rng) for _ in range(200)]
        assert all(0.0 <= d <= ceiling for d in delays)
        assert max(delays) > ceiling * 0.8  # spread over the whole range, not bunched


def test_the_cap_holds_for_any_number_of_attempts():
    rng = random.Random(1)
    delays = [backoff_delay(attempt, rng, cap_s=900.0) for attempt in range(1, 5000)]
    assert max(delays) <= 900.0
    assert max(delays) > 800.0


def test_same_seed_same_delays():
    assert [backoff_delay(a, random.Random(3)) for a in range(1, 8)] == [
        backoff_delay(a, random.Random(3)) for a in range(1, 8)
    ]


def test_retry_after_is_a_floor():
    rng = random.Random(2)
    assert all(backoff_delay(1, rng, retry_after_s=120) >= 120 for _ in range(100))
    # Above the cap too: the back end knows when it will be back.
    assert backoff_delay(30, rng, retry_after_s=3600) == 3600


def test_attempts_count_from_one():
    with pytest.raises(ValueError):
        backoff_delay(0, random.Random())


NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("120", 120.0),
        (" 5 ", 5.0),
        ("Mon, 23 Nov 2026 10:02:00 GMT", 120.0),
        ("Mon, 23 Nov 2026 09:00:00 GMT", 0.0),
        (None, None),
        ("soon", None),
        ("-5", None),
        ("", None),
        ("²", None),  # a digit to Unicode, not to HTTP
        ("Mon, 23 Nov 2026 10:02:00", None),  # a date without its zone
        # A back end asking for more than a day gets a day: the submission stays in reach.
        ("86400", 86400.0),
        ("86401", 86400.0),
        ("999999999999", 86400.0),
        ("9" * 400, 86400.0),
        ("Fri, 31 Dec 9999 23:59:59 GMT", 86400.0),
    ],
)
def test_parse_retry_after(header, seconds):
    assert parse_retry_after(header, NOW) == seconds
