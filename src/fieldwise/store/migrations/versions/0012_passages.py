"""passages: what `ask` searches, indexed when a run is recorded (SQLite FTS5, PostgreSQL full-text search);
knowledge threads: the last question of each ask thread, per organization and workflow

Revision ID: 0012_passages
Revises: 0011_reference_reads
"""
from alembic import op
import sqlalchemy as sa


revision = '0012_passages'
down_revision = '0011_reference_reads'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'passages',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('organization_id', sa.String(length=36), nullable=False),
        sa.Column('workflow_id', sa.String(length=36), nullable=False),
        sa.Column('collection_id', sa.String(length=36), nullable=False),
        sa.Column('path', sa.String(length=600), nullable=False),
        sa.Column('block_id', sa.String(length=64), nullable=False),
        sa.Column('page', sa.Integer(), nullable=False),
        sa.Column('file_id', sa.String(length=36), nullable=True),
        sa.Column('file_page', sa.Integer(), nullable=True),
        sa.Column('bbox', sa.JSON(), nullable=True),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('terms', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['workflow_id'], ['workflows.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['collection_id'], ['collections.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_passages_organization_id', 'passages', ['organization_id'])
    op.create_index('ix_passages_workflow_id', 'passages', ['workflow_id'])
    op.create_index('ix_passages_collection_id', 'passages', ['collection_id'])
    if op.get_bind().dialect.name == 'sqlite':
        # an external-content FTS5 index over `terms`, kept in step by triggers (cascaded deletes fire them too)
        op.execute("CREATE VIRTUAL TABLE passage_search USING fts5(terms, content='passages', content_rowid='id', "
                   "tokenize='unicode61 remove_diacritics 2')")
        op.execute("CREATE VIRTUAL TABLE passage_search_vocab USING fts5vocab(passage_search, 'row')")
        op.execute("CREATE TRIGGER passages_ai AFTER INSERT ON passages BEGIN "
                   "INSERT INTO passage_search(rowid, terms) VALUES (new.id, new.terms); END")
        op.execute("CREATE TRIGGER passages_ad AFTER DELETE ON passages BEGIN "
                   "INSERT INTO passage_search(passage_search, rowid, terms) VALUES ('delete', old.id, old.terms); "
                   "END")
    else:
        op.execute("CREATE INDEX ix_passages_search ON passages USING gin (to_tsvector('simple', terms))")
    op.create_table(
        'knowledge_threads',
        sa.Column('organization_id', sa.String(length=36), nullable=False),
        sa.Column('workflow_id', sa.String(length=36), nullable=False),
        sa.Column('thread_id', sa.String(length=200), nullable=False),
        sa.Column('question', sa.Text(), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['workflow_id'], ['workflows.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('organization_id', 'workflow_id', 'thread_id'),
    )
    op.create_index('ix_knowledge_threads_updated_at', 'knowledge_threads', ['updated_at'])
    _backfill(op.get_bind())


def _backfill(connection: sa.Connection) -> None:
    """The documents processed before this revision, indexed as a worker indexes a run: one parse at a time."""
    from fieldwise.workflows.knowledge import index_rows

    packets = connection.execute(sa.text(
        "SELECT id, organization_id, workflow_id, latest_run_id FROM collections WHERE kind = 'extraction' "
        "AND purpose = 'production' AND status = 'processed' AND workflow_id IS NOT NULL "
        "AND latest_run_id IS NOT NULL")).all()
    passages = sa.table('passages', *(sa.column(c) for c in (
        'organization_id', 'workflow_id', 'collection_id', 'path', 'block_id', 'page', 'file_id', 'file_page',
        'bbox', 'text', 'terms')))
    for packet in packets:
        parse = connection.execute(sa.select(sa.column('parse', sa.JSON)).select_from(sa.table('results')).where(
            sa.column('run_id') == packet.latest_run_id)).scalar()
        files = [(f.id, f.filename) for f in connection.execute(sa.text(
            "SELECT id, filename FROM files WHERE collection_id = :c ORDER BY created_at"), {"c": packet.id})]
        rows = [{**row, "organization_id": packet.organization_id, "workflow_id": packet.workflow_id,
                 "collection_id": packet.id} for row in index_rows(packet.id, files, parse or {}) if row["terms"]]
        if rows:
            connection.execute(sa.insert(passages), rows)


def downgrade() -> None:
    op.drop_table('knowledge_threads')
    if op.get_bind().dialect.name == 'sqlite':
        op.execute("DROP TRIGGER IF EXISTS passages_ad")
        op.execute("DROP TRIGGER IF EXISTS passages_ai")
        op.execute("DROP TABLE IF EXISTS passage_search_vocab")
        op.execute("DROP TABLE IF EXISTS passage_search")
    op.drop_table('passages')
