"""Claim boxes and an index on facts.unit_id (issues #10 and #9): additive.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06

``claims`` gains ``x0``, ``top``, ``x1``, ``bottom``: the box of the sentence on its page (the
lines it is printed on), so a cross-document finding that cites a reason sentence boxes it on the
page image and in the annotated PDF as a cited cell is boxed. NULL for claims stored before (a
``reprocess`` or a new extractor version fills them) and for text originals.

``ix_facts_unit_id``: facts were found by their unit (a unit's by-unit rows, a unit merged or
deleted) by scanning every fact; the foreign key had no index on either backend.
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = '0009'
down_revision: Union[str, Sequence[str], None] = '0008'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

BOX = ('x0', 'top', 'x1', 'bottom')


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table('claims') as batch:
        for name in BOX:
            batch.add_column(sa.Column(name, sa.Float(), nullable=True))
    op.create_index('ix_facts_unit_id', 'facts', ['unit_id'], unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index('ix_facts_unit_id', table_name='facts')
    with op.batch_alter_table('claims') as batch:
        for name in reversed(BOX):
            batch.drop_column(name)
