"""the privacy audit: every export and erasure of a chat user's personal data

Revision ID: 0016_pdpa
Revises: 0001
Create Date: 2026-12-20 12:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0016_pdpa"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "privacy_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("requested_by", sqlmodel.sql.sqltypes.AutoString(length=70), nullable=False),
        sa.Column("channel", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("user_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("counts", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_privacy_request_created_at"), "privacy_request", ["created_at"], unique=False)
    op.create_index(op.f("ix_privacy_request_user_hash"), "privacy_request", ["user_hash"], unique=False)
    # The retention purge deletes dialogue states by age.
    op.create_index(op.f("ix_dialogue_state_updated_at"), "dialogue_state", ["updated_at"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_dialogue_state_updated_at"), table_name="dialogue_state")
    op.drop_index(op.f("ix_privacy_request_user_hash"), table_name="privacy_request")
    op.drop_index(op.f("ix_privacy_request_created_at"), table_name="privacy_request")
    op.drop_table("privacy_request")
