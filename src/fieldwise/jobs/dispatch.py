"""Dispatchers run queued collections. The database row is the queue's truth; a dispatcher only moves ids.

    Dispatcher (protocol)        start(), stop(), notify(collection_id), check()
    ├── InProcessDispatcher      worker processes inside the server, each watched on its own (jobs.slots)
    └── CeleryDispatcher         sends ids to Celery workers on other machines (jobs.celery_dispatch)

`open_dispatcher(settings, db)` picks one by `settings.queue` from DISPATCHERS.
"""

from __future__ import annotations

import logging
import multiprocessing
import multiprocessing.connection
import threading
import time
from typing import Any, Callable, Protocol

from fieldwise.documents.limits import time_limit_reason
from fieldwise.jobs import memory_limit, worker
from fieldwise.jobs.pages import PageHelpers
from fieldwise.jobs.slots import Slot
from fieldwise.settings import Settings
from fieldwise.store import collections, leases
from fieldwise.store.db import Database
from fieldwise.store.tables import Collection

log = logging.getLogger("fieldwise.dispatch")

MAX_ATTEMPTS = 3  # a document that crashes its worker process this many times ends in error
WITHDRAWN_GRACE_S = 2.0  # a withdrawn run's worker gets this long to stop by itself before it is killed


class Dispatcher(Protocol):
    def start(self) -> None: ...

    def stop(self) -> None: ...

    def notify(self, collection_id: str | None = None) -> None:
        """New work was queued (committed as queued first): start it now rather than at the next poll."""

    def check(self) -> None:
        """Raise if work cannot be dispatched now (readiness)."""


