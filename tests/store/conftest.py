"""A migrated database of each kind for the store's tests: SQLite in the test's folder, PostgreSQL of its own."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest
from sqlalchemy.orm import Session

from fieldwise.store import workflows
from fieldwise.store.db import Database
from fieldwise.store.tables import Organization
from tests.support.services import PostgresDatabase


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    server = PostgresDatabase() if request.param == "postgresql" else None
    made = Database(server.url if server else f"sqlite:///{tmp_path / 'store.db'}")
    made.migrate()
    yield made
    made.dispose()
    if server is not None:
        server.close()


def two_tenants(session: Session) -> tuple[list[Organization], str, str]:
    """Two organizations and a workflow of each: ([a, b], a's workflow id, b's workflow id)."""
    orgs = [Organization(name="a"), Organization(name="b")]
    session.add_all(orgs)
    session.flush()
    mine = workflows.create(session, orgs[0].id, "w", None, {"fields": []}).id
    theirs = workflows.create(session, orgs[1].id, "w", None, {"fields": []}).id
    return orgs, mine, theirs
