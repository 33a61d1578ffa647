"""curated answers: "not answerable here" replies, who edited last, an expert invited to answer

Revision ID: 0012_curation
Revises: 0007_curated
Create Date: 2026-12-10 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0012_curation"
down_revision = "0007_curated"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("curated_answer") as batch:
        batch.add_column(sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False,
                                   server_default="answer"))
        batch.add_column(sa.Column("updated_by", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False,
                                   server_default=""))
        batch.add_column(sa.Column("invited_expert", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False,
                                   server_default=""))
        batch.create_index(batch.f("ix_curated_answer_invited_expert"), ["invited_expert"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("curated_answer") as batch:
        batch.drop_index(batch.f("ix_curated_answer_invited_expert"))
        batch.drop_column("invited_expert")
        batch.drop_column("updated_by")
        batch.drop_column("kind")
