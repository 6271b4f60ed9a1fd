"""Idempotency-Key (spec v3 D10): the first completed answer to (organization, method and path, key) is stored for
24 hours and replayed for any later request with the same key, whatever its body, before any other check. A
request arriving while the first is still being handled gets 409 IDEMPOTENCY_KEY_IN_USE (retryable). Error answers
are not stored: the key is free again."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any, Awaitable, Callable

from fastapi import Request
from fastapi.responses import JSONResponse
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from fieldwise.errors import Conflict, ValidationFailed
from fieldwise.store.db import Database
from fieldwise.store.tables import IdempotentAnswer, utcnow

KEEP = timedelta(hours=24)


def _checked(key: str) -> str:
    if not 1 <= len(key) <= 255 or any(not 0x21 <= ord(c) <= 0x7E for c in key):
        raise ValidationFailed([{"loc": "Idempotency-Key", "msg": "1 to 255 visible ASCII characters"}],
                               summary="Invalid Idempotency-Key")
    return key


async def idempotent(request: Request, db: Database, org_id: str,
                     handle: Callable[[], Awaitable[tuple[int, dict[str, Any]]]]) -> JSONResponse:
    raw = request.headers.get("idempotency-key")
    if raw is None:
        status, body = await handle()
        return JSONResponse(body, status_code=status)
    key = _checked(raw)
    scope = f"{request.method} {request.url.path}"
    with db.session() as session:
        session.execute(delete(IdempotentAnswer).where(IdempotentAnswer.created_at < utcnow() - KEEP))
        found = session.scalar(select(IdempotentAnswer).where(
            IdempotentAnswer.organization_id == org_id, IdempotentAnswer.scope == scope, IdempotentAnswer.key == key))
        if found is not None and found.status_code is not None:
            return JSONResponse(json.loads(found.body or "null"), status_code=found.status_code,
                                headers={"Idempotent-Replayed": "true"})
        if found is None:
            row = IdempotentAnswer(organization_id=org_id, scope=scope, key=key)
            session.add(row)
            try:
                session.commit()
            except IntegrityError:
                session.rollback()
                found = row
            else:
                row_id = row.id
        if found is not None:
            raise Conflict("a request with this Idempotency-Key is still being handled; retry shortly",
                           code="IDEMPOTENCY_KEY_IN_USE", retryable=True)
    try:
        status, body = await handle()
    except BaseException:
        with db.session() as session:
            session.execute(delete(IdempotentAnswer).where(IdempotentAnswer.id == row_id))
        raise
    with db.session() as session:
        stored = session.get(IdempotentAnswer, row_id)
        if stored is not None:
            stored.status_code, stored.body = status, json.dumps(body)
    return JSONResponse(body, status_code=status)
