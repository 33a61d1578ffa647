"""LINE events remember how their delivery was started (reply or push), replacing reply_unsure

Revision ID: 0019_line_delivery
Revises: 0002_line
Create Date: 2026-12-22 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0019_line_delivery"
down_revision = "0002_line"
branch_labels = ("line_delivery",)
depends_on = None


def upgrade() -> None:
    op.add_column("line_event", sa.Column("delivery", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False,
                                          server_default=""))
    # A reply that timed out before this revision is a reply LINE may have accepted.
    op.execute("UPDATE line_event SET delivery = 'reply' WHERE reply_unsure")
    op.drop_column("line_event", "reply_unsure")


def downgrade() -> None:
    op.add_column("line_event", sa.Column("reply_unsure", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.execute("UPDATE line_event SET reply_unsure = (delivery = 'reply')")
    op.drop_column("line_event", "delivery")
