"""exchanges keep the standalone question a follow-up became, why the bot answered as it did, and its buttons

Revision ID: 0006_exchange_trace
Revises: 0001
Create Date: 2026-12-01 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_exchange_trace"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("exchange") as batch:
        batch.add_column(sa.Column("rewritten", sa.Text(), nullable=False, server_default=""))
        batch.add_column(sa.Column("trace", sa.JSON(), nullable=False, server_default="{}"))
        batch.add_column(sa.Column("actions", sa.JSON(), nullable=False, server_default="[]"))
    with op.batch_alter_table("exchange") as batch:
        batch.alter_column("rewritten", server_default=None)
        batch.alter_column("trace", server_default=None)
        batch.alter_column("actions", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("exchange") as batch:
        batch.drop_column("actions")
        batch.drop_column("trace")
        batch.drop_column("rewritten")
