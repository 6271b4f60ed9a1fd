"""Celery for many machines: the app is built from Settings by a function (nothing read at import time), and its
one task carries a collection id, nothing else.

At-least-once, done once: `acks_late` keeps a message until its task returns, the broker's visibility timeout is
longer than the longest document, and the task only works on a collection it claimed in the database (an atomic
UPDATE ... WHERE status='queued'), so a redelivered or duplicated message finds nothing to do. A worker that dies
mid-document stops renewing its lease; a reconciler in every worker queues such collections again (jobs.reconcile).
"""

from __future__ import annotations

import logging
import os
import threading

from celery import Celery, Task

from fieldwise.jobs import worker
from fieldwise.jobs.dispatch import MAX_ATTEMPTS
from fieldwise.logs import collection_id_var
from fieldwise.settings import Settings
from fieldwise.store import collections, leases
from fieldwise.store.tables import Collection

log = logging.getLogger("fieldwise.celery")

TASK = "fieldwise.process_collection"
QUEUE = "fieldwise"


def make_celery(settings: Settings) -> Celery:
    app = Celery("fieldwise", broker=settings.redis_url, set_as_current=False)
    app.conf.update(
        task_serializer="json", accept_content=["json"], task_ignore_result=True,
        task_acks_late=True, task_reject_on_worker_lost=False, worker_prefetch_multiplier=1,
        task_default_queue=QUEUE, broker_connection_retry_on_startup=True, broker_connection_max_retries=None,
        broker_transport_options={
            "visibility_timeout": int(settings.document_timeout_s * 2 + settings.lease_s),
            "socket_timeout": 5, "socket_connect_timeout": 5,
        },
        broker_pool_limit=10, worker_hijack_root_logger=False, worker_cancel_long_running_tasks_on_connection_loss=False,
    )
    contexts: dict[int, worker.WorkerContext] = {}  # one per process: prefork children build their own

    @app.task(name=TASK, ignore_result=True, acks_late=True, bind=True, max_retries=None)
    def process_collection(task: Task, collection_id: str) -> str:
        ctx = contexts.get(os.getpid())
        if ctx is None:
            ctx = contexts[os.getpid()] = worker.WorkerContext.from_settings(settings)
        try:
            return run_claimed(ctx, collection_id)
        except Interrupted as exc:
            log.warning("collection %s: %r; giving it back to the queue", collection_id, exc.__cause__)
            try:
                with ctx.db.session() as session:
                    released = leases.release(session, collection_id)
            except worker.INFRASTRUCTURE:
                return "interrupted"  # still unreachable: its lease lapses and the reconciler queues it again
            if released:
                raise task.retry(countdown=1) from exc
            return "interrupted"
        except worker.INFRASTRUCTURE as exc:  # before the claim: nothing of ours to give back
            log.warning("collection %s: %r before its claim; retrying", collection_id, exc)
            raise task.retry(countdown=1) from exc

    return app


class Interrupted(Exception):
    """The machinery failed while this worker held the claim (raised from the infrastructure error)."""


class _Heartbeat(threading.Thread):
    """Renews the lease on one collection every lease/3 seconds while its document is processed."""

    def __init__(self, ctx: worker.WorkerContext, collection_id: str) -> None:
        super().__init__(name=f"heartbeat-{collection_id}", daemon=True)
        self.ctx, self.collection_id = ctx, collection_id
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(self.ctx.settings.lease_s / 3):
            try:
                with self.ctx.db.session() as session:
                    if not leases.heartbeat(session, self.collection_id):
                        return
            except Exception:  # the database may be away for a moment; the next beat retries
                log.warning("heartbeat for %s failed", self.collection_id, exc_info=True)


def run_claimed(ctx: worker.WorkerContext, collection_id: str) -> str:
    """Claim, process and record one collection; 'skipped' if it was not there to claim."""
    token = collection_id_var.set(collection_id)
    try:
        return _run_claimed(ctx, collection_id)
    finally:
        collection_id_var.reset(token)


def _run_claimed(ctx: worker.WorkerContext, collection_id: str) -> str:
    with ctx.db.session() as session:
        if not collections.claim(session, collection_id):
            return "skipped"
        claimed = session.get(Collection, collection_id)
        attempts = claimed.attempts if claimed is not None else 0
        if attempts > MAX_ATTEMPTS:
            collections.finish(session, collection_id, "error",
                               error=f"the document crashed its worker {attempts - 1} times")
            return "error"
    heartbeat = _Heartbeat(ctx, collection_id)
    heartbeat.start()
    try:
        status = worker.run_collection(ctx, collection_id)
    except worker.INFRASTRUCTURE as exc:
        raise Interrupted(collection_id) from exc
    finally:
        heartbeat.stopped.set()
    log.info("collection %s: %s", collection_id, status)
    return status
