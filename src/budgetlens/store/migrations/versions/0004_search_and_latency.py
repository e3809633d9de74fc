"""Search by name (FTS5 trigram / pg_trgm) and indexes for the fact lists (issue #9): additive.

Revision ID: 0004
Revises: 0002
Create Date: 2026-12-06

Replaces the facts index (measure, basis) by (measure, basis, document_id), which answers a fact
list's filter and its join to the documents from the index alone. Adds ``search_entries`` (store/schema_search.py) filled with the units and the current documents
already stored (classification items are synced from the rules when the library is opened,
store/search.py), and its text index: on SQLite an FTS5 ``trigram`` table kept in step by
triggers, on PostgreSQL a GIN ``gin_trgm_ops`` index (``CREATE EXTENSION IF NOT EXISTS pg_trgm``;
a server where the extension cannot be created keeps working, with searches as table scans). On
PostgreSQL also ``ix_facts_measure_pattern`` (``text_pattern_ops``), so that a measure *prefix*
(``LIKE 'expense.general.function.%'``) is an index range whatever the database's collation (on
SQLite the query layer asks the range itself, which the existing (measure, basis) index serves).

Chained after 0002; the review tables, written on another branch at the same time as "0003",
follow it as revision 0005 (one line of revisions: 0002 → 0004 → 0005).
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = '0004'
down_revision: Union[str, Sequence[str], None] = '0002'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

SQLITE_FTS = (
    "CREATE VIRTUAL TABLE search_fts USING fts5(name, content='search_entries', "
    "content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER search_entries_ai AFTER INSERT ON search_entries BEGIN "
    "INSERT INTO search_fts(rowid, name) VALUES (new.id, new.name); END",
    "CREATE TRIGGER search_entries_ad AFTER DELETE ON search_entries BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, name) VALUES ('delete', old.id, old.name); END",
    "CREATE TRIGGER search_entries_au AFTER UPDATE ON search_entries BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, name) VALUES ('delete', old.id, old.name); "
    "INSERT INTO search_fts(rowid, name) VALUES (new.id, new.name); END",
)


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('search_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Text(), nullable=False),
    sa.Column('ref', sa.Text(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('label', sa.Text(), nullable=False),
    sa.Column('scheme', sa.Text(), nullable=False),
    sa.Column('region_code', sa.Text(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=True),
    sa.Column('document_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_search_entries_document_id_documents'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_entries'))
    )
    op.create_index(op.f('ix_search_entries_document_id'), 'search_entries', ['document_id'], unique=False)
    op.create_index('ix_search_entries_kind_ref', 'search_entries', ['kind', 'ref'], unique=False)
    # (measure, basis, document_id) covers a fact list's filter and its join to documents
    op.create_index('ix_facts_measure_basis_document', 'facts', ['measure', 'basis', 'document_id'], unique=False)
    op.drop_index('ix_facts_measure_basis', table_name='facts')
    bind = op.get_bind()
    if bind.dialect.name == 'sqlite':
        for statement in SQLITE_FTS:
            op.execute(statement)
    elif bind.dialect.name == 'postgresql':
        _postgres_indexes(bind)
    _backfill(bind)


def _postgres_indexes(bind: sa.Connection) -> None:
    """pg_trgm where it can be had (a trusted extension since PostgreSQL 13: the database's
    owner may create it); its operator class is named with the schema it lives in, which need not
    be on the search path."""
    schema = bind.execute(sa.text(
        "SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'pg_trgm'")).scalar()
    # In ``public`` when it can be: an extension belongs to the database, not to the schema the
    # library is in, and must outlive that schema (a library dropped with its schema must not
    # take the operator class other libraries' indexes use with it).
    for statement in ("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public",
                      "CREATE EXTENSION IF NOT EXISTS pg_trgm"):
        if schema is not None:
            break
        try:
            with bind.begin_nested():
                bind.execute(sa.text(statement))
        except sa.exc.DBAPIError:
            continue
        schema = bind.execute(sa.text(
            "SELECT extnamespace::regnamespace::text FROM pg_extension "
            "WHERE extname = 'pg_trgm'")).scalar()
    if schema is not None:
        op.execute(f'CREATE INDEX ix_search_entries_trgm ON search_entries '
                   f'USING gin (name {schema}.gin_trgm_ops)')
    op.execute('CREATE INDEX ix_facts_measure_pattern ON facts (measure text_pattern_ops)')


def _backfill(bind: sa.Connection) -> None:
    """Entries for what is stored already: every unit, every current document read."""
    from budgetlens.store.search import document_entry

    bind.execute(sa.text(
        "INSERT INTO search_entries (kind, ref, name, label, scheme, region_code, year, document_id) "
        "SELECT 'unit', CAST(id AS TEXT), name, name, '', region_code, NULL, NULL FROM units"))
    docs = bind.execute(sa.text(
        "SELECT id, unit_name, year, level, kind, region_code, source FROM documents "
        "WHERE superseded_by IS NULL AND status = 'ok'")).mappings().all()
    rows = [document_entry(d['id'], d) for d in docs]
    if rows:
        bind.execute(sa.text(
            "INSERT INTO search_entries (kind, ref, name, label, scheme, region_code, year, document_id) "
            "VALUES (:kind, :ref, :name, :label, :scheme, :region_code, :year, :document_id)"), rows)


def downgrade() -> None:
    """Downgrade schema."""
    bind = op.get_bind()
    if bind.dialect.name == 'sqlite':
        for name in ('search_entries_au', 'search_entries_ad', 'search_entries_ai'):
            op.execute(f'DROP TRIGGER IF EXISTS {name}')
        op.execute('DROP TABLE IF EXISTS search_fts')
    elif bind.dialect.name == 'postgresql':
        op.execute('DROP INDEX IF EXISTS ix_facts_measure_pattern')
        op.execute('DROP INDEX IF EXISTS ix_search_entries_trgm')
    op.create_index('ix_facts_measure_basis', 'facts', ['measure', 'basis'], unique=False)
    op.drop_index('ix_facts_measure_basis_document', table_name='facts')
    op.drop_index('ix_search_entries_kind_ref', table_name='search_entries')
    op.drop_index(op.f('ix_search_entries_document_id'), table_name='search_entries')
    op.drop_table('search_entries')
