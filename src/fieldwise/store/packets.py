"""Document packets (v3's name for a collection): keyset lists and the filename rule of spec v3 D11."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from fieldwise.errors import NotFound
from fieldwise.store.ids import is_uuid
from fieldwise.store.tables import Collection, StoredFile


def get(session: Session, org_id: str, packet_id: str) -> Collection:
    """Any packet of the organization: production, dataset or parse-only."""
    row = session.get(Collection, packet_id) if is_uuid(packet_id) else None
    if row is None or row.organization_id != org_id:
        raise NotFound(f"No document packet with id {packet_id!r}")
    return row


def names_in_use(session: Session, workflow_id: str, purpose: str) -> set[str]:
    """File names of the workflow's live packets of one purpose (production and dataset are apart)."""
    return set(session.scalars(
        select(StoredFile.filename).join(Collection, Collection.id == StoredFile.collection_id)
        .where(Collection.workflow_id == workflow_id, Collection.purpose == purpose,
               Collection.kind == "extraction")
    ))


def free_name(name: str, taken: set[str]) -> str:
    """`stem (n).ext` with the first n that is free."""
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem:
        stem, ext = name, ""
    n = 1
    while True:
        candidate = f"{stem} ({n}){'.' + ext if ext else ''}"
        if candidate not in taken:
            return candidate
        n += 1


def keyset(session: Session, org_id: str, workflow_id: str, limit: int, after: tuple[datetime, str] | None,
           *, purpose: str = "production") -> list[Collection]:
    query = select(Collection).where(Collection.organization_id == org_id, Collection.workflow_id == workflow_id,
                                     Collection.purpose == purpose, Collection.kind == "extraction")
    if after is not None:
        query = query.where(or_(Collection.created_at < after[0],
                                and_(Collection.created_at == after[0], Collection.id < after[1])))
    return list(session.scalars(query.order_by(Collection.created_at.desc(), Collection.id.desc()).limit(limit)))
