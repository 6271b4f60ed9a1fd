"""Keyset pagination (spec v3 1.1, D12): `limit` (default 20, capped at 100) and an opaque `cursor`, the url-safe
base64 of the last item's `created_at` and `id`. Order: created_at descending, then id descending."""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Annotated, Any, Sequence

from fastapi import Depends, Query

from fieldwise.errors import ValidationFailed

MAX_LIMIT = 100


@dataclass(frozen=True, slots=True)
class Keyset:
    limit: int
    after: tuple[datetime, str] | None


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)


def encode(created_at: datetime, row_id: str) -> str:
    raw = json.dumps([_utc(created_at).isoformat(), row_id], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(cursor: str) -> tuple[datetime, str]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        moment, row_id = json.loads(raw)
        if not isinstance(row_id, str):
            raise ValueError("id")
        return _utc(datetime.fromisoformat(moment)), row_id
    except (binascii.Error, ValueError, TypeError, UnicodeDecodeError) as exc:
        raise ValidationFailed([{"loc": "cursor", "msg": "not a cursor this server handed out"}],
                               summary="Invalid cursor") from exc


def keyset(limit: Annotated[str | None, Query(description="1 to 100 (larger values are capped)")] = None,
           cursor: Annotated[str | None, Query(description="next_cursor of the previous page")] = None) -> Keyset:
    if limit is None or limit == "":
        size = 20
    elif limit.lstrip("-").isdigit() and int(limit) >= 1:
        size = min(int(limit), MAX_LIMIT)
    else:
        raise ValidationFailed([{"loc": "limit", "msg": "an integer from 1 to 100"}], summary="Invalid limit")
    return Keyset(size, decode(cursor) if cursor else None)


KeysetDep = Annotated[Keyset, Depends(keyset)]


def page(items: list[dict[str, Any]], rows: Sequence[Any], limit: int) -> dict[str, Any]:
    """{items, next_cursor}; `rows` were fetched with limit + 1 to know whether another page follows."""
    more = len(rows) > limit
    next_cursor = encode(rows[limit - 1].created_at, rows[limit - 1].id) if more else None
    return {"items": items[:limit], "next_cursor": next_cursor}
