"""A unit's printed code (issue #9): additive.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07

``units`` gains ``code``: a unit code printed glued to the unit's name in a table broken down by
budget unit (125001西安市安全生产监督管理局, rules/units.toml ``code_digits``). Such a row used to
make a unit of its own beside the one printed without the code; now it is the same unit, and the
code is kept on it. NULL for units stored before (``budgetlens reprocess`` reads the documents
again: rules/ is in the extractor version; ``db recompute`` fills it from the stored facts whose
unit already is the one named without the code).
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = '0010'
down_revision: Union[str, Sequence[str], None] = '0009'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.add_column('units', sa.Column('code', sa.Text(), nullable=True))


def downgrade() -> None:
    """Downgrade schema."""
    # A plain ALTER (SQLite ≥ 3.35 drops a column in place): a batch copy of ``units`` would
    # drop the table the documents and facts refer to.
    op.drop_column('units', 'code')
