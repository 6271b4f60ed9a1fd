"""File collections (runs), their files and results. The collection row is the truth the API and workers read."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, Text, cast, func, select, update
from sqlalchemy.orm import Session

from fieldwise.store.db import rows_changed

from fieldwise.errors import NotFound
from fieldwise.store import deliveries, runs, slack, splits
from fieldwise.store.ids import is_uuid
from fieldwise.store.tables import Collection, Result, StoredFile, utcnow

ACTIVE = frozenset({"queued", "in_progress"})


def create(session: Session, org_id: str, workflow_id: str | None, version_id: str | None, *,
           kind: str = "extraction", name: str | None = None) -> Collection:
    collection = Collection(
        organization_id=org_id, workflow_id=workflow_id, version_id=version_id, kind=kind, name=name
    )
    session.add(collection)
    session.flush()
    return collection


def add_file(session: Session, collection: Collection, *, file_id: str, filename: str, media_type: str,
             size: int, sha256: str) -> StoredFile:
    stored = StoredFile(
        id=file_id, collection_id=collection.id, organization_id=collection.organization_id, filename=filename,
        media_type=media_type, size=size, sha256=sha256, blob_key=file_id,
    )
    session.add(stored)
    session.flush()
    return stored


def get(session: Session, org_id: str, collection_id: str, *, kind: str | None = "extraction") -> Collection:
    collection = session.get(Collection, collection_id) if is_uuid(collection_id) else None
    if collection is None or collection.organization_id != org_id or (kind and collection.kind != kind):
        raise NotFound(f"No file collection with id {collection_id!r}")
    return collection


def get_file(session: Session, org_id: str, file_id: str) -> StoredFile:
    stored = session.get(StoredFile, file_id) if is_uuid(file_id) else None
    if stored is None or stored.organization_id != org_id:
        raise NotFound(f"No file with id {file_id!r}")
    return stored


def files_of(session: Session, collection_id: str) -> list[StoredFile]:
    return list(session.scalars(
        select(StoredFile).where(StoredFile.collection_id == collection_id).order_by(StoredFile.created_at)
    ))


def blob_keys(session: Session, *, workflow_id: str | None = None, collection_id: str | None = None) -> list[str]:
    query = select(StoredFile.blob_key).join(Collection, Collection.id == StoredFile.collection_id)
    if workflow_id is not None:
        query = query.where(Collection.workflow_id == workflow_id)
    if collection_id is not None:
        query = query.where(Collection.id == collection_id)
    return list(session.scalars(query)) + _edit_blob_keys(session, workflow_id, collection_id)


def _edit_blob_keys(session: Session, workflow_id: str | None, collection_id: str | None) -> list[str]:
    """The filled PDFs of the edit nodes of the same collections' runs."""
    query = select(Result.edits).join(Collection, Collection.id == Result.collection_id).where(
        Result.edits.is_not(None))
    if workflow_id is not None:
        query = query.where(Collection.workflow_id == workflow_id)
    if collection_id is not None:
        query = query.where(Collection.id == collection_id)
    return [str(entry["blob_key"]) for edits in session.scalars(query) for entry in edits or []
            if isinstance(entry, dict) and entry.get("blob_key")]


_POLL = (
    select(Collection.organization_id, Collection.kind, Collection.status, Collection.error, Collection.version_id,
           Result.extraction)
    .outerjoin(Result, Result.run_id == Collection.latest_run_id)
)


def poll(connection: Connection, org_id: str, collection_id: str) -> Row[Any]:
    """The few columns the polling endpoint needs, in one Core round trip (no ORM objects on the hot path)."""
    row = connection.execute(_POLL.where(Collection.id == collection_id)).first() if is_uuid(collection_id) else None
    if row is None or row.organization_id != org_id or row.kind != "extraction":
        raise NotFound(f"No file collection with id {collection_id!r}")
    return row


def result_of(session: Session, collection_id: str) -> Result | None:
    """The results of the collection's latest run (what v2 shows)."""
    run_id = session.scalar(select(Collection.latest_run_id).where(Collection.id == collection_id))
    return session.get(Result, run_id) if run_id else None


def processed_result(session: Session, collection_id: str) -> Result:
    """The results of a collection known to be processed; NotFound if none is stored (deleted meanwhile)."""
    result = result_of(session, collection_id)
    if result is None:
        raise NotFound(f"No results stored for collection {collection_id!r}")
    return result


def start_run(session: Session, collection: Collection, version_id: str | None) -> None:
    """A new run of the collection on `version_id`, queued (the collection's status follows it)."""
    purpose = "parse" if collection.kind == "parse" else "production"
    runs.start(session, collection, version_id, purpose=purpose)


