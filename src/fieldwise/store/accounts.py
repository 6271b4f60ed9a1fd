"""Organizations and API keys. A key is shown once at creation; only its SHA-256 is stored."""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from fieldwise.store.tables import ApiKey, Organization

KEY_PREFIX = "fw_"


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def create_key(session: Session, org_name: str) -> tuple[Organization, str]:
    """A new key for the organization named `org_name` (created if it does not exist yet)."""
    org = session.scalars(select(Organization).where(Organization.name == org_name)).first()
    if org is None:
        org = Organization(name=org_name)
        session.add(org)
        session.flush()
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    session.add(ApiKey(organization_id=org.id, key_hash=hash_key(key), prefix=key[:10]))
    session.flush()
    return org, key


def organization_for_hash(session: Session, key_hash: str) -> str | None:
    """The organization id a live key (given by its hash) belongs to, or None."""
    row = session.execute(
        select(ApiKey.organization_id).where(ApiKey.key_hash == key_hash, ApiKey.revoked_at.is_(None))
    ).first()
    return row[0] if row else None


def has_any_key(session: Session) -> bool:
    return session.scalars(select(ApiKey.id).limit(1)).first() is not None
