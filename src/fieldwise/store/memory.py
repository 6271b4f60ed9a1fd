"""Layout memory rows: a workflow's lessons, what each review adds or takes back, and the bound on how many are
kept. The lessons themselves are made and read by fieldwise.extraction.memory; this module only stores them."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from fieldwise.store.tables import LayoutMemory, Result

PER_FIELD = 50  # memories kept per workflow and field: past it, the least reliable (then the oldest) goes
JUDGED = 50  # documents remembered in one memory's hits or misses


def of_workflow(session: Session, org_id: str, workflow_id: str) -> list[LayoutMemory]:
    return list(session.scalars(select(LayoutMemory).where(LayoutMemory.organization_id == org_id,
                                                           LayoutMemory.workflow_id == workflow_id)
                                .order_by(LayoutMemory.created_at, LayoutMemory.id)))


def layout_of(session: Session, run_id: str | None) -> dict[str, Any] | None:
    """The words and boxes a run stored of its document (None for runs made before layout memory)."""
    if run_id is None:
        return None
    return session.scalar(select(Result.layout).where(Result.run_id == run_id))


def forget(session: Session, org_id: str, workflow_id: str, collection_id: str, field: str) -> None:
    """Take back everything a review of `field` on one document taught: its lesson, and its verdict on the
    lessons that proposed the document's value."""
    session.execute(delete(LayoutMemory).where(LayoutMemory.collection_id == collection_id,
                                               LayoutMemory.field == field))
    for row in session.scalars(select(LayoutMemory).where(LayoutMemory.organization_id == org_id,
                                                          LayoutMemory.workflow_id == workflow_id,
                                                          LayoutMemory.field == field)):
        if collection_id in row.hits or collection_id in row.misses:
            row.hits = [c for c in row.hits if c != collection_id]
            row.misses = [c for c in row.misses if c != collection_id]


def judge(session: Session, memory_id: str, collection_id: str, right: bool) -> None:
    """Record that the value a memory proposed on a document was confirmed (`right`) or corrected."""
    row = session.get(LayoutMemory, memory_id)
    if row is None:
        return  # cleared since it proposed the value
    if right:
        row.hits = [c for c in row.hits if c != collection_id][-(JUDGED - 1):] + [collection_id]
    else:
        row.misses = [c for c in row.misses if c != collection_id][-(JUDGED - 1):] + [collection_id]


def add(session: Session, row: LayoutMemory) -> None:
    session.add(row)
    session.flush()
    kept = list(session.scalars(select(LayoutMemory).where(LayoutMemory.workflow_id == row.workflow_id,
                                                           LayoutMemory.field == row.field)
                                .order_by(LayoutMemory.created_at, LayoutMemory.id)))  # oldest first
    if len(kept) <= PER_FIELD:
        return
    kept.sort(key=lambda r: (len(r.hits) + 2) / (len(r.hits) + len(r.misses) + 2))  # stable: oldest of a kind
    for weakest in kept[:len(kept) - PER_FIELD]:
        session.delete(weakest)


def clear(session: Session, org_id: str, workflow_id: str) -> int:
    count = session.scalar(select(func.count()).select_from(LayoutMemory).where(
        LayoutMemory.organization_id == org_id, LayoutMemory.workflow_id == workflow_id)) or 0
    session.execute(delete(LayoutMemory).where(LayoutMemory.organization_id == org_id,
                                               LayoutMemory.workflow_id == workflow_id))
    return count
