"""A Celery worker stuck past the time limit ends its own process (jobs.worker); the reconciler then finds its
row with a lapsed lease. Such a row ends in error with the time limit as its reason instead of running again,
while a row whose worker vanished early goes back to the queue as before."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from fieldwise.store import accounts, collections, leases
from fieldwise.store.db import Database
from fieldwise.store.tables import Collection, utcnow


def _in_progress(db: Database, org_id: str, started_s_ago: float) -> str:
    with db.session() as session:
        row = collections.create(session, org_id, None, None, kind="parse")
        then = utcnow() - timedelta(seconds=started_s_ago)
        row.status, row.started_at, row.updated_at, row.attempts = "in_progress", then, then, 1
        return row.id


def test_a_lapsed_run_older_than_the_time_limit_ends_with_that_reason_and_a_young_one_is_requeued(
        tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'leases.db'}")
    db.migrate()
    with db.session() as session:
        org_id = accounts.create_key(session, "acme")[0].id
    overdue = _in_progress(db, org_id, started_s_ago=700)
    young = _in_progress(db, org_id, started_s_ago=60)
    with db.session() as session:
        ended = leases.end_overdue(session, lease_s=30, deadline_s=610, reason="the time limit of 600 s")
    with db.session() as session:
        requeued = leases.requeue_stale(session, lease_s=30)
    assert (ended, requeued) == ([overdue], [young])
    with db.session() as session:
        row = session.get(Collection, overdue)
        assert (row.status, row.error) == ("error", "the time limit of 600 s")
        assert session.get(Collection, young).status == "queued"
    db.dispose()
