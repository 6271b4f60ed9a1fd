"""Typed dependencies: the app's services, a database session, and the calling organization (auth + rate limit)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, AsyncIterator

from fastapi import Depends, Request
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from fieldwise.api.auth import Authenticator
from fieldwise.api.ratelimit import RateLimiter
from fieldwise.jobs.dispatch import Dispatcher
from fieldwise.settings import Settings
from fieldwise.store.blobs import BlobStore
from fieldwise.store.db import Database
from fieldwise.store import workflows
from fieldwise.webhooks.sender import WebhookSender
from fieldwise.workflows.cache import DefinitionCache
from fieldwise.workflows.definitions import Definition


@dataclass
class Services:
    settings: Settings
    db: Database
    blobs: BlobStore
    dispatcher: Dispatcher
    limiter: RateLimiter
    auth: Authenticator
    definitions: DefinitionCache
    webhooks: WebhookSender | None = None  # the background sender of webhook deliveries

    def definition(self, session: Session | None, version_id: str | None) -> Definition | None:
        """The parsed definition of a workflow version (None for collections with no version). Versions never
        change, so after the first load this touches no database; without a session, a miss opens its own."""
        if version_id is None:
            return None
        return self.definitions.get(version_id, lambda v: self._load_definition(session, v))[1]

    def _load_definition(self, session: Session | None, version_id: str) -> dict[str, Any]:
        if session is not None:
            return workflows.definition(session, version_id)
        with self.db.session() as own:
            return workflows.definition(own, version_id)


async def get_services(request: Request) -> Services:
    return request.app.state.services


ServicesDep = Annotated[Services, Depends(get_services)]


async def get_session(services: ServicesDep) -> AsyncIterator[Session]:
    """A session per request. Async on purpose: a sync generator dependency needs a threadpool slot to close,
    and under load the slots are all held by requests waiting for a connection (FastAPI's known deadlock)."""
    session = services.db.sessions()
    try:
        yield session
    finally:
        try:
            session.close()
        except DBAPIError:  # the connection died after the answer was made; the pool has dropped it already
            pass


SessionDep = Annotated[Session, Depends(get_session)]


async def _organization(request: Request, services: Services, tier: str) -> str:
    authorization = request.headers.get("authorization")
    org_id = services.auth.cached(authorization)
    if org_id is None:  # a key not seen for a few seconds: its database lookup runs off the event loop
        org_id = await run_in_threadpool(services.auth.organization, authorization)
    quota = services.limiter.check(org_id, tier)
    request.state.extra_headers.update(quota.headers())
    return org_id


async def general_org(request: Request, services: ServicesDep) -> str:
    return await _organization(request, services, "general")


async def submission_org(request: Request, services: ServicesDep) -> str:
    return await _organization(request, services, "submission")


OrgDep = Annotated[str, Depends(general_org)]
SubmitOrgDep = Annotated[str, Depends(submission_org)]
