"""Typed dependencies: the app's services, a database session, and the calling organization (auth + rate limit)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Iterator

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from fieldwise.api.ratelimit import RateLimiter
from fieldwise.errors import AccessDenied, AuthFailed
from fieldwise.jobs.dispatch import Dispatcher
from fieldwise.settings import Settings
from fieldwise.store import accounts
from fieldwise.store.blobs import BlobStore
from fieldwise.store.db import Database


@dataclass
class Services:
    settings: Settings
    db: Database
    blobs: BlobStore
    dispatcher: Dispatcher
    limiter: RateLimiter


def get_services(request: Request) -> Services:
    return request.app.state.services


ServicesDep = Annotated[Services, Depends(get_services)]


def get_session(services: ServicesDep) -> Iterator[Session]:
    with services.db.sessions() as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]


def _bearer(request: Request) -> str:
    header = request.headers.get("authorization")
    if header is None:
        raise AccessDenied("missing Authorization header; send 'Authorization: Bearer <api key>'")
    scheme, _, token = header.strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise AccessDenied("send 'Authorization: Bearer <api key>'")
    return token.strip()


def _organization(request: Request, services: Services, session: Session, tier: str) -> str:
    org_id = accounts.organization_for_key(session, _bearer(request))
    if org_id is None:
        raise AuthFailed("the API key is not valid")
    quota = services.limiter.check(org_id, tier)
    request.state.extra_headers.update(quota.headers())
    return org_id


def general_org(request: Request, services: ServicesDep, session: SessionDep) -> str:
    return _organization(request, services, session, "general")


def submission_org(request: Request, services: ServicesDep, session: SessionDep) -> str:
    return _organization(request, services, session, "submission")


OrgDep = Annotated[str, Depends(general_org)]
SubmitOrgDep = Annotated[str, Depends(submission_org)]
