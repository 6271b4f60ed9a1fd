"""Runs: each processing attempt of a collection (a v3 document packet). The queue moves collections, so while a
run is its collection's latest, the collection row holds its live status; `view` reads it from there. The run row
itself is written when the run starts, ends, or is replaced by a newer run of the same packet."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session

from fieldwise.errors import NotFound
from fieldwise.store.ids import is_uuid
from fieldwise.store.tables import Collection, Result, Run, utcnow

ACTIVE = frozenset({"queued", "in_progress"})


@dataclass(frozen=True, slots=True)
class RunView:
    """A run as readers see it: the live status of a latest run comes from its collection."""

    run: Run
    collection: Collection
    status: str
    error: str | None
    updated_at: datetime

    @property
    def is_latest(self) -> bool:
        return self.collection.latest_run_id == self.run.id


def view(run: Run, collection: Collection) -> RunView:
    if collection.latest_run_id == run.id:
        return RunView(run, collection, collection.status, collection.error, collection.updated_at)
    return RunView(run, collection, run.status, run.error, run.updated_at)


def start(session: Session, collection: Collection, version_id: str | None, *, purpose: str = "production") -> Run:
    """A new run of `collection` on `version_id`, queued. A run of the same packet still queued or in progress is
    replaced: it ends `cancelled` (its worker sees the packet withdrawn from it and records nothing)."""
    now = utcnow()
    previous = session.get(Run, collection.latest_run_id) if collection.latest_run_id else None
    if previous is not None and collection.status in ACTIVE:
        previous.status, previous.updated_at = "cancelled", now
    run = Run(organization_id=collection.organization_id, collection_id=collection.id,
              workflow_id=collection.workflow_id, version_id=version_id, purpose=purpose, status="queued",
              created_at=now, updated_at=now)
    session.add(run)
    session.flush()
    collection.latest_run_id, collection.version_id = run.id, version_id
    collection.status, collection.queued_at, collection.updated_at = "queued", now, now
    collection.error, collection.processed_at = None, None
    session.flush()
    return run


def mark_started(session: Session, collection_id: str) -> None:
    """Called when the queue claims a collection: its latest run is in progress."""
    now = utcnow()
    latest = select(Collection.latest_run_id).where(Collection.id == collection_id).scalar_subquery()
    session.execute(update(Run).where(Run.id == latest).values(status="in_progress", started_at=now, updated_at=now))


def record_end(session: Session, collection: Collection) -> None:
    """Copy the collection's outcome onto its latest run (inside the transaction that ends it)."""
    run = session.get(Run, collection.latest_run_id) if collection.latest_run_id else None
    if run is None:
        return
    run.status, run.error, run.updated_at = collection.status, collection.error, collection.updated_at
    run.processed_at = collection.processed_at


def get(session: Session, org_id: str, run_id: str) -> RunView:
    run = session.get(Run, run_id) if is_uuid(run_id) else None
    collection = session.get(Collection, run.collection_id) if run is not None else None
    if run is None or collection is None or run.organization_id != org_id:
        raise NotFound(f"No run with id {run_id!r}")
    return view(run, collection)


def result_of(session: Session, run_id: str) -> Result | None:
    return session.get(Result, run_id)


def page(session: Session, org_id: str, workflow_id: str, limit: int,
         after: tuple[datetime, str] | None) -> list[RunView]:
    """Runs a caller started on the workflow (never an eval's), newest first, keyset after `after`."""
    query = (select(Run, Collection).join(Collection, Collection.id == Run.collection_id)
             .where(Run.organization_id == org_id, Run.workflow_id == workflow_id, Run.purpose == "production"))
    if after is not None:
        query = query.where(or_(Run.created_at < after[0], and_(Run.created_at == after[0], Run.id < after[1])))
    rows = session.execute(query.order_by(Run.created_at.desc(), Run.id.desc()).limit(limit)).all()
    return [view(run, collection) for run, collection in rows]


def summary_fields(item: RunView) -> dict[str, Any]:
    return {"status": item.status, "error": item.error}


def purpose_of(session: Session, run_id: str | None) -> str | None:
    run = session.get(Run, run_id) if run_id else None
    return run.purpose if run is not None else None
