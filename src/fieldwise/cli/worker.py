"""`fieldwise worker`: a Celery worker for many machines (FIELDWISE_QUEUE=celery), with its reconciler."""

from __future__ import annotations

import logging
import os
import socket

import typer

from fieldwise.settings import Settings


def register(app: typer.Typer) -> None:
    @app.command("worker")
    def worker(
        concurrency: int = typer.Option(0, help="documents at once in this worker (default FIELDWISE_WORKERS)"),
    ) -> None:
        """Process queued documents from Redis; run one or more per machine, next to any number of API servers.

        Example: FIELDWISE_QUEUE=celery FIELDWISE_DATABASE_URL=postgresql+psycopg://... \\
                 FIELDWISE_STORAGE_URL=s3://bucket/files fieldwise worker --concurrency 2
        """
        from celery import signals

        from fieldwise.jobs.celery_app import QUEUE, make_celery
        from fieldwise.jobs.celery_dispatch import CeleryDispatcher
        from fieldwise.documents.limits import time_limit_reason
        from fieldwise.jobs.reconcile import Reconciler
        from fieldwise.jobs.worker import hard_deadline_s
        from fieldwise.logs import configure_logging
        from fieldwise.store.db import Database

        settings = Settings()
        configure_logging(settings, "worker")
        if settings.queue != "celery":
            raise typer.BadParameter("`fieldwise worker` needs FIELDWISE_QUEUE=celery (the embedded default runs "
                                     "its workers inside `fieldwise serve`)")
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        migrating = Database(settings.resolved_database_url)
        migrating.migrate()
        migrating.dispose()
        app = make_celery(settings)
        state: dict[str, Reconciler] = {}

        @signals.worker_ready.connect(weak=False)
        def _start_reconciler(**_kwargs: object) -> None:  # in the main process, after the pool has forked
            db = Database(settings.resolved_database_url)
            os.register_at_fork(after_in_child=lambda: db.engine.dispose(close=False))
            sender = CeleryDispatcher(settings)
            state["r"] = Reconciler(db, sender.redis, sender.send, QUEUE, settings.lease_s,
                                    settings.reconcile_interval_s, hard_deadline_s(settings),
                                    time_limit_reason(settings.document_timeout_s))
            state["r"].start()

        @signals.worker_shutdown.connect(weak=False)
        def _stop_reconciler(**_kwargs: object) -> None:
            if "r" in state:
                state["r"].stop()

        app.worker_main([
            "worker", "--pool=prefork", f"--concurrency={concurrency or settings.workers}", f"--queues={QUEUE}",
            "--loglevel=INFO", "--without-gossip", "--without-mingle", "--without-heartbeat",
            f"--hostname=fieldwise-{os.getpid()}@{socket.gethostname()}",
        ])
        logging.shutdown()
