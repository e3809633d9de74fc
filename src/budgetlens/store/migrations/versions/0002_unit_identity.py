"""Unit identity and cross-document checks (issue #9): additive only.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-06

Adds ``units.identity_key`` / ``units.canonical_id`` (one identity for the printed names of a unit,
rules/units.toml), ``unit_overrides`` (manual merges and splits), ``claims`` (reason sentences and
other non-numeric statements) with ``documents.n_claims``, and ``cross_findings`` /
``cross_evidence``. Existing rows keep their meaning: units stored before this revision get their
identity the first time ``budgetlens crosscheck`` or ``budgetlens units`` runs (it resolves every
unit), and documents stored before it have ``n_claims`` NULL ("not kept"), not 0. Nothing of
another table is rewritten, so the web app and the ingest code reading revision 0001's columns
see the same rows.
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision: str = '0002'
down_revision: Union[str, Sequence[str], None] = '0001'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('unit_overrides',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('action', sa.Text(), nullable=False),
    sa.Column('name_key', sa.Text(), nullable=False),
    sa.Column('region_code', sa.Text(), nullable=False),
    sa.Column('target_name_key', sa.Text(), nullable=True),
    sa.Column('target_region_code', sa.Text(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_unit_overrides'))
    )
    op.create_table('claims',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Text(), nullable=False),
    sa.Column('measure', sa.Text(), nullable=False),
    sa.Column('basis', sa.Text(), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.Column('page', sa.Integer(), nullable=True),
    sa.Column('line', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_claims_document_id_documents'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_claims'))
    )
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_claims_document_id'), ['document_id'], unique=False)

    op.create_table('cross_findings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('other_document_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('year', sa.Integer(), nullable=True),
    sa.Column('rule', sa.Text(), nullable=False),
    sa.Column('category', sa.Text(), nullable=False),
    sa.Column('severity', sa.Text(), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('message_en', sa.Text(), nullable=False),
    sa.Column('measure', sa.Text(), nullable=False),
    sa.Column('basis', sa.Text(), nullable=False),
    sa.Column('stated', sa.Text(), nullable=True),
    sa.Column('expected', sa.Text(), nullable=True),
    sa.Column('difference', sa.Text(), nullable=True),
    sa.Column('tolerance', sa.Text(), nullable=True),
    sa.Column('rate', sa.Text(), nullable=True),
    sa.Column('explained', sa.Boolean(), nullable=True),
    sa.Column('checked_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_cross_findings_document_id_documents'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['other_document_id'], ['documents.id'], name=op.f('fk_cross_findings_other_document_id_documents'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_cross_findings_unit_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cross_findings'))
    )
    with op.batch_alter_table('cross_findings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cross_findings_document_id'), ['document_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_cross_findings_other_document_id'), ['other_document_id'], unique=False)
        batch_op.create_index('ix_cross_findings_rule', ['rule'], unique=False)

    op.create_table('cross_evidence',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('finding_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.Text(), nullable=False),
    sa.Column('measure', sa.Text(), nullable=False),
    sa.Column('basis', sa.Text(), nullable=False),
    sa.Column('value', sa.Text(), nullable=True),
    sa.Column('derived', sa.Boolean(), nullable=False),
    sa.Column('page', sa.Integer(), nullable=True),
    sa.Column('line', sa.Integer(), nullable=True),
    sa.Column('table_idx', sa.Integer(), nullable=True),
    sa.Column('row', sa.Integer(), nullable=True),
    sa.Column('col', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_cross_evidence_document_id_documents'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['finding_id'], ['cross_findings.id'], name=op.f('fk_cross_evidence_finding_id_cross_findings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cross_evidence'))
    )
    with op.batch_alter_table('cross_evidence', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cross_evidence_finding_id'), ['finding_id'], unique=False)

    # Plain ALTER TABLE … ADD COLUMN: nullable, no constraint, so no table is rebuilt.
    op.add_column('documents', sa.Column('n_claims', sa.Integer(), nullable=True))
    op.add_column('units', sa.Column('identity_key', sa.Text(), nullable=True))
    op.add_column('units', sa.Column('canonical_id', sa.Integer(), nullable=True))
    op.create_index(op.f('ix_units_canonical_id'), 'units', ['canonical_id'], unique=False)
    op.create_index('ix_units_identity', 'units', ['identity_key', 'region_code'], unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    # Plain ALTER TABLE … DROP COLUMN (SQLite ≥ 3.35, PostgreSQL): a batch rebuild of ``units``
    # would drop a table that documents and facts refer to, which SQLite's foreign keys forbid.
    op.drop_index('ix_units_identity', table_name='units')
    op.drop_index(op.f('ix_units_canonical_id'), table_name='units')
    op.drop_column('units', 'canonical_id')
    op.drop_column('units', 'identity_key')
    op.drop_column('documents', 'n_claims')

    with op.batch_alter_table('cross_evidence', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cross_evidence_finding_id'))

    op.drop_table('cross_evidence')
    with op.batch_alter_table('cross_findings', schema=None) as batch_op:
        batch_op.drop_index('ix_cross_findings_rule')
        batch_op.drop_index(batch_op.f('ix_cross_findings_other_document_id'))
        batch_op.drop_index(batch_op.f('ix_cross_findings_document_id'))

    op.drop_table('cross_findings')
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_claims_document_id'))

    op.drop_table('claims')
    op.drop_table('unit_overrides')
