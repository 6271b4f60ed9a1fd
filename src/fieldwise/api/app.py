"""create_app(settings): the FastAPI application, its services and its routes."""

from __future__ import annotations

from contextlib import asynccontextmanager
from typing import AsyncIterator

from fastapi import FastAPI
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from fieldwise import __version__
from fieldwise.api import docs, documented_errors, envelope
from fieldwise.api.auth import Authenticator
from fieldwise.api.deps import Services
from fieldwise.api.metrics import Metrics, MetricsMiddleware
from fieldwise.api.middleware import RequestContextMiddleware
from fieldwise.api.ratecounters import open_rate_counter
from fieldwise.api.ratelimit import RateLimiter
from fieldwise.api.routes import (
    accuracy, deliveries, files, health, memory, operations, review, runs, webhooks, workflows,
)
from fieldwise.api.routes.v3 import datasets as v3_datasets
from fieldwise.api.routes.v3 import edit_references as v3_edit_references
from fieldwise.api.routes.v3 import evals as v3_evals
from fieldwise.api.routes.v3 import knowledge as v3_knowledge
from fieldwise.api.routes.v3 import packets as v3_packets
from fieldwise.api.routes.v3 import runs as v3_runs
from fieldwise.api.routes.v3 import splits as v3_splits
from fieldwise.api.routes.v3 import workflows as v3_workflows
from fieldwise.jobs.dispatch import open_dispatcher
from fieldwise.review import pages as review_pages
from fieldwise.settings import Settings
from fieldwise.store.blobs import open_blob_store
from fieldwise.store.db import Database
from fieldwise.webhooks.sender import WebhookSender
from fieldwise.workflows.cache import DefinitionCache

DESCRIPTION = """fieldwise serves the anyformat v2 API on your own machines: define a workflow (fields with a name,
description and data type), submit a document, poll `GET /v2/files/{id}/extraction/` (412 until processed), and get
every field back with value, confidence, evidence (with a box on the page) and unit.

It serves the anyformat v3 API beside it, on the same store (`/v3/`, what the official SDK 1.x speaks): typed-graph
workflows with versions, document packets of 1-100 files, runs polled at `GET /v3/runs/{id}/` (never a 412).

Authenticate with `Authorization: Bearer <api key>` (create one with `fieldwise keys create --org NAME`)."""


def build_services(settings: Settings) -> Services:
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    db = Database(settings.resolved_database_url)
    db.migrate()
    blobs = open_blob_store(settings.storage_url, settings.files_dir, settings)
    dispatcher = open_dispatcher(settings, db)
    limiter = RateLimiter(open_rate_counter(settings), settings.rate_limit_submissions, settings.rate_limit_general)
    return Services(settings, db, blobs, dispatcher, limiter, Authenticator(db), DefinitionCache(),
                    webhooks=WebhookSender(settings, db))


def create_app(settings: Settings) -> FastAPI:
    services = build_services(settings)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        services.dispatcher.start()
        if services.webhooks is not None:
            services.webhooks.start()
        try:
            yield
        finally:
            if services.webhooks is not None:
                services.webhooks.stop()
            services.dispatcher.stop()
            services.db.dispose()

    app = FastAPI(
        title="fieldwise", version=__version__, description=DESCRIPTION, lifespan=lifespan,
        openapi_url="/schema/", docs_url=None, redoc_url=None,
    )
    app.state.services = services
    app.state.metrics = Metrics(services.db)
    envelope.install(app)
    docs.install(app, "/schema/")
    for module in (health, workflows, runs, files, review, memory, accuracy, webhooks, deliveries, operations,
                   v3_workflows, v3_packets, v3_runs, v3_splits, v3_datasets, v3_evals,
                   v3_knowledge, v3_edit_references):
        app.include_router(module.router)
    review_pages.install(app)
    documented_errors.install(app)
    app.add_middleware(MetricsMiddleware, metrics=app.state.metrics, access_log=settings.access_log)
    app.add_middleware(RequestContextMiddleware)
    # X-Forwarded-Proto/-For are believed from the trusted proxies only (uvicorn's own proxy handling is off)
    app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=_trusted(settings.trusted_proxies))
    return app


def _trusted(proxies: str) -> list[str]:
    return [p.strip() for p in proxies.split(",") if p.strip()]