def parse_within(session: Session, result: Result, limit: int) -> dict[str, Any] | None:
    """The stored parse of `result` when it is at most `limit` characters of JSON, else None, judged from its
    recorded size so that a larger one is never loaded. (A parse stored before sizes were kept is measured once.)"""
    size = result.parse_size
    if size is None:
        size = session.scalar(select(func.length(cast(Result.parse, Text)))
                              .where(Result.run_id == result.run_id)) or 0
    return result.parse if size <= limit else None


def enqueue(session: Session, collection: Collection) -> None:
    """Queue the collection's current run again (after a worker crash), or its first run."""
    if collection.latest_run_id is None:
        start_run(session, collection, collection.version_id)
        return
    now = utcnow()
    collection.status, collection.queued_at, collection.updated_at = "queued", now, now
    collection.error = None
    session.flush()


def page(session: Session, org_id: str, page_no: int, size: int, *, workflow_id: str | None = None,
         status: str | None = None) -> tuple[int, list[Collection]]:
    conditions = [Collection.organization_id == org_id, Collection.kind == "extraction",
                  Collection.purpose == "production"]  # v3 dataset documents are no one's production files
    if workflow_id is not None:
        conditions.append(Collection.workflow_id == workflow_id)
    if status is not None:
        conditions.append(Collection.status == status)
    total = session.scalar(select(func.count()).select_from(Collection).where(*conditions)) or 0
    rows = session.scalars(
        select(Collection).where(*conditions).order_by(Collection.created_at.desc(), Collection.id.desc())
        .offset((page_no - 1) * size).limit(size)
    ).all()
    return total, list(rows)


def versions_of(session: Session, org_id: str, workflow_id: str, *, status: str | None = None) -> list[str]:
    """The workflow versions its collections ran (with `status`), the newest collection's first."""
    conditions = [Collection.organization_id == org_id, Collection.workflow_id == workflow_id,
                  Collection.kind == "extraction", Collection.version_id.is_not(None)]
    if status is not None:
        conditions.append(Collection.status == status)
    latest = func.max(Collection.created_at).label("latest")
    rows = session.execute(select(Collection.version_id, latest).where(*conditions)
                           .group_by(Collection.version_id).order_by(latest.desc())).all()
    return [row.version_id for row in rows]


# --- used by the queue and the workers ---------------------------------------------------------------------


def claim(session: Session, collection_id: str) -> bool:
    """Move a queued collection to in_progress; False if someone else took it or it was cancelled."""
    now = utcnow()
    claimed = rows_changed(session,
        update(Collection)
        .where(Collection.id == collection_id, Collection.status == "queued")
        .values(status="in_progress", started_at=now, updated_at=now, attempts=Collection.attempts + 1)
    )
    if claimed:
        runs.mark_started(session, collection_id)
    return bool(claimed)


def queued_ids(session: Session, limit: int, exclude: set[str] | None = None) -> list[str]:
    query = select(Collection.id).where(Collection.status == "queued")
    if exclude:
        query = query.where(Collection.id.not_in(exclude))
    return list(session.scalars(query.order_by(Collection.queued_at, Collection.id).limit(limit)))


def in_progress_among(session: Session, ids: list[str]) -> set[str]:
    """Which of these collections are still in_progress (the others were finished, cancelled or deleted)."""
    return set(session.scalars(select(Collection.id).where(Collection.id.in_(ids),
                                                           Collection.status == "in_progress")))


def requeue_interrupted(session: Session) -> int:
    """Work left in_progress by a process that died goes back to the queue. Returns how many."""
    now = utcnow()
    return rows_changed(session, update(Collection).where(Collection.status == "in_progress")
                        .values(status="queued", updated_at=now))


def finish(session: Session, collection_id: str, status: str, *, error: str | None = None,
           result: dict[str, Any] | None = None, run_id: str | None = None) -> bool:
    """Record the outcome unless the collection was cancelled or deleted meanwhile, or (with `run_id`) a newer run
    replaced the one that was worked on. True if recorded. The outcome lands on the collection's latest run; the
    webhook deliveries of the outcome are written in the same transaction (an outbox): none can be lost."""
    collection = session.get(Collection, collection_id, with_for_update=True)
    if collection is None or collection.status != "in_progress":
        return False
    if run_id is not None and collection.latest_run_id != run_id:
        return False
    now: datetime = utcnow()
    collection.status, collection.error, collection.updated_at = status, error, now
    collection.processed_at = now if status == "processed" else None
    if result is not None and collection.latest_run_id is not None:
        run_id = collection.latest_run_id
        session.merge(Result(run_id=run_id, collection_id=collection_id, **result))
        session.flush()
        session.execute(update(Result).where(Result.run_id == run_id)  # measured where it is stored
                        .values(parse_size=func.length(cast(Result.parse, Text))))
        splits.record(session, collection.organization_id, run_id, result.get("splits"))
        if runs.purpose_of(session, run_id) != "eval":  # an eval's runs alert no one
            slack.record_alerts(session, collection, result.get("alerts"))
    runs.record_end(session, collection)
    deliveries.record_outcome(session, collection)
    session.flush()
    return True
