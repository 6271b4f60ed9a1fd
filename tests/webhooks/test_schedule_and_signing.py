"""The retry schedule spans at least a day over at least 8 attempts; our signature is the Standard Webhooks one."""

from __future__ import annotations

import json
import random
import time

import pytest
from standardwebhooks.webhooks import Webhook as StandardWebhook

from fieldwise.settings import Settings
from fieldwise.webhooks import signing
from fieldwise.webhooks.schedule import RetrySchedule
from fieldwise.webhooks.sender import refused_target


def test_default_schedule_retries_for_more_than_a_day() -> None:
    settings = Settings()
    schedule = RetrySchedule(settings.webhook_retry_base_s, settings.webhook_retry_max_s,
                             settings.webhook_max_attempts, rng=random.Random(7))
    assert schedule.max_attempts >= 8
    assert schedule.minimum_span() >= 24 * 3600
    waits = [schedule.delay(n) for n in range(1, schedule.max_attempts)]
    assert all(w is not None for w in waits) and schedule.delay(schedule.max_attempts) is None
    assert waits == sorted(waits) or waits[-1] <= settings.webhook_retry_max_s * 1.1  # grows, then capped
    assert sum(waits) >= schedule.minimum_span()  # jitter only ever lengthens a wait
    plain = [min(60 * 3 ** (n - 1), 43_200) for n in range(1, schedule.max_attempts)]
    assert all(p <= w <= p * 1.1 for p, w in zip(plain, waits))
    assert len({round(w / p, 6) for p, w in zip(plain, waits)}) > 1  # jittered, not lockstep


def test_signature_verifies_with_the_standardwebhooks_library() -> None:
    secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    body = json.dumps({"event": "extraction.completed", "data": {"extraction_id": "c1"}}).encode()
    now = int(time.time())
    headers = signing.headers(secret, "msg_1", now, body)
    assert StandardWebhook(secret).verify(body, headers) == json.loads(body)
    tampered = dict(headers, **{"webhook-id": "msg_2"})
    with pytest.raises(Exception):
        StandardWebhook(secret).verify(body, tampered)


@pytest.mark.parametrize("url", ["https://127.0.0.1/h", "https://[::1]/h", "https://10.1.2.3/h",
                                 "https://169.254.169.254/latest", "https://localhost/h", "http://example.test/h"])
def test_delivery_refuses_private_targets_when_not_allowed(url: str) -> None:
    assert refused_target(url, allow_private=False) is not None
    assert refused_target(url, allow_private=True) is None
