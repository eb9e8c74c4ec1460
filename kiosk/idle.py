"""Session privacy by the clock: after a quiet spell, ask "Do you need more time?", then wipe.

A pure state machine over an injected clock; the screen asks it each second what to show.
"""

from collections.abc import Callable
from datetime import datetime
from enum import StrEnum


class IdleState(StrEnum):
    ACTIVE = "active"
    ASKING = "asking"  # "Do you need more time?" with a countdown
    EXPIRED = "expired"  # wipe everything and go home


class IdleTimer:
    def __init__(
        self,
        clock: Callable[[], datetime],
        timeout_s: float = 90.0,
        more_time_s: float = 30.0,
    ) -> None:
        self._clock = clock
        self.timeout_s = timeout_s
        self.more_time_s = more_time_s
        self.factor = 1.0  # access modes give people more time (see set_factor)
        self._last_touch = clock()

    def touch(self) -> None:
        """The citizen did something: start the quiet spell again."""
        self._last_touch = self._clock()

    def set_factor(self, factor: float) -> None:
        self.factor = factor

    def _quiet_s(self) -> float:
        return (self._clock() - self._last_touch).total_seconds()

    @property
    def state(self) -> IdleState:
        quiet = self._quiet_s()
        limit = self.timeout_s * self.factor
        if quiet < limit:
            return IdleState.ACTIVE
        if quiet < limit + self.more_time_s * self.factor:
            return IdleState.ASKING
        return IdleState.EXPIRED

    @property
    def seconds_left(self) -> int:
        """Whole seconds left on the "more time?" countdown (0 once expired)."""
        limit = (self.timeout_s + self.more_time_s) * self.factor
        return max(0, int(limit - self._quiet_s() + 0.999))
