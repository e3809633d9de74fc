"""Held uploads and the login throttle in the library, not in a server process (issue #10).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06

Adds ``held_uploads`` (a reviewer's audited upload waiting to be added to the library: token,
account, uploaded name, the bytes) and ``login_failures`` (failed logins by a hash of client
address and name, with the time). With both in the library, every server process over it
(``uvicorn --workers 2``, or several hosts) agrees on what is held and on who is throttled.
Additive: no existing table changes.
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = '0007'
down_revision: Union[str, Sequence[str], None] = '0006'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('held_uploads',
    sa.Column('token', sa.Text(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('suffix', sa.Text(), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_held_uploads_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('token', name=op.f('pk_held_uploads'))
    )
    op.create_index(op.f('ix_held_uploads_created_at'), 'held_uploads', ['created_at'], unique=False)
    op.create_table('login_failures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.Text(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_login_failures'))
    )
    op.create_index(op.f('ix_login_failures_at'), 'login_failures', ['at'], unique=False)
    op.create_index('ix_login_failures_key_at', 'login_failures', ['key', 'at'], unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index('ix_login_failures_key_at', table_name='login_failures')
    op.drop_index(op.f('ix_login_failures_at'), table_name='login_failures')
    op.drop_table('login_failures')
    op.drop_index(op.f('ix_held_uploads_created_at'), table_name='held_uploads')
    op.drop_table('held_uploads')
