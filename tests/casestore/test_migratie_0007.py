"""Migration 0007 fills the report columns of events written before it, as repo.audit does now."""

from __future__ import annotations

import json
from datetime import date

import sqlalchemy as sa
from alembic import command

from casestore.db import alembic_config, make_engine, upgrade


def test_existing_events_get_referentie_datum_waarde_and_fase(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        with engine.begin() as conn:
            cfg = alembic_config(engine)
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "0006")
        with engine.begin() as conn:
            conn.execute(sa.text("INSERT INTO deelnemer (id, bsn, naam, geboortedatum, aangemaakt_op) VALUES "
                                 "(1, '999900158', 'Oud Event', '1990-01-01', '2026-01-01 08:00:00+00:00')"))
            conn.execute(sa.text(
                "INSERT INTO traject (id, referentie, deelnemer_id, gemeente, werkcoach_email, status, aangemeld_op, "
                "versie, gewijzigd_op, aangemaakt_op) VALUES (1, 'IJW-2026-000001', 1, 'velsen', 'wc@ijw.example', "
                "'afgesloten', '2026-01-01', 1, '2026-01-01 08:00:00+00:00', '2026-01-01 08:00:00+00:00')"))
            for i, (op, gebeurtenis, data) in enumerate([
                ("2026-03-31 22:30:00+00:00", "traject.fase", {"van": "kennismaking", "naar": "werk-vinden"}),
                ("2026-04-01 10:00:00+00:00", "brede_intake.afgerond", {"advies": "negatief", "route": "traject"}),
                ("2026-04-02 10:00:00+00:00", "traject.uitstroom", {"uitkomst": "werkaanvaarding", "fase": "werk-vinden"}),
                ("2026-04-02 10:00:00+00:00", "traject.contact", {"op": "2026-04-02"}),
            ], start=1):
                conn.execute(sa.text("INSERT INTO auditevent (id, traject_id, op, actor, soort, omschrijving, data, "
                                     "proces, gemeente, gebeurtenis) VALUES (:id, 1, :op, 'test', 's', 'o', :data, "
                                     "'traject', 'velsen', :g)"),
                             {"id": i, "op": op, "data": json.dumps(data), "g": gebeurtenis})
        upgrade(engine)
        with engine.connect() as conn:
            rows = conn.execute(sa.text("SELECT referentie, datum, waarde, fase FROM auditevent ORDER BY id")).all()
        got = [(r[0], date.fromisoformat(str(r[1])), r[2], r[3]) for r in rows]
        assert got == [
            ("IJW-2026-000001", date(2026, 4, 1), "werk-vinden", "kennismaking"),  # 00:30 in Amsterdam: 1 April
            ("IJW-2026-000001", date(2026, 4, 1), "negatief", None),
            ("IJW-2026-000001", date(2026, 4, 2), "werkaanvaarding", "werk-vinden"),
            ("IJW-2026-000001", date(2026, 4, 2), None, None),
        ]
    finally:
        engine.dispose()
