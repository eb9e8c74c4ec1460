"""References citizens are given: short, unambiguous when read aloud or copied, and unique
across a fleet of kiosks even when none of them is online.

`K7QM-4XR-TPW`: two characters name the kiosk (`kiosk.code`, unique in the fleet), seven count
the seconds since 2025 (each kiosk issues at most one a second, never going back; they last
about a century), and the last is a check character that catches any one mistyped character
and any two swapped neighbours. The alphabet leaves out characters people confuse:
0/O, 1/I/L, 5/S, 2/Z, 8/B, U/V.
"""

import hashlib
from collections.abc import Callable
from datetime import UTC, datetime

ALPHABET = "34679ACDEFGHJKMNPQRTWXY"  # 23 characters: a prime, for the check character
BASE = len(ALPHABET)
_INDEX = {c: i for i, c in enumerate(ALPHABET)}
EPOCH = datetime(2025, 1, 1, tzinfo=UTC)
TIME_DIGITS = 7
CODE_DIGITS = 2
LENGTH = CODE_DIGITS + TIME_DIGITS + 1
TIME_SPAN_S = BASE**TIME_DIGITS  # about 108 years of seconds


class InvalidReference(ValueError):
    """Not a reference this kiosk could have issued (wrong length, character or check)."""


def _digits(value: int, count: int) -> str:
    out = []
    for _ in range(count):
        value, remainder = divmod(value, BASE)
        out.append(ALPHABET[remainder])
    return "".join(reversed(out))


def _weighted_sum(text: str) -> int:
    return sum((position + 1) * _INDEX[char] for position, char in enumerate(text))


def check_character(body: str) -> str:
    """The character that makes the weighted sum (weights 1, 2, 3...) a multiple of 23.

    The alphabet has a prime number of characters, so every weight is invertible: any single
    wrong character, and any two neighbours swapped, changes the sum and is caught.
    """
    weight = len(body) + 1
    inverse = pow(weight, -1, BASE)
    return ALPHABET[(-_weighted_sum(body) * inverse) % BASE]


def normalise(text: str) -> str:
    """What a citizen or member of staff typed, as the canonical `XXXX-XXX-XXX`, or raise."""
    body = "".join(ch for ch in text.upper() if ch not in " -")
    if len(body) != LENGTH or any(ch not in _INDEX for ch in body):
        raise InvalidReference(text)
    if _weighted_sum(body) % BASE:
        raise InvalidReference(text)
    return _grouped(body)


def _grouped(body: str) -> str:
    # Groups of four and three are easy to read aloud and to copy.
    return f"{body[:4]}-{body[4:7]}-{body[7:]}"


def kiosk_code_from(identity: str) -> str:
    """A default two-character kiosk code from a stable machine identity (staff should set one)."""
    digest = int.from_bytes(hashlib.sha256(identity.encode()).digest()[:4], "big")
    return _digits(digest % BASE**CODE_DIGITS, CODE_DIGITS)


def is_kiosk_code(code: str) -> bool:
    return len(code) == CODE_DIGITS and all(ch in _INDEX for ch in code)


class ReferenceGenerator:
    """Issues references for one kiosk; never the same one twice, even if the clock steps back."""

    def __init__(
        self, kiosk_code: str, clock: Callable[[], datetime], last_issued: str | None = None
    ) -> None:
        if not is_kiosk_code(kiosk_code):
            raise ValueError(f"kiosk code must be {CODE_DIGITS} characters of {ALPHABET}")
        self._code = kiosk_code
        self._clock = clock
        self._last = -1
        if last_issued is not None:
            self._last = self.seconds_of(last_issued)

    @staticmethod
    def seconds_of(reference: str) -> int:
        body = normalise(reference).replace("-", "")
        value = 0
        for char in body[CODE_DIGITS : CODE_DIGITS + TIME_DIGITS]:
            value = value * BASE + _INDEX[char]
        return value

    def next(self) -> str:
        now = int((self._clock() - EPOCH).total_seconds()) % TIME_SPAN_S
        # Two in one second, or a clock set back: borrow the next unused second.
        seconds = now if now > self._last else (self._last + 1) % TIME_SPAN_S
        self._last = seconds
        body = self._code + _digits(seconds, TIME_DIGITS)
        return _grouped(body + check_character(body))
