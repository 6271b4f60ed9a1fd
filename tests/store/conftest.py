"""A migrated database of each kind for the store's tests: SQLite in the test's folder, PostgreSQL of its own."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest

from fieldwise.store.db import Database
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
