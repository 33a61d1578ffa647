"""one outbox for every feature: booking_outbox becomes outbox_message (topic, subject; booking optional)

Revision ID: 0005_outbox
Revises: 0004_experts
Create Date: 2026-12-01 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0005_outbox"
down_revision = "0004_experts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_booking_outbox_booking_id", table_name="booking_outbox")
    op.drop_index("ix_booking_outbox_status", table_name="booking_outbox")
    op.rename_table("booking_outbox", "outbox_message")
    with op.batch_alter_table("outbox_message") as batch:
        batch.add_column(sa.Column("topic", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False,
                                   server_default="booking"))
        batch.add_column(sa.Column("subject", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False,
                                   server_default=""))
        batch.alter_column("booking_id", existing_type=sa.Integer(), nullable=True)
    with op.batch_alter_table("outbox_message") as batch:
        batch.alter_column("topic", server_default=None)
        batch.alter_column("subject", server_default=None)
    op.execute("UPDATE outbox_message SET subject = 'B-' || LPAD(CAST(booking_id AS TEXT), 6, '0')"
               if op.get_bind().dialect.name == "postgresql" else
               "UPDATE outbox_message SET subject = 'B-' || substr('000000' || booking_id, -6, 6)")
    op.create_index(op.f("ix_outbox_message_booking_id"), "outbox_message", ["booking_id"], unique=False)
    op.create_index(op.f("ix_outbox_message_status"), "outbox_message", ["status"], unique=False)
    op.create_index(op.f("ix_outbox_message_topic"), "outbox_message", ["topic"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_outbox_message_topic"), table_name="outbox_message")
    op.drop_index(op.f("ix_outbox_message_status"), table_name="outbox_message")
    op.drop_index(op.f("ix_outbox_message_booking_id"), table_name="outbox_message")
    op.execute("DELETE FROM outbox_message WHERE booking_id IS NULL")
    with op.batch_alter_table("outbox_message") as batch:
        batch.drop_column("subject")
        batch.drop_column("topic")
        batch.alter_column("booking_id", existing_type=sa.Integer(), nullable=False)
    op.rename_table("outbox_message", "booking_outbox")
    op.create_index("ix_booking_outbox_status", "booking_outbox", ["status"], unique=False)
    op.create_index("ix_booking_outbox_booking_id", "booking_outbox", ["booking_id"], unique=False)
