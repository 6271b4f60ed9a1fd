"""Alembic environment: runs on the connection fieldwise hands it (see fieldwise.store.db.Database.migrate)."""

from alembic import context
from sqlalchemy import create_engine

from fieldwise.store.tables import Base

config = context.config
connection = config.attributes.get("connection")


def _run(conn) -> None:  # noqa: ANN001
    context.configure(connection=conn, target_metadata=Base.metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


if connection is not None:
    _run(connection)
else:  # `alembic` on the command line, for writing new revisions
    with create_engine(config.get_main_option("sqlalchemy.url") or "").begin() as conn:
        _run(conn)
