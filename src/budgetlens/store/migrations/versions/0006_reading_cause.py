"""读取存疑 kept with the finding (issue #10): additive.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06

Adds ``findings.cause`` and ``findings.severity_as_read``: a finding that stands on a reading in
doubt (category ``unverified_reading``) names the failing reading check (rules/reading.toml) and
the severity it would carry were the reading sure. The reviewer's exports (问题台账, annotated PDF)
set these findings apart from the document's own defects and need both. NULL for every other
finding, and for findings stored before this revision (their category still says 读取存疑).
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = '0006'
down_revision: Union[str, Sequence[str], None] = '0005'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table('findings') as batch:
        batch.add_column(sa.Column('cause', sa.Text(), nullable=True))
        batch.add_column(sa.Column('severity_as_read', sa.Text(), nullable=True))


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('findings') as batch:
        batch.drop_column('severity_as_read')
        batch.drop_column('cause')
