"""the web chat fetches its own messages: an index to find a session's outbox rows, the rows a web
user was never shown queued again for the page, and the form step each exchange showed

Revision ID: 0019_web_notices
Revises: 0008_email
Create Date: 2026-12-12 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0019_web_notices"
# After 0008_email: outbox_message (0005) and exchange (0001) are both there by then.
down_revision = "0008_email"
branch_labels = ("web_notices",)
depends_on = None


def upgrade() -> None:
    op.create_index("ix_outbox_message_chat", "outbox_message", ["channel", "address"], unique=False)
    # Before this revision the sender tried to push web rows and marked them undeliverable: the page
    # fetches them now, so the ones nobody saw wait for it.
    op.execute("UPDATE outbox_message SET status = 'queued', last_error = '' "
               "WHERE channel = 'web' AND status = 'undeliverable'")
    with op.batch_alter_table("exchange") as batch:
        batch.add_column(sa.Column("form", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("exchange") as batch:
        batch.drop_column("form")
    op.execute("UPDATE outbox_message SET status = 'undeliverable' WHERE channel = 'web' AND status = 'queued'")
    op.drop_index("ix_outbox_message_chat", table_name="outbox_message")
