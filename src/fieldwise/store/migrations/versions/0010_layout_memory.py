"""layout memory: what reviewed values teach about their layout (one row per document and field), and the words
and boxes of each run's document that a later review learns from

Revision ID: 0010_layout_memory
Revises: 0009_workflow_calibration
"""
from alembic import op
import sqlalchemy as sa


revision = '0010_layout_memory'
down_revision = '0009_workflow_calibration'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'layout_memories',
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('organization_id', sa.String(length=36), nullable=False),
        sa.Column('workflow_id', sa.String(length=36), nullable=False),
        sa.Column('collection_id', sa.String(length=36), nullable=False),
        sa.Column('field', sa.String(length=300), nullable=False),
        sa.Column('value', sa.JSON(none_as_null=True), nullable=True),
        sa.Column('lesson', sa.JSON(), nullable=False),
        sa.Column('fingerprint', sa.JSON(), nullable=False),
        sa.Column('hits', sa.JSON(), nullable=False),
        sa.Column('misses', sa.JSON(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['workflow_id'], ['workflows.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['collection_id'], ['collections.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('collection_id', 'field', name='uq_layout_memories_source'),
    )
    op.create_index('ix_layout_memories_organization_id', 'layout_memories', ['organization_id'])
    op.create_index('ix_layout_memories_collection_id', 'layout_memories', ['collection_id'])
    op.create_index('ix_layout_memories_workflow', 'layout_memories', ['workflow_id', 'field'])
    with op.batch_alter_table('results', schema=None) as batch_op:
        batch_op.add_column(sa.Column('layout', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('results', schema=None) as batch_op:
        batch_op.drop_column('layout')
    op.drop_index('ix_layout_memories_workflow', table_name='layout_memories')
    op.drop_index('ix_layout_memories_collection_id', table_name='layout_memories')
    op.drop_index('ix_layout_memories_organization_id', table_name='layout_memories')
    op.drop_table('layout_memories')
