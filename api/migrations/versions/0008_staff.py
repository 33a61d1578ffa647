"""staff roles (admin, reviewer, editor) and the staff audit trail

Revision ID: 0008_staff
Revises: 0004_experts
Create Date: 2026-12-01 12:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0008_staff"
down_revision = "0004_experts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "staff_action",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("actor", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("role", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("action", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("target", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_staff_action_at"), "staff_action", ["at"], unique=False)
    op.create_index(op.f("ix_staff_action_actor"), "staff_action", ["actor"], unique=False)
    op.create_index(op.f("ix_staff_action_action"), "staff_action", ["action"], unique=False)
    # Staff accounts made before roles existed could do everything: they become admins.
    op.execute("UPDATE console_account SET role = 'admin' WHERE role = 'staff'")


def downgrade() -> None:
    op.execute("UPDATE console_account SET role = 'staff' WHERE role IN ('admin', 'reviewer', 'editor')")
    op.drop_index(op.f("ix_staff_action_action"), table_name="staff_action")
    op.drop_index(op.f("ix_staff_action_actor"), table_name="staff_action")
    op.drop_index(op.f("ix_staff_action_at"), table_name="staff_action")
    op.drop_table("staff_action")
