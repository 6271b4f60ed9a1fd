"""v3: runs (each processing attempt of a collection, which v3 calls a document packet), results per run,
packet purpose and latest run, version labels MAJOR.MINOR, idempotency keys. Existing data migrates: every
collection that was ever queued gets one run holding its status and its results.

Revision ID: 0005_v3_runs_and_packets
Revises: 0002_webhook_deliveries_and_reviews
"""
from alembic import op
import sqlalchemy as sa

from fieldwise.store.ids import new_id

revision = "0005_v3_runs_and_packets"
down_revision = "0002_webhook_deliveries_and_reviews"
branch_labels = None
depends_on = None

_RESULT_COLUMNS = ("collection_id", "parse", "extraction", "page_count", "warnings", "timings", "classifications",
                   "splits", "extractions", "validations", "created_at")


def _results_table(name: str) -> None:
    op.create_table(
        name,
        sa.Column("run_id", sa.String(length=36), nullable=False),
        sa.Column("collection_id", sa.String(length=36), nullable=False),
        sa.Column("parse", sa.JSON(), nullable=False),
        sa.Column("extraction", sa.JSON(), nullable=False),
        sa.Column("page_count", sa.Integer(), nullable=False),
        sa.Column("warnings", sa.JSON(), nullable=False),
        sa.Column("timings", sa.JSON(), nullable=False),
        sa.Column("classifications", sa.JSON(), nullable=True),
        sa.Column("splits", sa.JSON(), nullable=True),
        sa.Column("extractions", sa.JSON(), nullable=True),
        sa.Column("validations", sa.JSON(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["run_id"], ["runs.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["collection_id"], ["collections.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("run_id"),
    )


def upgrade() -> None:
    with op.batch_alter_table("workflow_versions") as batch:
        batch.add_column(sa.Column("label", sa.String(length=16), nullable=True))
    with op.batch_alter_table("collections") as batch:
        batch.add_column(sa.Column("latest_run_id", sa.String(length=36), nullable=True))
        batch.add_column(sa.Column("purpose", sa.String(length=16), nullable=False, server_default="production"))
    op.create_table(
        "runs",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("organization_id", sa.String(length=36), nullable=False),
        sa.Column("collection_id", sa.String(length=36), nullable=False),
        sa.Column("workflow_id", sa.String(length=36), nullable=True),
        sa.Column("version_id", sa.String(length=16), nullable=True),
        sa.Column("purpose", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("processed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["organization_id"], ["organizations.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["collection_id"], ["collections.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_runs_organization_id", "runs", ["organization_id"])
    op.create_index("ix_runs_collection_id", "runs", ["collection_id"])
    op.create_index("ix_runs_workflow_id", "runs", ["workflow_id"])
    op.create_table(
        "split_refs",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("organization_id", sa.String(length=36), nullable=False),
        sa.Column("run_id", sa.String(length=36), nullable=False),
        sa.Column("files", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["organization_id"], ["organizations.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["run_id"], ["runs.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_split_refs_run_id", "split_refs", ["run_id"])
    op.create_table(
        "idempotency_keys",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("organization_id", sa.String(length=36), nullable=False),
        sa.Column("scope", sa.String(length=600), nullable=False),
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=True),
        sa.Column("body", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["organization_id"], ["organizations.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("organization_id", "scope", "key", name="uq_idempotency_keys"),
    )
    _migrate_data()


def _migrate_data() -> None:
    bind = op.get_bind()
    collections = sa.table(
        "collections", sa.column("id"), sa.column("organization_id"), sa.column("workflow_id"),
        sa.column("version_id"), sa.column("kind"), sa.column("status"), sa.column("error"),
        sa.column("created_at"), sa.column("updated_at"), sa.column("queued_at"), sa.column("started_at"),
        sa.column("processed_at"), sa.column("latest_run_id"),
    )
    runs = sa.table(
        "runs", sa.column("id"), sa.column("organization_id"), sa.column("collection_id"), sa.column("workflow_id"),
        sa.column("version_id"), sa.column("purpose"), sa.column("status"), sa.column("error"),
        sa.column("created_at"), sa.column("updated_at"), sa.column("started_at"), sa.column("processed_at"),
    )
    rows = bind.execute(sa.select(collections).where(collections.c.status != "pending")).all()
    for row in rows:
        run_id = new_id()
        bind.execute(runs.insert().values(
            id=run_id, organization_id=row.organization_id, collection_id=row.id, workflow_id=row.workflow_id,
            version_id=row.version_id, purpose="parse" if row.kind == "parse" else "production", status=row.status,
            error=row.error, created_at=row.queued_at or row.created_at, updated_at=row.updated_at,
            started_at=row.started_at, processed_at=row.processed_at,
        ))
        bind.execute(collections.update().where(collections.c.id == row.id).values(latest_run_id=run_id))
    # results move from one per collection to one per run: a new table keyed by run, the rows copied across
    _results_table("results_v3")
    columns = ", ".join(_RESULT_COLUMNS)
    bind.execute(sa.text(
        f"INSERT INTO results_v3 (run_id, {columns}) SELECT c.latest_run_id, "
        + ", ".join(f"r.{c}" for c in _RESULT_COLUMNS)
        + " FROM results r JOIN collections c ON c.id = r.collection_id WHERE c.latest_run_id IS NOT NULL"
    ))
    op.drop_table("results")
    op.rename_table("results_v3", "results")
    op.create_index("ix_results_collection_id", "results", ["collection_id"])
    # version labels: a workflow's versions in order are 1.0, 2.0, ... (v2 PUTs always replaced the definition)
    versions = sa.table("workflow_versions", sa.column("id"), sa.column("workflow_id"), sa.column("created_at"),
                        sa.column("label"))
    seen: dict[str, int] = {}
    for version in bind.execute(sa.select(versions).order_by(versions.c.workflow_id, versions.c.created_at,
                                                             versions.c.id)).all():
        seen[version.workflow_id] = seen.get(version.workflow_id, 0) + 1
        bind.execute(versions.update().where(versions.c.id == version.id)
                     .values(label=f"{seen[version.workflow_id]}.0"))


def downgrade() -> None:
    op.create_table(
        "results_v2",
        sa.Column("collection_id", sa.String(length=36), nullable=False),
        *[sa.Column(c, sa.JSON(), nullable=True) for c in ("parse", "extraction", "warnings", "timings",
                                                           "classifications", "splits", "extractions",
                                                           "validations")],
        sa.Column("page_count", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["collection_id"], ["collections.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("collection_id"),
    )
    columns = ", ".join(_RESULT_COLUMNS)
    op.get_bind().execute(sa.text(
        f"INSERT INTO results_v2 ({columns}) SELECT " + ", ".join(f"r.{c}" for c in _RESULT_COLUMNS)
        + " FROM results r JOIN collections c ON c.latest_run_id = r.run_id"
    ))
    op.drop_table("results")
    op.rename_table("results_v2", "results")
    op.drop_table("idempotency_keys")
    op.drop_table("split_refs")
    op.drop_table("runs")
    with op.batch_alter_table("collections") as batch:
        batch.drop_column("purpose")
        batch.drop_column("latest_run_id")
    with op.batch_alter_table("workflow_versions") as batch:
        batch.drop_column("label")
