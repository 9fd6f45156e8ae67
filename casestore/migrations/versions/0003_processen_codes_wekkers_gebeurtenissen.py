"""process instances beside the traject; stable codes on taken and deadlines; waking timers;
typed events (proces, gemeente, gebeurtenis) on the audit trail

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24 04:00:00.000000
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('processtap',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('traject_id', sa.Integer(), nullable=False),
    sa.Column('proces', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('versie', sa.Integer(), nullable=False),
    sa.Column('open_sleutel', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('geopend_op', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('gesloten_op', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['traject_id'], ['traject.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('open_sleutel', name='uq_processtap_open_sleutel')
    )
    op.create_index('ix_processtap_traject_id', 'processtap', ['traject_id'], unique=False)
    op.create_index('ix_processtap_proces_status', 'processtap', ['proces', 'status'], unique=False)
    for table in ('deadline', 'taak'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True))
            batch_op.add_column(sa.Column('proces_stap_id', sa.Integer(), nullable=True))
            batch_op.create_index(f'ix_{table}_proces_stap_id', ['proces_stap_id'], unique=False)
            batch_op.create_foreign_key(f'fk_{table}_proces_stap_id', 'processtap', ['proces_stap_id'], ['id'])
    with op.batch_alter_table('deadline', schema=None) as batch_op:
        batch_op.add_column(sa.Column('wekt', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True))
    with op.batch_alter_table('auditevent', schema=None) as batch_op:
        batch_op.add_column(sa.Column('proces', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True))
        batch_op.add_column(sa.Column('gemeente', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True))
        batch_op.add_column(sa.Column('gebeurtenis', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True))
        batch_op.create_index('ix_auditevent_gebeurtenis_op', ['gebeurtenis', 'op'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('auditevent', schema=None) as batch_op:
        batch_op.drop_index('ix_auditevent_gebeurtenis_op')
        batch_op.drop_column('gebeurtenis')
        batch_op.drop_column('gemeente')
        batch_op.drop_column('proces')
    with op.batch_alter_table('deadline', schema=None) as batch_op:
        batch_op.drop_column('wekt')
    for table in ('taak', 'deadline'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(f'fk_{table}_proces_stap_id', type_='foreignkey')
            batch_op.drop_index(f'ix_{table}_proces_stap_id')
            batch_op.drop_column('proces_stap_id')
            batch_op.drop_column('code')
    op.drop_index('ix_processtap_proces_status', table_name='processtap')
    op.drop_index('ix_processtap_traject_id', table_name='processtap')
    op.drop_table('processtap')
