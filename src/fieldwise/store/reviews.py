"""Review changes: the stored extraction is rewritten and the change kept in `review_changes`, in one
transaction, so the audit never misses a change that was made."""

from __future__ import annotations

import threading
from typing import Any, Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from fieldwise.errors import NotReady
from fieldwise.store.tables import ApiKey, Collection, Result, ReviewChange

# Read-modify-write of one JSON column: PostgreSQL's row lock (with_for_update) serialises it across processes;
# SQLite has no row locks, so within the one server process this lock does.
_write_lock = threading.Lock()


def key_prefix(session: Session, key_hash: str) -> str | None:
    return session.scalar(select(ApiKey.prefix).where(ApiKey.key_hash == key_hash))


def change(session: Session, collection: Collection, field_path: str,
           edit: Callable[[dict[str, Any]], tuple[dict[str, Any], Any]], *, key: str | None,
           reviewer: str | None,
           after: Callable[[dict[str, Any]], None] | None = None) -> tuple[dict[str, Any], ReviewChange]:
    """Apply `edit` (stored extraction -> (new extraction, Change)) to a processed collection and audit it;
    `after(new extraction)` runs in the same transaction (what the change teaches the layout memory)."""
    with _write_lock:
        result = (session.get(Result, collection.latest_run_id, with_for_update=True)
                  if collection.latest_run_id else None)
        if result is None or collection.status != "processed":
            raise NotReady(f"the file collection is {collection.status}; only processed results can be reviewed")
        updated, made = edit(result.extraction or {})
        result.extraction = updated
        if result.extractions:  # typed graph: `extraction` mirrors the first part, which the envelope reads
            parts = [dict(part) for part in result.extractions]
            parts[0]["fields"] = edit(parts[0].get("fields") or {})[0]
            result.extractions = parts
        row = ReviewChange(organization_id=collection.organization_id, collection_id=collection.id,
                           field_path=field_path, action=made.action, old_value=made.old_value,
                           new_value=made.new_value, key_prefix=key, reviewer=reviewer)
        session.add(row)
        if after is not None:
            after(updated)
        session.commit()
    return updated, row


def audit(session: Session, collection_id: str) -> list[ReviewChange]:
    return list(session.scalars(
        select(ReviewChange).where(ReviewChange.collection_id == collection_id)
        .order_by(ReviewChange.created_at, ReviewChange.id)
    ))


def reviewed_collection_ids(session: Session, org_id: str, workflow_id: str) -> set[str]:
    return set(session.scalars(
        select(ReviewChange.collection_id).join(Collection, Collection.id == ReviewChange.collection_id)
        .where(ReviewChange.organization_id == org_id, Collection.workflow_id == workflow_id)
    ))
