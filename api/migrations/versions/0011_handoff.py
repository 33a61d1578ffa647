"""the handoff inbox: conversations handed to a person, and staff messages in them

Revision ID: 0011_handoff
Revises: 0001
Create Date: 2026-12-10 12:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0011_handoff"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "handoff_conversation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("channel", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("user_id", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
        sa.Column("user_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("state", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
        sa.Column("assignee", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("assignee_name", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("language", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("topic", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("acknowledged", sa.Boolean(), nullable=False),
        sa.Column("opened_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("last_user_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("last_staff_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("resolved_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("resolved_by", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("channel", "user_id", name="uq_handoff_user"),
    )
    op.create_index(op.f("ix_handoff_conversation_user_hash"), "handoff_conversation", ["user_hash"], unique=False)
    op.create_index(op.f("ix_handoff_conversation_state"), "handoff_conversation", ["state"], unique=False)
    op.create_index(op.f("ix_handoff_conversation_last_user_at"), "handoff_conversation", ["last_user_at"],
                    unique=False)
    op.create_table(
        "handoff_message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("author", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("staff", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("staff_name", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.ForeignKeyConstraint(["conversation_id"], ["handoff_conversation.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
    )
    op.create_index(op.f("ix_handoff_message_conversation_id"), "handoff_message", ["conversation_id"],
                    unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_handoff_message_conversation_id"), table_name="handoff_message")
    op.drop_table("handoff_message")
    op.drop_index(op.f("ix_handoff_conversation_last_user_at"), table_name="handoff_conversation")
    op.drop_index(op.f("ix_handoff_conversation_state"), table_name="handoff_conversation")
    op.drop_index(op.f("ix_handoff_conversation_user_hash"), table_name="handoff_conversation")
    op.drop_table("handoff_conversation")
