"""Deliberate misbehaviour for tests and demos: busy answers, dropped connections, slowness.

A dropped connection after storing is the case idempotency keys exist for: the council has the
submission but the kiosk never heard so, and must be able to send it again safely.
"""

import math
import random
from dataclasses import dataclass, fields
from enum import StrEnum


class FaultAction(StrEnum):
    NONE = "none"
    ERROR = "error"  # answer 503
    RESET_BEFORE_STORE = "reset_before_store"  # drop the connection, store nothing
    RESET_AFTER_STORE = "reset_after_store"  # store, then drop the connection unanswered


@dataclass(frozen=True)
class FaultDecision:
    action: FaultAction
    latency_ms: int


@dataclass(frozen=True)
class Faults:
    """Shares of requests to spoil; all zero (the default) means a well-behaved back end."""

    error_rate: float = 0.0
    reset_rate: float = 0.0
    latency_ms: int = 0
    retry_after: int | None = None  # seconds, sent as Retry-After with each 503

    def __post_init__(self) -> None:
        for name in ("error_rate", "reset_rate"):
            rate = getattr(self, name)
            if not 0.0 <= rate <= 1.0:
                raise ValueError(f"{name} must be between 0 and 1, not {rate}")
        if self.error_rate + self.reset_rate > 1.0:
            raise ValueError("error_rate and reset_rate together must not exceed 1")
        if self.latency_ms < 0:
            raise ValueError(f"latency_ms must not be negative, not {self.latency_ms}")
        if self.retry_after is not None and self.retry_after < 0:
            raise ValueError(f"retry_after must not be negative, not {self.retry_after}")

    @classmethod
    def parse(cls, spec: str) -> "Faults":
        """Read 'error_rate=0.3,reset_rate=0.1,latency_ms=200,retry_after=1' (any subset).

        Raises ValueError naming the bad part.
        """
        known = {field.name for field in fields(cls)}
        values: dict[str, float | int] = {}
        for part in spec.split(","):
            part = part.strip()
            if not part:
                continue
            name, sep, text = (piece.strip() for piece in part.partition("="))
            if not sep:
                raise ValueError(f"'{part}' should be name=value")
            if name not in known:
                raise ValueError(f"unknown fault '{name}'; known: {', '.join(sorted(known))}")
            if name in values:
                raise ValueError(f"'{name}' is given twice")
            values[name] = _number(name, text)
        retry_after = values.get("retry_after")
        return cls(
            error_rate=float(values.get("error_rate", 0.0)),
            reset_rate=float(values.get("reset_rate", 0.0)),
            latency_ms=int(values.get("latency_ms", 0)),
            retry_after=None if retry_after is None else int(retry_after),
        )

    @property
    def active(self) -> bool:
        return bool(self.error_rate or self.reset_rate or self.latency_ms)

    def describe(self) -> str:
        parts = [f"error_rate={self.error_rate:g}", f"reset_rate={self.reset_rate:g}"]
        parts.append(f"latency_ms={self.latency_ms}")
        if self.retry_after is not None:
            parts.append(f"retry_after={self.retry_after}")
        return ",".join(parts)

    def decide(self, rng: random.Random) -> FaultDecision:
        """What to do to one request. Pure apart from drawing from `rng`."""
        action = FaultAction.NONE
        if self.error_rate or self.reset_rate:
            draw = rng.random()
            if draw < self.error_rate:
                action = FaultAction.ERROR
            elif draw < self.error_rate + self.reset_rate / 2:
                action = FaultAction.RESET_BEFORE_STORE
            elif draw < self.error_rate + self.reset_rate:
                action = FaultAction.RESET_AFTER_STORE
        return FaultDecision(action=action, latency_ms=self.latency_ms)


def _number(name: str, text: str) -> float | int:
    if name.endswith("_rate"):
        try:
            rate = float(text)
        except ValueError:
            raise ValueError(f"{name} must be a number between 0 and 1, not '{text}'") from None
        if not math.isfinite(rate):
            raise ValueError(f"{name} must be a number between 0 and 1, not '{text}'")
        return rate
    try:
        return int(text)
    except ValueError:
        raise ValueError(f"{name} must be a whole number, not '{text}'") from None
