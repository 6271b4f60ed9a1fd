"""graph results: classifications, splits, per-part extractions and validations of typed-graph runs

Revision ID: 0004
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0001'
branch_labels = None
depends_on = None

_COLUMNS = ("classifications", "splits", "extractions", "validations")


def upgrade() -> None:
    with op.batch_alter_table('results', schema=None) as batch_op:
        for name in _COLUMNS:
            batch_op.add_column(sa.Column(name, sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('results', schema=None) as batch_op:
        for name in reversed(_COLUMNS):
            batch_op.drop_column(name)
