"""Review decisions on cross-document findings (issue #10): additive.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06

Adds ``cross_review_decisions``: confirm / dismiss / comment on a finding of ``budgetlens
crosscheck`` (budget against final account, one year against the next), keyed by a finding key
that names the rule, the figure and both sides by unit, year, kind and level — so a decision
survives the next crosscheck run (which replaces every cross finding) and a corrected version of
either document. No existing table changes.
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = '0008'
down_revision: Union[str, Sequence[str], None] = '0007'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('cross_review_decisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('finding_key', sa.Text(), nullable=False),
    sa.Column('cross_finding_id', sa.Integer(), nullable=True),
    sa.Column('document_id', sa.Integer(), nullable=True),
    sa.Column('other_document_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.Text(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_cross_review_decisions_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cross_review_decisions'))
    )
    op.create_index('ix_cross_review_decisions_key', 'cross_review_decisions', ['finding_key'], unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index('ix_cross_review_decisions_key', table_name='cross_review_decisions')
    op.drop_table('cross_review_decisions')
