"""maatregelonderzoek: maatregel, document (beschikking PDFs), the deelnemer's correspondence address

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24 09:00:00.000000
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('deelnemer', schema=None) as batch_op:
        batch_op.add_column(sa.Column('adres', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True))
        batch_op.add_column(sa.Column('postcode', sqlmodel.sql.sqltypes.AutoString(length=7), nullable=True))
        batch_op.add_column(sa.Column('woonplaats', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True))
    s = sqlmodel.sql.sqltypes.AutoString
    op.create_table(
        'maatregel',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('traject_id', sa.Integer(), nullable=False),
        sa.Column('deelnemer_id', sa.Integer(), nullable=False),
        sa.Column('proces_stap_id', sa.Integer(), nullable=False),
        sa.Column('gemeente', s(length=20), nullable=False),
        sa.Column('gedraging', s(length=40), nullable=False),
        sa.Column('verzuim_op', sa.Date(), nullable=False),
        sa.Column('feiten', s(length=1000), nullable=False),
        sa.Column('gemeld_op', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('gemeld_door', s(length=200), nullable=False),
        sa.Column('gesprek_op', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column('reageren_uiterlijk', sa.Date(), nullable=True),
        sa.Column('toelichting', s(length=1000), nullable=True),
        sa.Column('toelichting_ontvangen', sa.Boolean(), nullable=True),
        sa.Column('verwijtbaar', sa.Boolean(), nullable=True),
        sa.Column('dringende_redenen', s(length=1000), nullable=True),
        sa.Column('regel_versie', sa.Date(), nullable=True),
        sa.Column('recidive_groep', s(length=40), nullable=True),
        sa.Column('recidive_stap', sa.Integer(), nullable=True),
        sa.Column('type', s(length=20), nullable=True),
        sa.Column('percentage', sa.Integer(), nullable=True),
        sa.Column('maanden', sa.Integer(), nullable=True),
        sa.Column('gematigd_van', s(length=20), nullable=True),
        sa.Column('grondslagen', sa.JSON(), nullable=False),
        sa.Column('voorgesteld_door', s(length=200), nullable=True),
        sa.Column('voorgesteld_op', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column('goedgekeurd_door', s(length=200), nullable=True),
        sa.Column('besluit_datum', sa.Date(), nullable=True),
        sa.Column('verzenddatum', sa.Date(), nullable=True),
        sa.Column('bezwaar_uiterlijk', sa.Date(), nullable=True),
        sa.Column('heroverweging_uiterlijk', sa.Date(), nullable=True),
        sa.Column('besluit_identificatie', s(length=50), nullable=True),
        sa.Column('kortingsmaanden', sa.JSON(), nullable=False),
        sa.Column('status', s(length=20), nullable=False),
        sa.Column('aangemaakt_op', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('gewijzigd_op', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['traject_id'], ['traject.id']),
        sa.ForeignKeyConstraint(['deelnemer_id'], ['deelnemer.id']),
        sa.ForeignKeyConstraint(['proces_stap_id'], ['processtap.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_maatregel_traject_id', 'maatregel', ['traject_id'], unique=False)
    op.create_index('ix_maatregel_deelnemer_id', 'maatregel', ['deelnemer_id'], unique=False)
    op.create_index('ix_maatregel_proces_stap_id', 'maatregel', ['proces_stap_id'], unique=False)
    op.create_index('ix_maatregel_gemeente', 'maatregel', ['gemeente'], unique=False)
    op.create_index('ix_maatregel_type', 'maatregel', ['type'], unique=False)
    op.create_index('ix_maatregel_besluit_datum', 'maatregel', ['besluit_datum'], unique=False)
    op.create_table(
        'document',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('traject_id', sa.Integer(), nullable=False),
        sa.Column('maatregel_id', sa.Integer(), nullable=True),
        sa.Column('soort', s(length=40), nullable=False),
        sa.Column('naam', s(length=200), nullable=False),
        sa.Column('mime', s(length=80), nullable=False),
        sa.Column('inhoud', sa.LargeBinary(), nullable=False),
        sa.Column('sha256', s(length=64), nullable=False),
        sa.Column('grootte', sa.Integer(), nullable=False),
        sa.Column('aangemaakt_op', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['traject_id'], ['traject.id']),
        sa.ForeignKeyConstraint(['maatregel_id'], ['maatregel.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_document_traject_id', 'document', ['traject_id'], unique=False)
    op.create_index('ix_document_maatregel_id', 'document', ['maatregel_id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_document_maatregel_id', table_name='document')
    op.drop_index('ix_document_traject_id', table_name='document')
    op.drop_table('document')
    for ix in ('besluit_datum', 'type', 'gemeente', 'proces_stap_id', 'deelnemer_id', 'traject_id'):
        op.drop_index(f'ix_maatregel_{ix}', table_name='maatregel')
    op.drop_table('maatregel')
    with op.batch_alter_table('deelnemer', schema=None) as batch_op:
        batch_op.drop_column('woonplaats')
        batch_op.drop_column('postcode')
        batch_op.drop_column('adres')
