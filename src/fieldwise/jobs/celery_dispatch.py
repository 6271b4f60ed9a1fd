"""CeleryDispatcher: what an API process does with new work when workers run elsewhere. It only sends ids.

A send that fails (Redis away) does not fail the request: the collection is committed as queued, and the
reconciler in the workers sends it again once the broker is back."""

from __future__ import annotations

import logging

import redis

from fieldwise.jobs.celery_app import QUEUE, TASK, make_celery
from fieldwise.settings import Settings

log = logging.getLogger("fieldwise.dispatch")

_PUBLISH_RETRY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5}


class CeleryDispatcher:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.app = make_celery(settings)
        self.redis = redis.Redis.from_url(settings.redis_url, socket_timeout=2, socket_connect_timeout=2)

    def start(self) -> None:
        pass  # workers are separate processes (`fieldwise worker`)

    def stop(self) -> None:
        self.app.pool.force_close_all()
        self.redis.close()

    def notify(self, collection_id: str | None = None) -> None:
        if collection_id is None:
            return
        self.send(collection_id)

    def send(self, collection_id: str) -> None:
        try:
            self.app.send_task(TASK, args=[collection_id], queue=QUEUE, retry=True, retry_policy=_PUBLISH_RETRY)
        except Exception as exc:  # the row is the truth: the reconciler will send it later
            log.warning("could not queue %s now (%r); the reconciler will", collection_id, exc)

    def queue_depth(self) -> int:
        return int(self.redis.llen(QUEUE))

    def check(self) -> None:
        self.redis.ping()
