import random
from datetime import UTC, datetime, timedelta

import pytest

from kiosk.references import (
    ALPHABET,
    InvalidReference,
    ReferenceGenerator,
    check_character,
    kiosk_code_from,
    normalise,
)
from tests.support import FakeClock

AMBIGUOUS = set("0O1IL5S2Z8BUV")


def test_a_reference_looks_like_one():
    clock = FakeClock()
    reference = ReferenceGenerator("K7", clock).next()
    assert len(reference) == 12
    assert reference[4] == reference[8] == "-"
    assert reference.startswith("K7")
    assert not AMBIGUOUS & set(reference.replace("-", ""))
    assert normalise(reference.lower().replace("-", " ")) == reference


def test_unique_over_100_000_from_several_kiosks_offline():
    rng = random.Random(42)
    start = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    kiosks = []
    for code in ("K7", "AC", "RT", "X3", "MN"):
        clock = FakeClock(start)
        kiosks.append((clock, ReferenceGenerator(code, clock)))
    issued = set()
    for _ in range(100_000):
        clock, generator = rng.choice(kiosks)
        # Busy kiosks issue several in one second; some clocks even step back.
        clock.advance(rng.choice([0, 0, 0.3, 1, 7, -2]))
        issued.add(generator.next())
    assert len(issued) == 100_000


def test_a_restart_with_the_clock_set_back_does_not_repeat():
    clock = FakeClock()
    first = ReferenceGenerator("K7", clock)
    before = {first.next() for _ in range(50)}  # 50 in one second: borrows ahead
    clock.advance(-3600)
    again = ReferenceGenerator("K7", clock, last_issued=max(before, key=first.seconds_of))
    after = {again.next() for _ in range(50)}
    assert not before & after


def test_the_check_character_catches_typing_mistakes():
    reference = ReferenceGenerator("AC", FakeClock()).next()
    body = reference.replace("-", "")
    for position in range(len(body)):
        for wrong in ALPHABET:
            if wrong != body[position]:
                typo = body[:position] + wrong + body[position + 1 :]
                with pytest.raises(InvalidReference):
                    normalise(typo)
    for position in range(len(body) - 1):
        if body[position] != body[position + 1]:
            swapped = body[:position] + body[position + 1] + body[position] + body[position + 2 :]
            with pytest.raises(InvalidReference):
                normalise(swapped)


@pytest.mark.parametrize("text", ["", "K7QM", "K7QM-4XR-TPW-X", "K0QM-4XR-TPW", "K7QM 4XR TP!"])
def test_not_references(text):
    with pytest.raises(InvalidReference):
        normalise(text)


def test_kiosk_codes():
    code = kiosk_code_from("machine-1")
    assert len(code) == 2 and set(code) <= set(ALPHABET)
    assert code == kiosk_code_from("machine-1")
    with pytest.raises(ValueError):
        ReferenceGenerator("K0", FakeClock())
    assert check_character("K7") in ALPHABET


def test_references_order_by_time_within_a_kiosk():
    clock = FakeClock()
    generator = ReferenceGenerator("K7", clock)
    first = generator.next()
    clock.advance(timedelta(days=400).total_seconds())
    assert generator.seconds_of(generator.next()) > generator.seconds_of(first)
