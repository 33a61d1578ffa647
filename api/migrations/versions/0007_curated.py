"""curated answers staff write for questions the bot could not answer

Revision ID: 0007_curated
Revises: 0001
Create Date: 2026-12-01 11:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0007_curated"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "curated_answer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("hall", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("audience", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("hits", sa.Integer(), nullable=False),
        sa.Column("last_hit_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_curated_answer_status"), "curated_answer", ["status"], unique=False)
    op.create_index(op.f("ix_curated_answer_updated_at"), "curated_answer", ["updated_at"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_curated_answer_updated_at"), table_name="curated_answer")
    op.drop_index(op.f("ix_curated_answer_status"), table_name="curated_answer")
    op.drop_table("curated_answer")
