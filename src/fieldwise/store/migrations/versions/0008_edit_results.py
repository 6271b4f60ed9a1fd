"""edit results: what a v3 edit node filled in each PDF of a run, with the blob key of the filled PDF

Revision ID: 0008_edit_results
Revises: 0007_review_sessions
"""
from alembic import op
import sqlalchemy as sa


revision = '0008_edit_results'
down_revision = '0007_review_sessions'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('results', schema=None) as batch_op:
        batch_op.add_column(sa.Column('edits', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('results', schema=None) as batch_op:
        batch_op.drop_column('edits')
