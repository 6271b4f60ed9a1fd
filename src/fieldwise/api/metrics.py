"""Prometheus metrics at /metrics: requests and their latency (counted in this API process), and the state of the
work (counted in the database, which every process shares, so any API process reports the same figures for the
workers wherever they run).

    fieldwise_http_requests_total{method,route,status}     counter
    fieldwise_http_request_duration_seconds{method,route}   histogram
    fieldwise_queue_depth                                   collections waiting (queued), from the database
    fieldwise_documents_in_progress                         collections being processed now
    fieldwise_documents_processed_total                     collections processed
    fieldwise_pages_processed_total                         pages in processed collections
    fieldwise_document_failures_total{reason}               collections ended in error, by reason
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Iterator

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from sqlalchemy import func, select
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from fieldwise.store.db import Database
from fieldwise.store.tables import Collection, Result

access = logging.getLogger("fieldwise.access")

_REASONS = (("crashed its worker", "worker_crashed"), ("internal error", "internal_error"))


def failure_reason(error: str | None) -> str:
    text = (error or "").lower()
    return next((reason for needle, reason in _REASONS if needle in text), "document_error")


class WorkCollector:
    """Figures about documents, read from the database at most every `ttl_s` seconds."""

    def __init__(self, db: Database, ttl_s: float = 5.0) -> None:
        self.db, self.ttl_s = db, ttl_s
        self._lock = threading.Lock()
        self._cached: tuple[float, list[Metric]] | None = None

    def _read(self) -> list[Metric]:
        with self.db.session() as session:
            by_status = dict(session.execute(
                select(Collection.status, func.count()).group_by(Collection.status)).all())
            pages = session.scalar(select(func.coalesce(func.sum(Result.page_count), 0))
                                   .join(Collection, Collection.id == Result.collection_id)
                                   .where(Collection.status == "processed")) or 0
            errors = session.execute(select(Collection.error, func.count()).where(Collection.status == "error")
                                     .group_by(Collection.error)).all()
        failures: dict[str, int] = {}
        for error, count in errors:
            failures[failure_reason(error)] = failures.get(failure_reason(error), 0) + count
        out: list[Metric] = [
            GaugeMetricFamily("fieldwise_queue_depth", "Collections queued and waiting for a worker",
                              value=by_status.get("queued", 0)),
            GaugeMetricFamily("fieldwise_documents_in_progress", "Collections being processed now",
                              value=by_status.get("in_progress", 0)),
            CounterMetricFamily("fieldwise_documents_processed", "Collections processed",
                                value=by_status.get("processed", 0)),
            CounterMetricFamily("fieldwise_pages_processed", "Pages in processed collections", value=pages),
        ]
        family = CounterMetricFamily("fieldwise_document_failures", "Collections ended in error, by reason",
                                     labels=["reason"])
        for reason, count in sorted(failures.items()):
            family.add_metric([reason], count)
        out.append(family)
        return out

    def collect(self) -> Iterator[Metric]:
        with self._lock:
            if self._cached is None or time.monotonic() - self._cached[0] > self.ttl_s:
                self._cached = (time.monotonic(), self._read())
            yield from self._cached[1]


class Metrics:
    """One registry per app (never the global one), so apps built in one process do not collide."""

    def __init__(self, db: Database) -> None:
        self.registry = CollectorRegistry(auto_describe=False)
        self.requests = Counter("fieldwise_http_requests", "HTTP requests answered",
                                ["method", "route", "status"], registry=self.registry)
        self.latency = Histogram("fieldwise_http_request_duration_seconds", "Time to answer an HTTP request",
                                 ["method", "route"], registry=self.registry,
                                 buckets=(.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10))
        self.registry.register(WorkCollector(db))

    def exposition(self) -> tuple[bytes, str]:
        return generate_latest(self.registry), CONTENT_TYPE_LATEST


class MetricsMiddleware:
    """Counts and times every request by its route template (never the raw path: ids would explode the labels),
    and writes one access-log line carrying the request id."""

    def __init__(self, app: ASGIApp, metrics: Metrics, access_log: bool = False) -> None:
        self.app, self.metrics, self.access_log = app, metrics, access_log

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = 500

        async def record_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, record_status)
        finally:
            elapsed = time.perf_counter() - start
            route = getattr(scope.get("route"), "path", None) or "unmatched"
            self.metrics.requests.labels(scope["method"], route, str(status)).inc()
            self.metrics.latency.labels(scope["method"], route).observe(elapsed)
            if self.access_log:
                access.info("%s %s %d %.1f ms", scope["method"], scope["path"], status, elapsed * 1000)
