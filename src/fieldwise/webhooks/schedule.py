"""When to try a failed delivery again: exponential backoff with jitter, capped, for a bounded number of attempts.

With the defaults (first retry after 60 s, x3 each time, at most 12 h apart, 9 attempts) a receiver that stays
down is tried for about 30 hours before its delivery is marked failed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

FACTOR = 3.0
JITTER = 0.1  # each wait is stretched by up to 10 %, never shortened, so the total span is a floor


@dataclass(frozen=True)
class RetrySchedule:
    base_s: float = 60.0
    max_s: float = 43_200.0
    max_attempts: int = 9
    rng: random.Random = field(default_factory=random.Random, compare=False)

    def delay(self, attempts_made: int) -> float | None:
        """Seconds to wait after `attempts_made` failed attempts, or None when no attempt is left."""
        if attempts_made >= self.max_attempts:
            return None
        plain = min(self.base_s * FACTOR ** (attempts_made - 1), self.max_s)
        return plain * (1 + JITTER * self.rng.random())

    def minimum_span(self) -> float:
        """The shortest time from the first to the last attempt (jitter only adds to it)."""
        return sum(min(self.base_s * FACTOR ** (n - 1), self.max_s) for n in range(1, self.max_attempts))
