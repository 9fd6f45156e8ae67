"""traject: current fase, participatieladder trede, deels uitgestroomd (date), uitstroom outcome

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24 05:00:00.000000
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('traject', schema=None) as batch_op:
        batch_op.add_column(sa.Column('fase', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True))
        batch_op.add_column(sa.Column('trede', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('deels_uitgestroomd_op', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('uitstroom', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True))
        batch_op.create_index('ix_traject_fase', ['fase'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('traject', schema=None) as batch_op:
        batch_op.drop_index('ix_traject_fase')
        batch_op.drop_column('uitstroom')
        batch_op.drop_column('deels_uitgestroomd_op')
        batch_op.drop_column('trede')
        batch_op.drop_column('fase')
