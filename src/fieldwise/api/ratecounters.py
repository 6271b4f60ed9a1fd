"""Rate-limit counters shared by every API process: one Redis key per (organization, tier) window.

The first hit of a window creates the key with the window as its expiry, so, as with MemoryRateCounter, a window
opens with its first request. A Redis outage does not take the API down: the request is let through and the
outage logged (a limiter that fails closed would turn a cache hiccup into a full outage)."""

from __future__ import annotations

import logging
from typing import Any, Callable

import redis

from fieldwise.api.ratelimit import MemoryRateCounter, RateCounter

log = logging.getLogger("fieldwise.ratelimit")

# INCR, set the expiry only on the window's first hit, and read what is left: one atomic round trip
_HIT = """
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {count, ttl}
"""


class RedisRateCounter:
    def __init__(self, client: redis.Redis, prefix: str = "fieldwise:rate:") -> None:
        self.client, self.prefix = client, prefix
        self._script = client.register_script(_HIT)

    @classmethod
    def from_url(cls, url: str) -> "RedisRateCounter":
        return cls(redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2, health_check_interval=30))

    def hit(self, key: str, window_s: int) -> tuple[int, float]:
        try:
            count, ttl_ms = self._script(keys=[self.prefix + key], args=[int(window_s * 1000)])
        except redis.RedisError as exc:
            log.warning("rate counter unavailable, letting the request through: %r", exc)
            return 0, float(window_s)
        return int(count), int(ttl_ms) / 1000


# settings.queue -> counter: with Celery there are many API processes, so they count in the shared Redis
RATE_COUNTERS: dict[str, Callable[[Any], RateCounter]] = {
    "inprocess": lambda _settings: MemoryRateCounter(),
    "celery": lambda settings: RedisRateCounter.from_url(settings.redis_url),
}


def open_rate_counter(settings: Any) -> RateCounter:
    if settings.queue not in RATE_COUNTERS:
        raise ValueError(f"unknown queue {settings.queue!r}; use one of {sorted(RATE_COUNTERS)}")
    return RATE_COUNTERS[settings.queue](settings)
