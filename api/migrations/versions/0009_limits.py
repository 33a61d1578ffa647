"""rate-limit and lockout counters kept in the database (when no REDIS_URL is set)

Revision ID: 0009_limits
Revises: 0007_curated
Create Date: 2026-12-02 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0009_limits"
down_revision = "0007_curated"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rate_counter",
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("expires_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_index(op.f("ix_rate_counter_expires_at"), "rate_counter", ["expires_at"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_rate_counter_expires_at"), table_name="rate_counter")
    op.drop_table("rate_counter")
