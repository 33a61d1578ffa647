"""who asked to be told when digital-point applications open

Revision ID: 0015_points_waitlist
Revises: 0003_applications
Create Date: 2026-12-01 12:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0015_points_waitlist"
down_revision = "0003_applications"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "points_waitlist",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("channel", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("user_id", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
        sa.Column("asked_in_year", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("channel", "user_id"),
    )
    op.create_index(op.f("ix_points_waitlist_created_at"), "points_waitlist", ["created_at"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_points_waitlist_created_at"), table_name="points_waitlist")
    op.drop_table("points_waitlist")
