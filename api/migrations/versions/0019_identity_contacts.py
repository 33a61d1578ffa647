"""company contacts on file; where each code went and whether it was a first contact; codes as HMACs

Revision ID: 0019_identity_contacts
Revises: 0018_identity
Create Date: 2026-12-14 10:00:00

Before this revision every code went to the form's address: existing confirmations are first
contacts, sent to that address, and each company's earliest confirmed one puts its address on file.
Codes were hashed without a key until now; pending requests (at most IDENTITY_CODE_MINUTES old) are
made to lapse, so their requester is told to send again rather than that a right code is wrong.
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0019_identity_contacts"
down_revision = "0018_identity"
branch_labels = ("identity_contacts",)
depends_on = None
UTC_TIME = sqlmodel.sql.sqltypes.UTCDateTime()


def upgrade() -> None:
    op.create_table(
        "company_contact",
        sa.Column("tax_id", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("email", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("updated_by", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("last_confirmed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("tax_id"),
    )
    op.create_index("ix_company_contact_last_confirmed_at", "company_contact", ["last_confirmed_at"])
    op.add_column("identity_confirmation", sa.Column("sent_to", sqlmodel.sql.sqltypes.AutoString(length=200),
                                                     nullable=False, server_default=""))
    op.add_column("identity_confirmation", sa.Column("first_contact", sa.Boolean(), nullable=False,
                                                     server_default=sa.false()))
    op.create_index("ix_identity_confirmation_first_contact", "identity_confirmation", ["first_contact"])

    confirmations = sa.table("identity_confirmation", sa.column("id", sa.Integer()), sa.column("tax_id", sa.String()),
                             sa.column("email", sa.String()), sa.column("sent_to", sa.String()),
                             sa.column("kind", sa.String()), sa.column("status", sa.String()),
                             sa.column("payload", sa.JSON()), sa.column("first_contact", sa.Boolean()),
                             sa.column("expires_at", UTC_TIME), sa.column("confirmed_at", UTC_TIME))
    contacts = sa.table("company_contact", sa.column("tax_id", sa.String()), sa.column("email", sa.String()),
                        sa.column("source", sa.String()), sa.column("updated_by", sa.String()),
                        sa.column("created_at", UTC_TIME), sa.column("last_confirmed_at", UTC_TIME))
    bind = op.get_bind()
    bind.execute(confirmations.update().values(sent_to=confirmations.c.email, first_contact=True))
    bind.execute(confirmations.update().where(confirmations.c.status == "pending")
                 .values(expires_at=datetime.now(UTC)))
    bind.execute(confirmations.update().where(confirmations.c.status == "confirmed").values(payload={}))
    first: dict[str, dict[str, object]] = {}
    for row in bind.execute(sa.select(confirmations.c.tax_id, confirmations.c.email, confirmations.c.kind,
                                      confirmations.c.confirmed_at)
                            .where(confirmations.c.status == "confirmed")
                            .order_by(confirmations.c.confirmed_at, confirmations.c.id)):
        when = row.confirmed_at or datetime.now(UTC)
        first.setdefault(row.tax_id, {"tax_id": row.tax_id, "email": row.email, "source": row.kind,
                                      "updated_by": "", "created_at": when, "last_confirmed_at": when})
    if first:
        bind.execute(contacts.insert(), list(first.values()))


def downgrade() -> None:
    op.drop_index("ix_identity_confirmation_first_contact", "identity_confirmation")
    with op.batch_alter_table("identity_confirmation") as batch:
        batch.drop_column("first_contact")
        batch.drop_column("sent_to")
    op.drop_table("company_contact")
