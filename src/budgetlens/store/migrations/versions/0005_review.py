"""The reviewer's workspace (issue #10, parts 3–4): additive only.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06

Adds ``users`` (accounts: Argon2id password hashes, roles public / reviewer / admin),
``review_decisions`` (confirm / dismiss / comment on a finding, keyed by its stable finding key),
``review_signoffs``, ``admin_log`` and ``site_settings`` (the session-signing secret). No existing
table or column changes, so a library written at 0004 reads the same after the upgrade and every
earlier reader keeps working.
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = '0005'
down_revision: Union[str, Sequence[str], None] = '0004'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('password_hash', sa.Text(), nullable=False),
    sa.Column('role', sa.Text(), nullable=False),
    sa.Column('disabled', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('name', name=op.f('uq_users_name'))
    )
    op.create_table('review_decisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('finding_key', sa.Text(), nullable=False),
    sa.Column('finding_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.Text(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_review_decisions_document_id_documents'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_review_decisions_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_decisions'))
    )
    op.create_index('ix_review_decisions_doc_key', 'review_decisions', ['document_id', 'finding_key'], unique=False)
    op.create_table('review_signoffs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_review_signoffs_document_id_documents'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_review_signoffs_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_signoffs'))
    )
    op.create_index(op.f('ix_review_signoffs_document_id'), 'review_signoffs', ['document_id'], unique=False)
    op.create_table('admin_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('user_name', sa.Text(), nullable=False),
    sa.Column('action', sa.Text(), nullable=False),
    sa.Column('target', sa.Text(), nullable=False),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_admin_log'))
    )
    op.create_index(op.f('ix_admin_log_at'), 'admin_log', ['at'], unique=False)
    op.create_table('site_settings',
    sa.Column('key', sa.Text(), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_site_settings'))
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table('site_settings')
    op.drop_index(op.f('ix_admin_log_at'), table_name='admin_log')
    op.drop_table('admin_log')
    op.drop_index(op.f('ix_review_signoffs_document_id'), table_name='review_signoffs')
    op.drop_table('review_signoffs')
    op.drop_index('ix_review_decisions_doc_key', table_name='review_decisions')
    op.drop_table('review_decisions')
    op.drop_table('users')
