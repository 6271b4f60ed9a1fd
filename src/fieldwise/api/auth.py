"""Who is calling: the bearer key in the Authorization header, resolved to an organization.

Resolved keys are remembered for `ttl` seconds so the polling path costs no database round trip; a key that is
revoked stops working within that time."""

from __future__ import annotations

import threading
import time

from fieldwise.errors import AccessDenied, AuthFailed
from fieldwise.store import accounts
from fieldwise.store.db import Database


def bearer_token(header: str | None) -> str:
    if header is None:
        raise AccessDenied("missing Authorization header; send 'Authorization: Bearer <api key>'")
    scheme, _, token = header.strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise AccessDenied("send 'Authorization: Bearer <api key>'")
    return token.strip()


class Authenticator:
    def __init__(self, db: Database, ttl: float = 5.0, max_entries: int = 10_000) -> None:
        self.db, self.ttl, self.max_entries = db, ttl, max_entries
        self._cache: dict[str, tuple[str, float]] = {}
        self._lock = threading.Lock()

    def cached(self, authorization: str | None) -> str | None:
        """The organization of a key checked in the last `ttl` seconds, without any I/O; None if not known."""
        cached = self._cache.get(accounts.hash_key(bearer_token(authorization)))
        return cached[0] if cached is not None and cached[1] > time.monotonic() else None

    def organization(self, authorization: str | None) -> str:
        """The organization id of the key in `authorization`; AccessDenied or AuthFailed otherwise."""
        key_hash = accounts.hash_key(bearer_token(authorization))
        now = time.monotonic()
        cached = self._cache.get(key_hash)
        if cached is not None and cached[1] > now:
            return cached[0]
        with self.db.session() as session:
            org_id = accounts.organization_for_hash(session, key_hash)
        if org_id is None:
            raise AuthFailed("the API key is not valid")
        with self._lock:
            if len(self._cache) >= self.max_entries:
                self._cache.clear()
            self._cache[key_hash] = (org_id, now + self.ttl)
        return org_id
