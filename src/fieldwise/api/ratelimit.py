"""Per-organization rate limits: one-minute windows, two tiers (submissions and everything else). A key's window
opens with its first request and lasts a minute, so a burst is never split by a clock boundary.

    RateCounter (protocol)      hit(key, window_s) -> (count in window, seconds until it resets)
    └── MemoryRateCounter       one process (the embedded default)
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass
from typing import Protocol

from fieldwise.errors import RateLimited

WINDOW_S = 60


class RateCounter(Protocol):
    def hit(self, key: str, window_s: int) -> tuple[int, float]: ...


class MemoryRateCounter:
    def __init__(self, clock=time.monotonic) -> None:  # noqa: ANN001
        self._clock = clock
        self._lock = threading.Lock()
        self._windows: dict[str, tuple[float, int]] = {}  # key -> (window start, count)

    def hit(self, key: str, window_s: int) -> tuple[int, float]:
        now = self._clock()
        with self._lock:
            start, count = self._windows.get(key, (now, 0))
            if now - start >= window_s:
                start, count = now, 0
            count += 1
            self._windows[key] = (start, count)
            if len(self._windows) > 10_000:  # forget expired windows now and then
                self._windows = {k: v for k, v in self._windows.items() if now - v[0] < window_s}
        return count, start + window_s - now


@dataclass(frozen=True, slots=True)
class Quota:
    limit: int
    remaining: int
    reset: int

    def headers(self) -> dict[str, str]:
        return {
            "x-ratelimit-limit": str(self.limit),
            "x-ratelimit-remaining": str(self.remaining),
            "x-ratelimit-reset": str(self.reset),
        }


class RateLimiter:
    def __init__(self, counter: RateCounter, submissions: int, general: int) -> None:
        self.counter, self.limits = counter, {"submission": submissions, "general": general}

    def check(self, org_id: str, tier: str) -> Quota:
        """Count one request; RateLimited (with Retry-After) once the tier's limit is spent."""
        limit = self.limits[tier]
        count, reset_in = self.counter.hit(f"{org_id}:{tier}", WINDOW_S)
        reset = max(1, math.ceil(reset_in))
        quota = Quota(limit, max(0, limit - count), reset)
        if count > limit:
            raise RateLimited(f"{tier} rate limit of {limit} requests a minute exceeded; retry in {reset} s",
                              retry_after=reset, headers=quota.headers())
        return quota
