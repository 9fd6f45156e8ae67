"""notificatie: the gemeente's notifications (Open Notificaties), stored before they are acknowledged

One row per notification, unique on a hash of its content: a repeated delivery (at least once) finds its row.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-08 01:00:00.000000
"""
import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    s = sqlmodel.sql.sqltypes.AutoString
    op.create_table(
        'notificatie',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('sleutel', s(length=64), nullable=False),
        sa.Column('kanaal', s(length=50), nullable=False),
        sa.Column('hoofd_object', s(length=1000), nullable=False),
        sa.Column('resource', s(length=100), nullable=False),
        sa.Column('resource_url', s(length=1000), nullable=False),
        sa.Column('actie', s(length=100), nullable=False),
        sa.Column('aanmaakdatum', s(length=40), nullable=False),
        sa.Column('kenmerken', sa.JSON(), nullable=False),
        sa.Column('ontvangen_op', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('keer_ontvangen', sa.Integer(), nullable=False),
        sa.Column('status', s(length=20), nullable=False),
        sa.Column('behandeld_op', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column('referentie', s(length=40), nullable=True),
        sa.Column('uitkomst', s(length=500), nullable=True),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('sleutel', name='uq_notificatie_sleutel'),
    )
    op.create_index('ix_notificatie_status', 'notificatie', ['status'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_notificatie_status', table_name='notificatie')
    op.drop_table('notificatie')
