"""traject.aanvraag_op: receipt date of the uitkeringsaanvraag (Awb 4:13 counts from it)

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24 10:12:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('traject', schema=None) as batch_op:
        batch_op.add_column(sa.Column('aanvraag_op', sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('traject', schema=None) as batch_op:
        batch_op.drop_column('aanvraag_op')
