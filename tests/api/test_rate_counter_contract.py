"""One contract for every RateCounter: in memory (one process) and Redis (shared by every API process)."""

from __future__ import annotations

import time
import uuid
from typing import Iterator

import pytest
import redis

from fieldwise.api.ratecounters import RATE_COUNTERS, RedisRateCounter, open_rate_counter
from fieldwise.api.ratelimit import MemoryRateCounter, RateCounter
from fieldwise.settings import Settings


@pytest.fixture(params=sorted(RATE_COUNTERS))
def counter(request: pytest.FixtureRequest) -> Iterator[RateCounter]:
    if request.param == "inprocess":
        yield MemoryRateCounter()
        return
    yield RedisRateCounter.from_url(request.getfixturevalue("stack").redis.url)


def _key() -> str:
    return f"org-{uuid.uuid4().hex}:general"


def test_counts_hits_in_a_window(counter: RateCounter) -> None:
    key = _key()
    seen = [counter.hit(key, 60) for _ in range(5)]
    assert [count for count, _ in seen] == [1, 2, 3, 4, 5]
    assert all(0 < reset <= 60 for _, reset in seen)
    assert seen[-1][1] <= seen[0][1]


def test_keys_are_counted_apart(counter: RateCounter) -> None:
    a, b = _key(), _key()
    counter.hit(a, 60)
    counter.hit(a, 60)
    assert counter.hit(b, 60)[0] == 1


def test_window_opens_with_first_hit_and_resets_after_it(counter: RateCounter) -> None:
    key = _key()
    assert counter.hit(key, 1)[0] == 1
    assert counter.hit(key, 1)[0] == 2
    time.sleep(1.2)
    count, reset = counter.hit(key, 1)
    assert count == 1 and 0 < reset <= 1


def test_redis_counter_is_shared_between_instances(stack) -> None:  # noqa: ANN001
    key = _key()
    first, second = RedisRateCounter.from_url(stack.redis.url), RedisRateCounter.from_url(stack.redis.url)
    first.hit(key, 60)
    assert second.hit(key, 60)[0] == 2


def test_redis_outage_lets_requests_through() -> None:
    down = RedisRateCounter(redis.Redis(host="127.0.0.1", port=1, socket_connect_timeout=0.5))
    count, reset = down.hit(_key(), 60)
    assert count == 0 and reset == 60


def test_queue_setting_picks_the_counter() -> None:
    assert isinstance(open_rate_counter(Settings(queue="inprocess")), MemoryRateCounter)
    assert isinstance(open_rate_counter(Settings(queue="celery", redis_url="redis://127.0.0.1:1/0")),
                      RedisRateCounter)
    with pytest.raises(ValueError):
        open_rate_counter(Settings(queue="carrier-pigeon"))