class InProcessDispatcher:
    """Claims queued collections and runs them on `settings.workers` worker processes (jobs.slots), one
    collection at a time each.

    Each process is watched on its own, so what happens to one document touches no other: a process that dies
    (the OOM killer, a crash in a library) charges an attempt to its own document only and is replaced; one whose
    document passed its time limit is killed and the document ends with that reason; one whose collection was
    deleted or cancelled meanwhile is killed if it has not stopped by itself. On start, collections left
    in_progress by a server that died are queued again, so a crash loses no work.
    """

    def __init__(self, settings: Settings, db: Database, poll_interval: float = 1.0) -> None:
        self.settings, self.db, self.poll_interval = settings, db, poll_interval
        self._stopping = threading.Event()
        self._wake = threading.Event()
        self._wake_r, self._wake_w = multiprocessing.Pipe(duplex=False)
        self._wake_lock = threading.Lock()
        self._slots: list[Slot] = []
        self._helpers = PageHelpers(settings.workers) if settings.workers > 1 else None
        self._withdrawn_since: dict[str, float] = {}
        self._next_withdrawn_check = 0.0
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        with self.db.session() as session:
            requeued = collections.requeue_interrupted(session)
        if requeued:
            log.info("requeued %d interrupted collection(s)", requeued)
        self._thread = threading.Thread(target=self._loop, name="fieldwise-dispatcher", daemon=True)
        self._thread.start()

    def notify(self, collection_id: str | None = None) -> None:
        with self._wake_lock:
            if not self._wake.is_set():
                self._wake.set()
                self._wake_w.send_bytes(b"")

    def check(self) -> None:
        if self._thread is not None and not self._thread.is_alive():
            raise RuntimeError("the dispatcher thread stopped")

    def stop(self) -> None:
        self._stopping.set()
        self.notify()
        if self._thread is not None:
            self._thread.join(timeout=10)
        for slot in self._slots:  # no worker may outlive the server
            slot.kill()
        if self._helpers is not None:
            self._helpers.close()

    @property
    def inflight(self) -> dict[str, Slot]:
        return {slot.collection_id: slot for slot in self._slots if slot.collection_id is not None}

    def _loop(self) -> None:
        # the processes are started from this thread, which lives as long as the dispatcher: their parent-death
        # signal (jobs.slots) fires when it ends, so none outlives a server killed with SIGKILL
        self._slots = [Slot(self.settings, self._helpers, index) for index in range(self.settings.workers)]
        while not self._stopping.is_set():
            try:
                self._reap()
                self._fill()
            except Exception:  # the loop must survive a database hiccup; the next pass retries
                log.exception("dispatcher pass failed")
            self._sleep()
        for slot in self._slots:
            slot.kill()

    def _sleep(self) -> None:
        ready: list[Any] = [self._wake_r, *(s.conn for s in self._slots if s.busy),
                            *(s.sentinel for s in self._slots)]
        multiprocessing.connection.wait(ready, self.poll_interval)
        with self._wake_lock:
            self._wake.clear()
            while self._wake_r.poll():
                self._wake_r.recv_bytes()

    def _fill(self) -> None:
        free = [slot for slot in self._slots if not slot.busy]
        if not free:
            return
        with self.db.session() as session:
            candidates = collections.queued_ids(session, len(free), exclude=set(self.inflight))
        for collection_id in candidates:
            with self.db.session() as session:
                if not collections.claim(session, collection_id):
                    continue
            slot = free.pop()
            try:
                slot.run(collection_id)
            except (OSError, EOFError):  # the process died while idle: give the work back uncharged, replace it
                slot.kill()
                with self.db.session() as session:
                    leases.release(session, collection_id)
                self._replace(slot)

    def _reap(self) -> None:
        now = time.monotonic()
        for slot in list(self._slots):
            collection_id = slot.collection_id
            if collection_id is None:  # idle
                if not slot.alive:
                    self._replace(slot)  # died while idle: nothing to charge
                continue
            try:
                outcome = slot.outcome()
            except (EOFError, OSError):
                outcome = None
            if outcome is not None:
                kind, detail = outcome
                slot.done()
                if kind == "failed":  # the machinery (database, storage) failed: retry it
                    self._retry_or_fail(collection_id, detail)
                continue
            if not slot.alive:
                log.warning("collection %s: its worker process died (exit code %s)", collection_id, slot.exitcode)
                self._ended_by_death(collection_id, now - slot.started, slot.exitcode)
                self._replace(slot)
            elif now - slot.started > worker.hard_deadline_s(self.settings):
                log.warning("collection %s: past its time limit; ending its worker process", collection_id)
                slot.kill()
                self._finish(collection_id, time_limit_reason(self.settings.document_timeout_s))
                self._replace(slot)
        self._stop_withdrawn(now)

    def _stop_withdrawn(self, now: float) -> None:
        """A collection deleted or cancelled mid-run: its worker notices between pages; one that has not stopped
        a couple of seconds later (stuck inside a library call) is killed."""
        if now < self._next_withdrawn_check:
            return
        self._next_withdrawn_check = now + 0.5
        running = self.inflight
        if not running:
            self._withdrawn_since.clear()
            return
        with self.db.session() as session:
            still = collections.in_progress_among(session, list(running))
        self._withdrawn_since = {cid: self._withdrawn_since.get(cid, now) for cid in running if cid not in still}
        for collection_id, since in self._withdrawn_since.items():
            if now - since >= WITHDRAWN_GRACE_S:
                log.info("collection %s was withdrawn; ending its worker process", collection_id)
                slot = running[collection_id]
                slot.kill()
                self._replace(slot)

    def _replace(self, slot: Slot) -> None:
        slot.kill()
        index = self._slots.index(slot)
        if not self._stopping.is_set():  # a process killed by the server's own shutdown is not replaced
            self._slots[index] = Slot(self.settings, self._helpers, slot.index)

    def _ended_by_death(self, collection_id: str, elapsed: float, exitcode: int | None) -> None:
        if exitcode == memory_limit.EXIT_CODE:  # its memory watch ended it (and, as a rule, recorded why)
            self._finish(collection_id, memory_limit.reason(self.settings.worker_memory_mb))
        elif elapsed >= self.settings.document_timeout_s:  # its own watchdog ended it (jobs.worker)
            self._finish(collection_id, time_limit_reason(self.settings.document_timeout_s))
        else:
            self._retry_or_fail(collection_id, "its worker process died")

    def _finish(self, collection_id: str, reason: str) -> None:
        with self.db.session() as session:
            collections.finish(session, collection_id, "error", error=reason)

    def _retry_or_fail(self, collection_id: str, why: str) -> None:
        log.error("collection %s: worker failed: %s", collection_id, why)
        with self.db.session() as session:
            collection = session.get(Collection, collection_id)
            if collection is None or collection.status != "in_progress":
                return
            if collection.attempts >= MAX_ATTEMPTS:
                collections.finish(session, collection_id, "error",
                                   error=f"the document crashed its worker {collection.attempts} times")
            else:
                collections.enqueue(session, collection)


def _celery(settings: Settings, _db: Database) -> Any:
    from fieldwise.jobs.celery_dispatch import CeleryDispatcher

    return CeleryDispatcher(settings)


# settings.queue -> dispatcher. The one place a new queue is added.
DISPATCHERS: dict[str, Callable[[Settings, Database], Dispatcher]] = {
    "inprocess": InProcessDispatcher,
    "celery": _celery,
}


def open_dispatcher(settings: Settings, db: Database) -> Dispatcher:
    if settings.queue not in DISPATCHERS:
        raise ValueError(f"unknown queue {settings.queue!r}; use one of {sorted(DISPATCHERS)}")
    return DISPATCHERS[settings.queue](settings, db)
