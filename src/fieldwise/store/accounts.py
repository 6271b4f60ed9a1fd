"""Organizations and API keys. A key is shown once at creation; only its SHA-256 is stored."""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from fieldwise.store import review_sessions
from fieldwise.store.tables import ApiKey, Organization, utcnow

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


def live_key(session: Session, key_hash: str) -> ApiKey | None:
    """The unrevoked key with this hash, or None."""
    return session.scalars(select(ApiKey).where(ApiKey.key_hash == key_hash, ApiKey.revoked_at.is_(None))).first()


def list_keys(session: Session) -> list[tuple[ApiKey, str]]:
    """Every key with its organization's name, oldest first (only prefixes: keys are never stored)."""
    rows = session.execute(select(ApiKey, Organization.name).join(Organization, Organization.id == ApiKey.organization_id)
                           .order_by(ApiKey.created_at, ApiKey.id)).all()
    return [(key, name) for key, name in rows]


def revoke_key(session: Session, id_or_prefix: str) -> ApiKey | None:
    """Revoke the one key whose id or printed prefix is `id_or_prefix`, and end its review sessions. None when no
    key matches; ValueError when several do (give more of the key)."""
    matches = list(session.scalars(select(ApiKey).where(or_(ApiKey.id == id_or_prefix,
                                                            ApiKey.prefix == id_or_prefix))))
    if len(matches) > 1:
        raise ValueError(f"{len(matches)} keys match {id_or_prefix!r}; give the key's id")
    if not matches:
        return None
    key = matches[0]
    if key.revoked_at is None:
        key.revoked_at = utcnow()
    review_sessions.revoke_for_key(session, key.id)
    session.flush()
    return key
