"""LINE channel: webhook events (unique webhookEventId), dead letters, followers

Revision ID: 0002_line
Revises: 0001
Create Date: 2026-11-21 07:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0002_line"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('line_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('webhook_event_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('event_type', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('source_key', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('event_ts', sa.BigInteger(), nullable=False),
    sa.Column('received_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('body', sa.JSON(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('claimed_by', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('claimed_until', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('rendered', sa.JSON(), nullable=True),
    sa.Column('exchange_id', sa.Integer(), nullable=True),
    sa.Column('retry_key', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('reply_unsure', sa.Boolean(), nullable=False),
    sa.Column('outcome', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=False),
    sa.Column('finished_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('webhook_event_id')
    )
    with op.batch_alter_table('line_event', schema=None) as batch_op:
        batch_op.create_index('ix_line_event_due', ['status', 'next_attempt_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_line_event_source_key'), ['source_key'], unique=False)

    op.create_table('line_follower',
    sa.Column('user_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('following', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('user_id')
    )
    op.create_table('line_dead_letter',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('error', sa.Text(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('replayed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('replayed_by', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['line_event.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('line_dead_letter', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_line_dead_letter_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_line_dead_letter_replayed_at'), ['replayed_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('line_dead_letter', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_line_dead_letter_replayed_at'))
        batch_op.drop_index(batch_op.f('ix_line_dead_letter_event_id'))

    op.drop_table('line_dead_letter')
    op.drop_table('line_follower')
    with op.batch_alter_table('line_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_line_event_source_key'))
        batch_op.drop_index('ix_line_event_due')

    op.drop_table('line_event')
