"""the e-mail channel: subject, attachments, back-off and last error on outbox rows; longer
addresses (e-mail); the token of the e-mailed link that answers a proposed booking time

Revision ID: 0008_email
Revises: 0007_curated, 0005_outbox
Create Date: 2026-12-01 12:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0008_email"
# Also after 0005_outbox: it alters outbox_message and booking (0004, 0005), on another branch.
down_revision = ("0007_curated", "0005_outbox")
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outbox_message") as batch:
        batch.alter_column("address", existing_type=sqlmodel.sql.sqltypes.AutoString(length=128),
                           type_=sqlmodel.sql.sqltypes.AutoString(length=200), existing_nullable=False)
        batch.add_column(sa.Column("email_subject", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False,
                                   server_default=""))
        batch.add_column(sa.Column("attachments", sa.JSON(), nullable=False, server_default="[]"))
        batch.add_column(sa.Column("next_attempt_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
        batch.add_column(sa.Column("last_error", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False,
                                   server_default=""))
    with op.batch_alter_table("outbox_message") as batch:
        batch.alter_column("email_subject", server_default=None)
        batch.alter_column("attachments", server_default=None)
        batch.alter_column("last_error", server_default=None)
    op.create_index(op.f("ix_outbox_message_next_attempt_at"), "outbox_message", ["next_attempt_at"], unique=False)
    with op.batch_alter_table("booking") as batch:
        batch.add_column(sa.Column("proposal_token", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))
        batch.create_unique_constraint("uq_booking_proposal_token", ["proposal_token"])


def downgrade() -> None:
    with op.batch_alter_table("booking") as batch:
        batch.drop_constraint("uq_booking_proposal_token", type_="unique")
        batch.drop_column("proposal_token")
    op.drop_index(op.f("ix_outbox_message_next_attempt_at"), table_name="outbox_message")
    op.execute("DELETE FROM outbox_message WHERE channel = 'email'")
    with op.batch_alter_table("outbox_message") as batch:
        batch.drop_column("last_error")
        batch.drop_column("next_attempt_at")
        batch.drop_column("attachments")
        batch.drop_column("email_subject")
        batch.alter_column("address", existing_type=sqlmodel.sql.sqltypes.AutoString(length=200),
                           type_=sqlmodel.sql.sqltypes.AutoString(length=128), existing_nullable=False)
