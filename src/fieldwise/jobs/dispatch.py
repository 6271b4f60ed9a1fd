"""Dispatchers run queued collections. The database row is the queue's truth; a dispatcher only moves ids.

    Dispatcher (protocol)        start(), stop(), notify(collection_id), check()
    ├── InProcessDispatcher      a pool of worker processes inside the server (the embedded default)
    └── CeleryDispatcher         sends ids to Celery workers on other machines (jobs.celery_dispatch)

`open_dispatcher(settings, db)` picks one by `settings.queue` from DISPATCHERS.
"""

from __future__ import annotations

import logging
import multiprocessing
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Callable, Protocol

from fieldwise.jobs import worker
from fieldwise.settings import Settings
from fieldwise.store import collections
from fieldwise.store.db import Database
from fieldwise.store.tables import Collection

log = logging.getLogger("fieldwise.dispatch")

MAX_ATTEMPTS = 3  # a document that crashes its worker process this many times ends in error


class Dispatcher(Protocol):
    def start(self) -> None: ...

    def stop(self) -> None: ...

    def notify(self, collection_id: str | None = None) -> None:
        """New work was queued (committed as queued first): start it now rather than at the next poll."""

    def check(self) -> None:
        """Raise if work cannot be dispatched now (readiness)."""


_context: worker.WorkerContext | None = None


def _init_process(settings: Settings) -> None:
    global _context
    _context = worker.WorkerContext.from_settings(settings)


def _run_in_process(collection_id: str) -> str:
    assert _context is not None, "worker process not initialised"
    return worker.run_collection(_context, collection_id)


class InProcessDispatcher:
    """Claims queued collections and runs them on a pool of `settings.workers` processes.

    On start, collections left in_progress by a server that died are queued again, so a crash loses no work.
    """

    def __init__(self, settings: Settings, db: Database, poll_interval: float = 1.0) -> None:
        self.settings, self.db, self.poll_interval = settings, db, poll_interval
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._inflight: dict[str, Future[str]] = {}
        self._pool: ProcessPoolExecutor | None = None
        self._thread: threading.Thread | None = None

    def _new_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=self.settings.workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_init_process,
            initargs=(self.settings,),
        )

    def start(self) -> None:
        with self.db.session() as session:
            requeued = collections.requeue_interrupted(session)
        if requeued:
            log.info("requeued %d interrupted collection(s)", requeued)
        self._pool = self._new_pool()
        self._thread = threading.Thread(target=self._loop, name="fieldwise-dispatcher", daemon=True)
        self._thread.start()

    def notify(self, collection_id: str | None = None) -> None:
        self._wake.set()

    def check(self) -> None:
        if self._thread is not None and not self._thread.is_alive():
            raise RuntimeError("the dispatcher thread stopped")

    def stop(self) -> None:
        self._stopping.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
        for child in multiprocessing.active_children():  # no worker may outlive the server
            child.terminate()

    def _restart_pool(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
        if not self._stopping.is_set():  # a pool broken by the server's own shutdown is not replaced
            self._pool = self._new_pool()

    def _loop(self) -> None:
        while not self._stopping.is_set():
            self._wake.clear()  # before the pass, so a notify that arrives during it is not lost
            try:
                self._reap()
                self._fill()
            except Exception:  # the loop must survive a database hiccup; the next pass retries
                log.exception("dispatcher pass failed")
            self._wake.wait(self.poll_interval)

    def _fill(self) -> None:
        free = self.settings.workers - len(self._inflight)
        if free <= 0 or self._pool is None:
            return
        with self.db.session() as session:
            candidates = collections.queued_ids(session, free, exclude=set(self._inflight))
        for collection_id in candidates:
            with self.db.session() as session:
                if not collections.claim(session, collection_id):
                    continue
            try:
                future = self._pool.submit(_run_in_process, collection_id)
            except BrokenProcessPool as exc:  # the pool died while idle: give the work back, start a new pool
                self._retry_or_fail(collection_id, exc)
                self._restart_pool()
                return
            future.add_done_callback(lambda _f: self._wake.set())
            self._inflight[collection_id] = future

    def _reap(self) -> None:
        broken = False
        for collection_id, future in list(self._inflight.items()):
            if not future.done():
                continue
            del self._inflight[collection_id]
            exc = future.exception()
            if exc is None:
                continue
            broken = broken or isinstance(exc, BrokenProcessPool)
            self._retry_or_fail(collection_id, exc)
        if broken:
            log.warning("a worker process died; starting a new pool")
            for collection_id in list(self._inflight):  # their futures died with the pool
                self._retry_or_fail(collection_id, BrokenProcessPool())
            self._inflight.clear()
            self._restart_pool()

    def _retry_or_fail(self, collection_id: str, exc: BaseException) -> None:
        log.error("collection %s: worker failed: %r", collection_id, exc)
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
