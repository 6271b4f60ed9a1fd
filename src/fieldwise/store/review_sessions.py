"""Review UI sessions, kept server-side: the browser holds a random token, the database its SHA-256, the key it
was opened with, a CSRF token of its own and when it ends. Signing out or revoking the key ends it at once."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from fieldwise.store.db import rows_changed

from fieldwise.store.tables import ApiKey, ReviewSession, ServerSecret, utcnow


@dataclass(frozen=True, slots=True)
class Reviewer:
    """Who a live session belongs to."""

    token_hash: str
    organization_id: str
    key_prefix: str
    csrf: str
    reviewer: str | None


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=timezone.utc)  # SQLite drops the zone


def open_session(session: Session, api_key_id: str, organization_id: str, reviewer: str | None,
                 lifetime: timedelta) -> str:
    """A new session for a checked key; returns the token for the cookie (shown nowhere else)."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    session.add(ReviewSession(token_hash=_hash(token), api_key_id=api_key_id, organization_id=organization_id,
                              csrf=secrets.token_hex(32), reviewer=reviewer, created_at=now,
                              expires_at=now + lifetime))
    session.flush()
    return token


def find(session: Session, token: str) -> Reviewer | None:
    """The live session of `token`: not expired, not signed out, and its key not revoked."""
    row = session.execute(
        select(ReviewSession, ApiKey.prefix).join(ApiKey, ApiKey.id == ReviewSession.api_key_id)
        .where(ReviewSession.token_hash == _hash(token), ReviewSession.revoked_at.is_(None),
               ApiKey.revoked_at.is_(None))
    ).first()
    if row is None or _aware(row[0].expires_at) <= utcnow():
        return None
    found: ReviewSession = row[0]
    return Reviewer(found.token_hash, found.organization_id, row[1], found.csrf, found.reviewer)


def revoke(session: Session, token_hash: str) -> None:
    session.execute(update(ReviewSession).where(ReviewSession.token_hash == token_hash,
                                                ReviewSession.revoked_at.is_(None)).values(revoked_at=utcnow()))


def revoke_for_key(session: Session, api_key_id: str) -> int:
    return rows_changed(session, update(ReviewSession).where(ReviewSession.api_key_id == api_key_id,
                                                             ReviewSession.revoked_at.is_(None))
                        .values(revoked_at=utcnow()))


def secret(session: Session, name: str = "review_login") -> bytes:
    value = session.scalar(select(ServerSecret.value).where(ServerSecret.name == name))
    if value is None:
        raise RuntimeError(f"the server secret {name!r} is missing; run `fieldwise migrate`")
    return bytes.fromhex(value)
