"""maatregel: its own zaak at the gemeente

A maatregelonderzoek gets a zaak of its own (zaaktype IJW-MAATREGEL, related to the traject's zaak),
so a beschikking, bezwaar or herziening after uitstroom never writes to the traject's closed zaak
(Open Zaak answers 403 there without zaken.geforceerd-bijwerken).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 13:00:00.000000
"""
import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('maatregel') as b:
        b.add_column(sa.Column('zaak_url', sa.String(length=500), nullable=True))
        b.add_column(sa.Column('zaak_afgesloten_op', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
        b.add_column(sa.Column('zaak_vervolg', sa.Integer(), nullable=False, server_default='0'))


def downgrade() -> None:
    with op.batch_alter_table('maatregel') as b:
        b.drop_column('zaak_vervolg')
        b.drop_column('zaak_afgesloten_op')
        b.drop_column('zaak_url')
