"""stap_uitvoering: every step run's idempotency key, unique, with the first run's outcome

Two identical commands at the same moment (or a retried run) made a step twice; the key is now written in
the step's own transaction (casestore/stapsleutel.py) and a second run with it does nothing.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-08 09:00:00.000000
"""
import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    s = sqlmodel.sql.sqltypes.AutoString
    op.create_table(
        'stap_uitvoering',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('sleutel', s(length=200), nullable=False),
        sa.Column('stap', s(length=100), nullable=False),
        sa.Column('aangemaakt_op', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('uitkomst', sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('sleutel', name='uq_stap_uitvoering_sleutel'),
    )


def downgrade() -> None:
    op.drop_table('stap_uitvoering')
