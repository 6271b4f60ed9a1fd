"""The worker's lease on a collection, for many machines: a worker that claimed a collection touches its row while
it works (heartbeat); a row in_progress whose heartbeat stopped belongs to a worker that died, and goes back to
the queue. Queued rows whose queue message was lost (a broker restart, an API crash between commit and send) are
found here too. The row is the truth; messages are only hints that work exists."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from fieldwise.store.db import rows_changed

from fieldwise.store import collections
from fieldwise.store.tables import Collection, utcnow


def heartbeat(session: Session, collection_id: str) -> bool:
    """Renew the lease; False if the collection is no longer in_progress (finished, cancelled, deleted)."""
    return bool(rows_changed(session,
        update(Collection).where(Collection.id == collection_id, Collection.status == "in_progress")
        .values(updated_at=utcnow())
    ))


def release(session: Session, collection_id: str) -> bool:
    """Give a claimed collection back to the queue without counting the attempt (the machinery failed, not the
    document). False if it was no longer in_progress."""
    return bool(rows_changed(session,
        update(Collection).where(Collection.id == collection_id, Collection.status == "in_progress")
        .values(status="queued", updated_at=utcnow(), attempts=Collection.attempts - 1)
    ))


def _cutoff(age_s: float) -> datetime:
    return utcnow() - timedelta(seconds=age_s)


def end_overdue(session: Session, lease_s: float, deadline_s: float, reason: str, limit: int = 500) -> list[str]:
    """In-progress collections whose worker stopped beating for `lease_s` and that started more than
    `deadline_s` ago: their worker ended itself on the time limit. They end in error with `reason`."""
    ids = list(session.scalars(
        select(Collection.id).where(Collection.status == "in_progress", Collection.updated_at < _cutoff(lease_s),
                                    Collection.started_at < _cutoff(deadline_s))
        .order_by(Collection.updated_at).limit(limit)
    ))
    return [cid for cid in ids if collections.finish(session, cid, "error", error=reason)]


def requeue_stale(session: Session, lease_s: float, limit: int = 500) -> list[str]:
    """In-progress collections whose worker stopped beating for `lease_s`: back to queued. Returns their ids.

    The UPDATE re-checks status and heartbeat row by row, so two reconcilers never both take the same row."""
    cutoff = _cutoff(lease_s)
    ids = list(session.scalars(
        select(Collection.id).where(Collection.status == "in_progress", Collection.updated_at < cutoff)
        .order_by(Collection.updated_at).limit(limit)
    ))
    taken = []
    for collection_id in ids:
        now = utcnow()
        if rows_changed(session,
            update(Collection)
            .where(Collection.id == collection_id, Collection.status == "in_progress",
                   Collection.updated_at < cutoff)
            .values(status="queued", updated_at=now)
        ):
            taken.append(collection_id)
    return taken


def unsent_queued(session: Session, older_than_s: float, limit: int = 1000) -> list[str]:
    """Queued collections untouched for `older_than_s`, oldest first; marks them as sent now (updated_at)."""
    cutoff = _cutoff(older_than_s)
    ids = list(session.scalars(
        select(Collection.id).where(Collection.status == "queued", Collection.updated_at < cutoff)
        .order_by(Collection.queued_at, Collection.id).limit(limit)
    ))
    if ids:
        session.execute(update(Collection).where(Collection.id.in_(ids), Collection.status == "queued")
                        .values(updated_at=utcnow()))
    return ids


def count_by_status(session: Session) -> dict[str, int]:
    rows = session.execute(select(Collection.status, func.count()).group_by(Collection.status)).all()
    return {status: count for status, count in rows}
