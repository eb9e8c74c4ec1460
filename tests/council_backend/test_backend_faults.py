import random

import pytest

from council_backend import Faults
from council_backend.faults import FaultAction


def test_empty_spec_is_a_well_behaved_back_end() -> None:
    faults = Faults.parse("")
    assert faults == Faults()
    assert not faults.active


def test_full_spec() -> None:
    faults = Faults.parse("error_rate=0.3,reset_rate=0.1,latency_ms=200,retry_after=1")
    assert faults == Faults(error_rate=0.3, reset_rate=0.1, latency_ms=200, retry_after=1)
    assert faults.active


def test_spaces_and_a_trailing_comma_are_tolerated() -> None:
    assert Faults.parse(" error_rate = 0.5 , ") == Faults(error_rate=0.5)


def test_describe_reads_back() -> None:
    faults = Faults(error_rate=0.25, reset_rate=0.5, latency_ms=10, retry_after=3)
    assert Faults.parse(faults.describe()) == faults


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("bogus=1", "unknown fault 'bogus'"),
        ("error_rate", "should be name=value"),
        ("error_rate=lots", "error_rate must be a number between 0 and 1, not 'lots'"),
        ("error_rate=nan", "error_rate must be a number between 0 and 1"),
        ("reset_rate=1.5", "reset_rate must be between 0 and 1"),
        ("error_rate=-0.1", "error_rate must be between 0 and 1"),
        ("error_rate=0.6,reset_rate=0.6", "together must not exceed 1"),
        ("latency_ms=2.5", "latency_ms must be a whole number, not '2.5'"),
        ("latency_ms=-1", "latency_ms must not be negative"),
        ("retry_after=soon", "retry_after must be a whole number"),
        ("retry_after=-1", "retry_after must not be negative"),
        ("error_rate=0.1,error_rate=0.2", "'error_rate' is given twice"),
    ],
)
def test_bad_specs_say_what_is_wrong(spec: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Faults.parse(spec)


def test_no_faults_draws_nothing() -> None:
    rng = random.Random(1)
    state = rng.getstate()
    decision = Faults().decide(rng)
    assert decision.action is FaultAction.NONE
    assert decision.latency_ms == 0
    assert rng.getstate() == state


def test_error_rate_one_always_errors() -> None:
    rng = random.Random(2)
    faults = Faults(error_rate=1.0, latency_ms=5)
    decisions = [faults.decide(rng) for _ in range(50)]
    assert {d.action for d in decisions} == {FaultAction.ERROR}
    assert {d.latency_ms for d in decisions} == {5}


def test_reset_rate_one_splits_before_and_after_store() -> None:
    rng = random.Random(3)
    actions = [Faults(reset_rate=1.0).decide(rng).action for _ in range(200)]
    assert set(actions) == {FaultAction.RESET_BEFORE_STORE, FaultAction.RESET_AFTER_STORE}


def test_seeded_rng_hits_every_branch_reproducibly() -> None:
    faults = Faults(error_rate=0.25, reset_rate=0.5)
    first, second = random.Random(42), random.Random(42)
    actions = [faults.decide(first).action for _ in range(400)]
    assert set(actions) == set(FaultAction)
    assert actions == [faults.decide(second).action for _ in range(400)]


def test_branches_follow_the_draw() -> None:
    faults = Faults(error_rate=0.2, reset_rate=0.4)
    # error below 0.2, reset-before below 0.4, reset-after below 0.6, otherwise none.
    expected = {
        FaultAction.ERROR: lambda d: d < 0.2,
        FaultAction.RESET_BEFORE_STORE: lambda d: 0.2 <= d < 0.4,
        FaultAction.RESET_AFTER_STORE: lambda d: 0.4 <= d < 0.6,
        FaultAction.NONE: lambda d: d >= 0.6,
    }
    for seed in range(100):
        draw = random.Random(seed).random()
        action = faults.decide(random.Random(seed)).action
        assert expected[action](draw), (seed, draw, action)
