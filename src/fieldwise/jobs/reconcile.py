"""The reconciler: makes the queue agree with the database again after something was lost.

Every `reconcile_interval_s` one reconciler (a Redis lock picks which, among all workers):
  1. queues again the collections whose worker stopped renewing its lease (a SIGKILLed or vanished worker), except
     those that started longer ago than the hard time limit: their worker ended itself on that limit (jobs.worker),
     so they end in error with the time limit as the reason instead of running again;
  2. when the broker's queue is empty yet the database still holds queued collections that nobody touched for a
     lease, sends their ids again: their messages were lost (a Redis restart, an API killed between its commit and
     its send). A duplicate message is harmless: the task only works on what it can claim.
"""

from __future__ import annotations

import logging
import os
import threading
from typing import Callable

import redis

from fieldwise.store import leases
from fieldwise.store.db import Database

log = logging.getLogger("fieldwise.reconcile")

LOCK_KEY = "fieldwise:reconciler"


class Reconciler:
    def __init__(self, db: Database, client: redis.Redis, send: Callable[[str], None], queue: str,
                 lease_s: float, interval_s: float, deadline_s: float | None = None,
                 deadline_reason: str = "the document took longer than the time limit") -> None:
        self.db, self.client, self.send, self.queue = db, client, send, queue
        self.lease_s, self.interval_s = lease_s, interval_s
        self.deadline_s, self.deadline_reason = deadline_s, deadline_reason
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def queue_depth(self) -> int:
        return int(self.client.llen(self.queue))

    def pass_once(self) -> tuple[int, int]:
        """One reconciliation; returns (stale in-progress requeued, lost messages resent)."""
        token = f"{os.getpid()}"
        if not self.client.set(LOCK_KEY, token, nx=True, px=max(1, int(self.interval_s * 900))):
            return 0, 0  # another worker's reconciler has this round
        if self.deadline_s is not None:
            with self.db.session() as session:
                overdue = leases.end_overdue(session, self.lease_s, self.deadline_s, self.deadline_reason)
            if overdue:
                log.warning("ended %d collection(s) past the time limit whose worker is gone", len(overdue))
        with self.db.session() as session:
            stale = leases.requeue_stale(session, self.lease_s)
        resend: list[str] = []
        if self.queue_depth() == 0:
            with self.db.session() as session:
                resend = leases.unsent_queued(session, self.lease_s)
        for collection_id in [*stale, *resend]:
            self.send(collection_id)
        if stale or resend:
            log.warning("reconciled: %d stale in-progress requeued, %d lost messages resent", len(stale),
                        len(resend))
        return len(stale), len(resend)

    def _loop(self) -> None:
        while not self._stopping.wait(self.interval_s):
            try:
                self.pass_once()
            except Exception as exc:  # Redis or the database away for a while: try again next round
                log.warning("reconciler pass failed: %r", exc)

    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, name="fieldwise-reconciler", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
