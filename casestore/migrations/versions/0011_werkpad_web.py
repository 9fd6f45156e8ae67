"""werkpad web: inzage (every view of personal data), used task-link nonces, mailed logins and login attempts

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-08 01:00:00.000000
"""
import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    s = sqlmodel.sql.sqltypes.AutoString
    t = sqlmodel.sql.sqltypes.UTCDateTime
    op.create_table(
        'inzage',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('op', t(), nullable=False),
        sa.Column('wie', s(length=200), nullable=False),
        sa.Column('bron', s(length=20), nullable=False),
        sa.Column('traject_id', sa.Integer(), nullable=False),
        sa.Column('pagina', s(length=200), nullable=False),
        sa.ForeignKeyConstraint(['traject_id'], ['traject.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_inzage_op', 'inzage', ['op'])
    op.create_index('ix_inzage_traject_id', 'inzage', ['traject_id'])
    op.create_table(
        'web_link_gebruik',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('nonce', s(length=64), nullable=False),
        sa.Column('taak_id', sa.Integer(), nullable=False),
        sa.Column('door', s(length=200), nullable=False),
        sa.Column('gebruikt_op', t(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('nonce', name='uq_web_link_gebruik_nonce'),
    )
    op.create_table(
        'web_inlog',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('sleutel', s(length=64), nullable=False),
        sa.Column('soort', s(length=10), nullable=False),
        sa.Column('email', s(length=200), nullable=False),
        sa.Column('taak_id', sa.Integer(), nullable=True),
        sa.Column('aangemaakt_op', t(), nullable=False),
        sa.Column('verloopt_op', t(), nullable=False),
        sa.Column('gebruikt_op', t(), nullable=True),
        sa.Column('pogingen', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('sleutel', name='uq_web_inlog_sleutel'),
    )
    op.create_table(
        'web_poging',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('op', t(), nullable=False),
        sa.Column('soort', s(length=10), nullable=False),
        sa.Column('adres', s(length=64), nullable=False),
        sa.Column('client', s(length=64), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_web_poging_op', 'web_poging', ['op'])


def downgrade() -> None:
    op.drop_table('web_poging')
    op.drop_table('web_inlog')
    op.drop_table('web_link_gebruik')
    op.drop_index('ix_inzage_traject_id', 'inzage')
    op.drop_index('ix_inzage_op', 'inzage')
    op.drop_table('inzage')
