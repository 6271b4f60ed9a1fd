"""v3 datasets, ground truth and evals (spec v3 D15): dataset tags, ground truth per (packet, extract node) with one
row per field, evals and the runs they started; edit references (D22); the filter node's verdict and slack alerts on results, Slack channels (D7).

Revision ID: 0006_v3_datasets_and_evals
Revises: 0005_v3_runs_and_packets
"""
from alembic import op
import sqlalchemy as sa

revision = "0006_v3_datasets_and_evals"
down_revision = "0005_v3_runs_and_packets"
branch_labels = None
depends_on = None


def _org(table: str) -> list:
    return [sa.Column("organization_id", sa.String(length=36), nullable=False),
            sa.ForeignKeyConstraint(["organization_id"], ["organizations.id"], ondelete="CASCADE",
                                    name=f"fk_{table}_organization")]


def upgrade() -> None:
    with op.batch_alter_table("results") as batch:
        batch.add_column(sa.Column("filtered", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("alerts", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("file_pages", sa.JSON(), nullable=True))
    op.create_table(
        "slack_channels",
        *_org("slack_channels"),
        sa.Column("channel_id", sa.String(length=100), nullable=False),
        sa.Column("webhook_id", sa.String(length=40), sa.ForeignKey("webhooks.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("organization_id", "channel_id"),
    )
    op.create_table(
        "dataset_tags",
        sa.Column("id", sa.String(length=36), primary_key=True),
        *_org("dataset_tags"),
        sa.Column("workflow_id", sa.String(length=36), sa.ForeignKey("workflows.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("workflow_id", "name", name="uq_dataset_tags_name"),
    )
    op.create_index("ix_dataset_tags_organization_id", "dataset_tags", ["organization_id"])
    op.create_index("ix_dataset_tags_workflow_id", "dataset_tags", ["workflow_id"])
    op.create_table(
        "packet_tags",
        sa.Column("collection_id", sa.String(length=36), sa.ForeignKey("collections.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("tag_id", sa.String(length=36), sa.ForeignKey("dataset_tags.id", ondelete="CASCADE"),
                  primary_key=True),
    )
    op.create_index("ix_packet_tags_tag_id", "packet_tags", ["tag_id"])
    op.create_table(
        "ground_truth_sets",
        sa.Column("collection_id", sa.String(length=36), sa.ForeignKey("collections.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("node_id", sa.String(length=200), primary_key=True),
        *_org("ground_truth_sets"),
        sa.Column("workflow_id", sa.String(length=36), sa.ForeignKey("workflows.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("version_id", sa.String(length=16), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_ground_truth_sets_organization_id", "ground_truth_sets", ["organization_id"])
    op.create_index("ix_ground_truth_sets_workflow_id", "ground_truth_sets", ["workflow_id"])
    op.create_table(
        "ground_truth_values",
        sa.Column("collection_id", sa.String(length=36), primary_key=True),
        sa.Column("node_id", sa.String(length=200), primary_key=True),
        sa.Column("persistent_id", sa.String(length=36), primary_key=True),
        *_org("ground_truth_values"),
        sa.Column("workflow_id", sa.String(length=36), sa.ForeignKey("workflows.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("field_key", sa.String(length=64), nullable=False),
        sa.Column("data_type", sa.String(length=16), nullable=False),
        sa.Column("value", sa.JSON(none_as_null=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["collection_id", "node_id"],
                                ["ground_truth_sets.collection_id", "ground_truth_sets.node_id"],
                                ondelete="CASCADE"),
    )
    op.create_index("ix_ground_truth_values_organization_id", "ground_truth_values", ["organization_id"])
    op.create_index("ix_ground_truth_values_workflow_id", "ground_truth_values", ["workflow_id"])
    op.create_table(
        "evals",
        sa.Column("id", sa.String(length=36), primary_key=True),
        *_org("evals"),
        sa.Column("workflow_id", sa.String(length=36), sa.ForeignKey("workflows.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("run_number", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.String(length=16), nullable=False),
        sa.Column("dataset_tag_ids", sa.JSON(), nullable=False),
        sa.Column("untagged", sa.Boolean(), nullable=False),
        sa.Column("file_count", sa.Integer(), nullable=False),
        sa.Column("failed_count", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_evals_organization_id", "evals", ["organization_id"])
    op.create_index("ix_evals_workflow_id", "evals", ["workflow_id"])
    op.create_table(
        "eval_items",
        sa.Column("eval_id", sa.String(length=36), sa.ForeignKey("evals.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("collection_id", sa.String(length=36), sa.ForeignKey("collections.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("run_id", sa.String(length=36), nullable=True),
        sa.Column("tag_ids", sa.JSON(), nullable=False),
    )


    op.create_table(
        "edit_references",
        sa.Column("id", sa.String(length=36), primary_key=True),
        *_org("edit_references"),
        sa.Column("workflow_id", sa.String(length=36), sa.ForeignKey("workflows.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("name", sa.String(length=500), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("truncated", sa.Boolean(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_edit_references_organization_id", "edit_references", ["organization_id"])
    op.create_index("ix_edit_references_workflow_id", "edit_references", ["workflow_id"])


def downgrade() -> None:
    op.drop_table("slack_channels")
    with op.batch_alter_table("results") as batch:
        batch.drop_column("file_pages")
        batch.drop_column("alerts")
        batch.drop_column("filtered")
    op.drop_table("edit_references")
    for table in ("eval_items", "evals", "ground_truth_values", "ground_truth_sets", "packet_tags", "dataset_tags"):
        op.drop_table(table)
