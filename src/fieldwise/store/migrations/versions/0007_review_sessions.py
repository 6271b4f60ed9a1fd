"""review sessions: server-side review UI sessions (random ids, expiry, revocation), the server's secrets, and
the size of each stored parse (so reads can tell it is too large without loading it)

Revision ID: 0007_review_sessions
Revises: 0006_v3_datasets_and_evals
"""
import secrets

from alembic import op
import sqlalchemy as sa


revision = '0007_review_sessions'
down_revision = '0006_v3_datasets_and_evals'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'review_sessions',
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('api_key_id', sa.String(length=36), nullable=False),
        sa.Column('organization_id', sa.String(length=36), nullable=False),
        sa.Column('csrf', sa.String(length=64), nullable=False),
        sa.Column('reviewer', sa.String(length=200), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['api_key_id'], ['api_keys.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('token_hash'),
    )
    op.create_index('ix_review_sessions_api_key_id', 'review_sessions', ['api_key_id'])
    op.create_index('ix_review_sessions_organization_id', 'review_sessions', ['organization_id'])
    secrets_table = op.create_table(
        'server_secrets',
        sa.Column('name', sa.String(length=64), nullable=False),
        sa.Column('value', sa.String(length=128), nullable=False),
        sa.PrimaryKeyConstraint('name'),
    )
    op.bulk_insert(secrets_table, [{'name': 'review_login', 'value': secrets.token_hex(32)}])
    with op.batch_alter_table('results', schema=None) as batch_op:
        batch_op.add_column(sa.Column('parse_size', sa.Integer(), nullable=True))
    results = sa.table('results', sa.column('parse', sa.JSON()), sa.column('parse_size', sa.Integer()))
    op.execute(results.update().values(parse_size=sa.func.length(sa.cast(results.c.parse, sa.Text()))))


def downgrade() -> None:
    with op.batch_alter_table('results', schema=None) as batch_op:
        batch_op.drop_column('parse_size')
    op.drop_table('server_secrets')
    op.drop_index('ix_review_sessions_organization_id', table_name='review_sessions')
    op.drop_index('ix_review_sessions_api_key_id', table_name='review_sessions')
    op.drop_table('review_sessions')
