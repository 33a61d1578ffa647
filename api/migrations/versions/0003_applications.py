"""digital-point applications: applications, drafts, funded-companies registry, audit trail

Revision ID: 0003_applications
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0003_applications"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('funded_company',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ubn', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('programme', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('source', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('imported_by', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('ubn', 'programme', 'year', name='uq_funded_company')
    )
    with op.batch_alter_table('funded_company', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_funded_company_ubn'), ['ubn'], unique=False)

    op.create_table('points_application',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('ubn', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('hall', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('active_key', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
    sa.Column('company_name', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('industry', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('employees', sa.Integer(), nullable=False),
    sa.Column('paid_in_capital', sa.BigInteger(), nullable=False),
    sa.Column('annual_revenue', sa.BigInteger(), nullable=False),
    sa.Column('factory_registration', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('region', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('contact_name', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
    sa.Column('phone', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
    sa.Column('email', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('consent_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('channel', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('user_id', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
    sa.Column('cap_points', sa.Integer(), nullable=False),
    sa.Column('ratio', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('points_granted', sa.Integer(), nullable=True),
    sa.Column('verdict', sa.JSON(), nullable=False),
    sa.Column('flags', sa.JSON(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('resubmission_of', sa.Integer(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('decided_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['resubmission_of'], ['points_application.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('active_key'),
    sa.UniqueConstraint('reference')
    )
    with op.batch_alter_table('points_application', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_points_application_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_points_application_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_points_application_ubn'), ['ubn'], unique=False)
        batch_op.create_index(batch_op.f('ix_points_application_user_id'), ['user_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_points_application_year'), ['year'], unique=False)

    op.create_table('points_draft',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ubn', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('channel', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('user_id', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('resume_failures', sa.Integer(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('ubn', 'year', 'channel', 'user_id', name='uq_points_draft_owner')
    )
    with op.batch_alter_table('points_draft', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_points_draft_ubn'), ['ubn'], unique=False)
        batch_op.create_index(batch_op.f('ix_points_draft_updated_at'), ['updated_at'], unique=False)

    op.create_table('points_application_audit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('actor', sqlmodel.sql.sqltypes.AutoString(length=160), nullable=False),
    sa.Column('action', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('from_status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('to_status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('changes', sa.JSON(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['points_application.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('points_application_audit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_points_application_audit_application_id'), ['application_id'],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table('points_application_audit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_points_application_audit_application_id'))

    op.drop_table('points_application_audit')
    with op.batch_alter_table('points_draft', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_points_draft_updated_at'))
        batch_op.drop_index(batch_op.f('ix_points_draft_ubn'))

    op.drop_table('points_draft')
    with op.batch_alter_table('points_application', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_points_application_year'))
        batch_op.drop_index(batch_op.f('ix_points_application_user_id'))
        batch_op.drop_index(batch_op.f('ix_points_application_ubn'))
        batch_op.drop_index(batch_op.f('ix_points_application_status'))
        batch_op.drop_index(batch_op.f('ix_points_application_created_at'))

    op.drop_table('points_application')
    with op.batch_alter_table('funded_company', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_funded_company_ubn'))

    op.drop_table('funded_company')
