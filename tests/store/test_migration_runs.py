"""The v3 migration (0005) turns every collection that was ever queued into a packet with one run that keeps its
status and its results, and labels versions 1.0, 2.0, ..., on SQLite and on PostgreSQL alike."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest
from sqlalchemy import text

from fieldwise.store.db import Database
from tests.support.services import PostgresDatabase

BEFORE_V3 = "0002_webhook_deliveries_and_reviews"


def _seed(db: Database) -> None:
    now = datetime(2026, 11, 1, 12, 0, tzinfo=timezone.utc)
    with db.engine.begin() as conn:
        conn.execute(text("INSERT INTO organizations (id, name, created_at) VALUES ('o1', 'acme', :t)"), {"t": now})
        conn.execute(text("INSERT INTO workflows (id, organization_id, name, current_version_id, created_at, "
                          "updated_at) VALUES ('w1', 'o1', 'Invoices', 'V2', :t, :t)"), {"t": now})
        for vid, minute in (("V1", 0), ("V2", 5)):
            conn.execute(text("INSERT INTO workflow_versions (id, workflow_id, definition, created_at) "
                              "VALUES (:v, 'w1', '{}', :t)"), {"v": vid, "t": now.replace(minute=minute)})
        for cid, status in (("c-done", "processed"), ("c-pending", "pending"), ("c-failed", "error")):
            conn.execute(text(
                "INSERT INTO collections (id, organization_id, workflow_id, version_id, kind, status, error, "
                "attempts, created_at, updated_at) VALUES (:c, 'o1', 'w1', 'V2', 'extraction', :s, :e, 1, :t, :t)"),
                {"c": cid, "s": status, "e": "unreadable" if status == "error" else None, "t": now})
        conn.execute(text(
            "INSERT INTO results (collection_id, parse, extraction, page_count, warnings, timings, created_at) "
            "VALUES ('c-done', '{\"markdown\": \"# hi\"}', '{\"total\": {\"value\": 3}}', 1, '[]', '{}', :t)"),
            {"t": now})


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_collections_become_packets_with_one_run_each(backend: str, tmp_path: Path) -> None:
    pg = PostgresDatabase() if backend == "postgresql" else None
    db = Database(pg.url if pg else f"sqlite:///{tmp_path / 'f.db'}")
    try:
        db.migrate(BEFORE_V3)
        _seed(db)
        db.migrate()
        with db.engine.connect() as conn:
            runs = {r.collection_id: r for r in conn.execute(text("SELECT * FROM runs"))}
            packets = {r.id: r for r in conn.execute(text("SELECT id, latest_run_id, purpose FROM collections"))}
            result = conn.execute(text("SELECT run_id, collection_id, extraction FROM results")).one()
            labels = dict(conn.execute(text("SELECT id, label FROM workflow_versions")).all())
        assert set(runs) == {"c-done", "c-failed"}  # a never-run collection has no run
        assert (runs["c-done"].status, runs["c-failed"].status, runs["c-failed"].error) == (
            "processed", "error", "unreadable")
        assert packets["c-done"].latest_run_id == runs["c-done"].id and packets["c-pending"].latest_run_id is None
        assert {p.purpose for p in packets.values()} == {"production"}
        assert (result.run_id, result.collection_id) == (runs["c-done"].id, "c-done")
        assert labels == {"V1": "1.0", "V2": "2.0"}
        db.migrate()  # a second start changes nothing
    finally:
        db.dispose()
        if pg:
            pg.close()
