"""trajectplan: doel (goals) and actie (actions and referrals to a voorliggende voorziening)

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24 06:00:00.000000
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'doel',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('traject_id', sa.Integer(), nullable=False),
        sa.Column('omschrijving', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column('aangemaakt_op', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('gesloten_op', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(['traject_id'], ['traject.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_doel_traject_id', 'doel', ['traject_id'], unique=False)
    op.create_table(
        'actie',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('traject_id', sa.Integer(), nullable=False),
        sa.Column('doel_id', sa.Integer(), nullable=True),
        sa.Column('soort', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column('omschrijving', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column('eigenaar_email', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column('uiterlijk', sa.Date(), nullable=False),
        sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column('taak_id', sa.Integer(), nullable=True),
        sa.Column('voorziening', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column('instelling', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
        sa.Column('verwezen_op', sa.Date(), nullable=True),
        sa.Column('toelichting', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column('aangemaakt_op', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('gesloten_op', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(['traject_id'], ['traject.id']),
        sa.ForeignKeyConstraint(['doel_id'], ['doel.id']),
        sa.ForeignKeyConstraint(['taak_id'], ['taak.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_actie_traject_id', 'actie', ['traject_id'], unique=False)
    op.create_index('ix_actie_doel_id', 'actie', ['doel_id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_actie_doel_id', table_name='actie')
    op.drop_index('ix_actie_traject_id', table_name='actie')
    op.drop_table('actie')
    op.drop_index('ix_doel_traject_id', table_name='doel')
    op.drop_table('doel')
