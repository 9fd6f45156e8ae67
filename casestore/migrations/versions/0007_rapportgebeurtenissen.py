"""kwartaalrapportage: report columns on auditevent (referentie, datum, waarde, fase, import_id),
imported history without a traject, table gebeurtenisimport

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-24 14:30:00.000000
"""
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

TZ = ZoneInfo("Europe/Amsterdam")


def upgrade() -> None:
    s = sqlmodel.sql.sqltypes.AutoString
    op.create_table(
        'gebeurtenisimport',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('sha256', s(length=64), nullable=False),
        sa.Column('bestandsnaam', s(length=200), nullable=False),
        sa.Column('regels', sa.Integer(), nullable=False),
        sa.Column('door', s(length=200), nullable=False),
        sa.Column('op', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('sha256'),
    )
    with op.batch_alter_table('auditevent', schema=None) as batch_op:
        batch_op.alter_column('traject_id', existing_type=sa.Integer(), nullable=True)
        batch_op.add_column(sa.Column('referentie', s(length=40), nullable=True))
        batch_op.add_column(sa.Column('datum', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('waarde', s(length=40), nullable=True))
        batch_op.add_column(sa.Column('fase', s(length=60), nullable=True))
        batch_op.add_column(sa.Column('import_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_auditevent_import_id', 'gebeurtenisimport', ['import_id'], ['id'])
        batch_op.create_index('ix_auditevent_referentie', ['referentie'], unique=False)
        batch_op.create_index('ix_auditevent_gebeurtenis_datum', ['gebeurtenis', 'datum'], unique=False)
    _vul_bestaande()


def _vul_bestaande() -> None:
    """Fill the new columns of the events written before this revision, as repo.audit now does."""
    from domain.rapport import rapportvelden

    conn = op.get_bind()
    ae = sa.table('auditevent', sa.column('id', sa.Integer()), sa.column('traject_id', sa.Integer()),
                  sa.column('op', sa.DateTime()), sa.column('gebeurtenis', sa.String()), sa.column('data', sa.JSON()),
                  sa.column('referentie', sa.String()), sa.column('datum', sa.Date()),
                  sa.column('waarde', sa.String()), sa.column('fase', sa.String()))
    tr = sa.table('traject', sa.column('id', sa.Integer()), sa.column('referentie', sa.String()))
    refs = dict(conn.execute(sa.select(tr.c.id, tr.c.referentie)).all())
    rows = conn.execute(sa.select(ae.c.id, ae.c.traject_id, ae.c.op, ae.c.gebeurtenis, ae.c.data)).all()
    updates = []
    for rid, traject_id, moment, gebeurtenis, data in rows:
        if isinstance(moment, str):
            moment = datetime.fromisoformat(moment)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        waarde, fase = rapportvelden(gebeurtenis, data or {})
        updates.append({"b_id": rid, "referentie": refs.get(traject_id), "datum": moment.astimezone(TZ).date(),
                        "waarde": waarde, "fase": fase})
    if updates:
        conn.execute(ae.update().where(ae.c.id == sa.bindparam('b_id'))
                     .values(referentie=sa.bindparam('referentie'), datum=sa.bindparam('datum'),
                             waarde=sa.bindparam('waarde'), fase=sa.bindparam('fase')), updates)


def downgrade() -> None:
    with op.batch_alter_table('auditevent', schema=None) as batch_op:
        batch_op.drop_index('ix_auditevent_gebeurtenis_datum')
        batch_op.drop_index('ix_auditevent_referentie')
        batch_op.drop_constraint('fk_auditevent_import_id', type_='foreignkey')
        batch_op.drop_column('import_id')
        batch_op.drop_column('fase')
        batch_op.drop_column('waarde')
        batch_op.drop_column('datum')
        batch_op.drop_column('referentie')
        batch_op.alter_column('traject_id', existing_type=sa.Integer(), nullable=False)
    op.drop_table('gebeurtenisimport')
