"""workflow calibration: each workflow's own confidence remap, fitted from its reviewed values

Revision ID: 0009_workflow_calibration
Revises: 0008_edit_results
"""
from alembic import op
import sqlalchemy as sa


revision = '0009_workflow_calibration'
down_revision = '0008_edit_results'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'workflow_calibrations',
        sa.Column('workflow_id', sa.String(length=36), nullable=False),
        sa.Column('organization_id', sa.String(length=36), nullable=False),
        sa.Column('fitted', sa.Boolean(), nullable=False),
        sa.Column('remap', sa.JSON(), nullable=False),
        sa.Column('reviewed', sa.Integer(), nullable=False),
        sa.Column('seen', sa.Integer(), nullable=False),
        sa.Column('ece_before', sa.Float(), nullable=True),
        sa.Column('ece_after', sa.Float(), nullable=True),
        sa.Column('fitted_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['workflow_id'], ['workflows.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('workflow_id'),
    )
    op.create_index('ix_workflow_calibrations_organization_id', 'workflow_calibrations', ['organization_id'])


def downgrade() -> None:
    op.drop_index('ix_workflow_calibrations_organization_id', table_name='workflow_calibrations')
    op.drop_table('workflow_calibrations')
