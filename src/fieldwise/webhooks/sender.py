"""The background sender: a thread in the server process that sends due webhook deliveries.

Everything it knows is in the database (the outbox rows that `collections.finish` writes), so a server that
restarts picks up where it stopped: a pending delivery is sent at its next due time, with the same message id.
Attempts run on a small thread pool so that one slow receiver (up to the 10 s timeout) does not hold up others.
"""

from __future__ import annotations

import logging
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import timedelta
from urllib.parse import urlsplit

import httpx

from fieldwise.settings import Settings
from fieldwise.store import deliveries
from fieldwise.store.db import Database
from fieldwise.store.tables import utcnow
from fieldwise.webhooks import signing
from fieldwise.webhooks.schedule import RetrySchedule
from fieldwise.webhooks.targets import resolves_private
from fieldwise.webhooks.transport import public_only_transport

log = logging.getLogger("fieldwise.webhooks")

CONCURRENCY = 4


def refused_target(url: str, allow_private: bool) -> str | None:
    """Why this URL may not be sent to now, or None. The address is checked again at every attempt, since what a
    name resolves to can change after the webhook was registered."""
    parts = urlsplit(url)
    if allow_private:
        return None
    private = resolves_private(parts.hostname or "", parts.port or 443)
    if private is None:
        return f"the host {parts.hostname!r} does not resolve"
    if private:
        return "the target resolves to a private, loopback or link-local address; refused"
    if parts.scheme != "https":
        return "only https:// targets are allowed"
    return None


class WebhookSender:
    def __init__(self, settings: Settings, db: Database, transport: httpx.BaseTransport | None = None) -> None:
        self.settings, self.db = settings, db
        self.schedule = RetrySchedule(settings.webhook_retry_base_s, settings.webhook_retry_max_s,
                                      settings.webhook_max_attempts)
        self.lease = timedelta(seconds=settings.webhook_timeout_s * 3 + 30)
        if transport is None and not settings.webhook_allow_private:
            transport = public_only_transport()
        self._client = httpx.Client(timeout=settings.webhook_timeout_s, follow_redirects=False, transport=transport,
                                    trust_env=False)  # no proxy from the environment: it would bypass the guard
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._inflight: dict[str, Future[None]] = {}
        self._pool = ThreadPoolExecutor(max_workers=CONCURRENCY, thread_name_prefix="fieldwise-webhook")
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, name="fieldwise-webhook-sender", daemon=True)
        self._thread.start()

    def notify(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        self._stopping.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._pool.shutdown(wait=False, cancel_futures=True)
        self._client.close()

    def _loop(self) -> None:
        while not self._stopping.is_set():
            self._wake.clear()
            try:
                self._fill()
            except Exception:  # a database hiccup must not end the sender; the next pass retries
                log.exception("webhook sender pass failed")
            self._wake.wait(self.settings.webhook_poll_s)

    def _fill(self) -> None:
        for delivery_id, future in list(self._inflight.items()):
            if future.done():
                del self._inflight[delivery_id]
        free = CONCURRENCY - len(self._inflight)
        if free <= 0:
            return
        now = utcnow()
        with self.db.session() as session:
            due = deliveries.due_ids(session, now, free, set(self._inflight))
        for delivery_id in due:
            with self.db.session() as session:
                job = deliveries.claim(session, delivery_id, now, self.lease)
            if job is None:
                continue
            future = self._pool.submit(self.attempt, job)
            future.add_done_callback(lambda _f: self._wake.set())
            self._inflight[delivery_id] = future

    def attempt(self, job: deliveries.Job) -> None:
        """One attempt at one delivery, recorded whatever happens."""
        started, at = time.monotonic(), utcnow()
        status_code: int | None = None
        error = refused_target(job.url, self.settings.webhook_allow_private)
        if error is None:
            body = job.body.encode()
            headers = signing.headers(job.secret, job.delivery_id, int(time.time()), body)
            try:
                response = self._client.post(job.url, content=body, headers=headers)
                status_code = response.status_code
                if not 200 <= status_code < 300:
                    error = f"HTTP {status_code}"
            except httpx.TimeoutException:
                error = f"timed out after {self.settings.webhook_timeout_s:g} s"
            except httpx.HTTPError as exc:
                error = f"{type(exc).__name__}: {exc}"[:500]
        latency_ms = int((time.monotonic() - started) * 1000)
        delay = None if error is None else self.schedule.delay(job.attempts + 1)
        next_at = utcnow() + timedelta(seconds=delay) if delay is not None else None
        try:
            with self.db.session() as session:
                status = deliveries.record_attempt(session, job.delivery_id, at=at, status_code=status_code,
                                                   latency_ms=latency_ms, error=error, next_attempt_at=next_at)
        except Exception:  # the lease runs out and the attempt is made again: at least once, never lost
            log.exception("could not record an attempt of delivery %s", job.delivery_id)
            return
        if error is not None:
            log.info("delivery %s attempt %d failed (%s); now %s", job.delivery_id, job.attempts + 1, error, status)
