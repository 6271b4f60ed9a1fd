"""The Alembic migrations give the same schema on SQLite and on PostgreSQL, and run twice without harm."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import inspect

from fieldwise.store.db import Database
from tests.support.services import PostgresDatabase


def _schema(db: Database) -> dict[str, set[str]]:
    """Tables and their columns; SQLite's FTS5 index tables for `ask` (PostgreSQL's is a GIN index) left out."""
    inspector = inspect(db.engine)
    return {table: {column["name"] for column in inspector.get_columns(table)}
            for table in inspector.get_table_names() if not table.startswith("passage_search")}


def test_same_schema_on_sqlite_and_postgresql(tmp_path: Path) -> None:
    sqlite = Database(f"sqlite:///{tmp_path / 'f.db'}")
    postgres_db = PostgresDatabase()
    postgres = Database(postgres_db.url)
    try:
        for db in (sqlite, postgres):
            db.migrate()
            db.migrate()
        assert _schema(sqlite) == _schema(postgres)
        assert "collections" in _schema(postgres)
    finally:
        sqlite.dispose()
        postgres.dispose()
        postgres_db.close()
