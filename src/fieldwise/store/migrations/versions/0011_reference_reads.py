"""edit references are read by the workers: a PDF reference is a collection of kind `reference`, queued like any
document, and the reference row names it

Revision ID: 0011_reference_reads
Revises: 0010_layout_memory
"""
from alembic import op
import sqlalchemy as sa


revision = '0011_reference_reads'
down_revision = '0010_layout_memory'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('edit_references', schema=None) as batch_op:
        batch_op.add_column(sa.Column('collection_id', sa.String(length=36), nullable=True))
        batch_op.create_foreign_key('fk_edit_references_collection_id', 'collections', ['collection_id'], ['id'],
                                    ondelete='SET NULL')
        batch_op.create_index('ix_edit_references_collection_id', ['collection_id'])
    # a PDF left pending by the thread that read it before has no bytes kept to read again
    op.execute("UPDATE edit_references SET status = 'error', error = 'the server restarted before the file was "
               "read; upload it again' WHERE status = 'pending'")


def downgrade() -> None:
    with op.batch_alter_table('edit_references', schema=None) as batch_op:
        batch_op.drop_index('ix_edit_references_collection_id')
        batch_op.drop_constraint('fk_edit_references_collection_id', type_='foreignkey')
        batch_op.drop_column('collection_id')
