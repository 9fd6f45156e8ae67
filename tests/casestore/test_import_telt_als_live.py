"""Imported history counts exactly like live events: the same trajecten, once through the real steps
and once as an import file in another store, give the same seven tables."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from sqlmodel import col, select

from casestore import historie as store
from casestore.db import make_engine, session, upgrade
from casestore.kwartaal import maak_tabellen
from casestore.models import AuditEvent
from domain.fasen import FASE_LABEL, Fase
from domain.historie import decodeer, lees, vingerafdruk
from domain.historie_plan import plan
from domain.rapport import BESCHIKKING_WAARDEN, GEBEURTENIS, UITSTROOM_WAARDEN, Periode, Soort
from tests.casestore.test_kwartaal import AFSPRAKEN, _intake

PERIODEN = [Periode.parse(p) for p in ("2026Q4", "2027Q1", "2026H2", "2027H1", "2026", "2027")]
TERUG_BESCHIKKING = {v: k for k, v in BESCHIKKING_WAARDEN.items()}
TERUG_UITSTROOM = {v: k for k, v in UITSTROOM_WAARDEN.items()}


def als_importbestand(engine: Any) -> str:
    """The live report events written as the import's CSV (history of other trajecten: prefix H-)."""
    soort_van = {g: s for s, g in GEBEURTENIS.items()}
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["referentie", "gemeente", "datum", "gebeurtenis", "waarde"])
    with session(engine) as s:
        events = s.exec(select(AuditEvent).where(col(AuditEvent.gebeurtenis).in_(list(soort_van)))
                        .order_by(col(AuditEvent.op), col(AuditEvent.id))).all()
    for e in events:
        soort = soort_van[e.gebeurtenis or ""]
        waarde = e.waarde or ""
        if soort is Soort.fase:
            if e.waarde is None:
                continue  # the leaving event of an uitstroom: the import writes it from the uitstroom row
            waarde = FASE_LABEL[Fase(e.waarde)]
        elif soort is Soort.maatregel_beschikking:
            waarde = TERUG_BESCHIKKING[waarde]
        elif soort is Soort.uitstroom:
            waarde = TERUG_UITSTROOM[waarde]
        w.writerow([f"H-{e.referentie}", e.gemeente, e.datum.isoformat() if e.datum else "", soort.value, waarde])
    return buf.getvalue()


def importeer(engine: Any, pad: Path) -> None:
    """What `werkpad import gebeurtenissen` does, on a day after the history (2027-06-01)."""
    from datetime import UTC, date, datetime

    inhoud = pad.read_bytes()
    gelezen = lees(decodeer(inhoud), vandaag=date(2027, 6, 1))
    with session(engine) as s:
        live = store.live_referenties(s, referenties=gelezen.referenties)
        bestaand = store.standen(s, referenties=gelezen.referenties)
    store.schrijf_import(engine, sha256=vingerafdruk(inhoud), bestandsnaam=pad.name, regels=gelezen.aantal,
                         door="test", nu=datetime(2027, 6, 1, 9, tzinfo=UTC),
                         gebeurtenissen=plan(gelezen, bestaand=bestaand, live=live))


def test_imported_history_counts_like_live(rt: Any, sim: Any, tmp_path: Path) -> None:
    from domain.fasen import Uitstroom
    from tasks.fasen import stroom_uit, wijzig_fase
    from tests.conftest import at
    from tests.tasks.test_maatregel import lopend, tot_beschikking

    r1 = lopend(rt, sim, "999905016", gemeente="velsen")
    r2 = lopend(rt, sim, "999905028", gemeente="beverwijk")
    wijzig_fase(rt, referentie=r1, fase=Fase.werk_vinden, reden="Klaar om te solliciteren.",
                nu=at("2027-01-15T10:00"), actor="test")
    stroom_uit(rt, referentie=r1, uitkomst=Uitstroom.parttime_werk, reden="Parttime baan.", nu=at("2027-02-01T10:00"),
               actor="test")
    stroom_uit(rt, referentie=r1, uitkomst=Uitstroom.werkaanvaarding, reden="Vaste baan.",
               nu=at("2027-03-01T10:00"), actor="test")
    tot_beschikking(rt, r2, "M1M10")
    wijzig_fase(rt, referentie=r2, fase=Fase.persoonlijke_ontwikkeling, reden="Eerst ontwikkelen.",
                nu=at("2027-03-10T10:00"), actor="test")
    stroom_uit(rt, referentie=r2, uitkomst=Uitstroom.voortijdig_afgebroken, reden="Verhuisd.",
               nu=at("2027-04-02T10:00"), actor="test")
    _intake(rt, "999905041", "heemskerk", "negatief", "terug-naar-gemeente")
    _intake(rt, "999900213", "heemskerk", "positief", "verlengde-intake")

    bestand = tmp_path / "historie.csv"
    bestand.write_text(als_importbestand(rt.engine), encoding="utf-8")
    ander = make_engine(f"sqlite:///{tmp_path / 'historie.db'}")
    upgrade(ander)
    try:
        importeer(ander, bestand)
        for p in PERIODEN:
            with session(rt.engine) as s:
                live = [t.als_csv() for t in maak_tabellen(s, p, AFSPRAKEN)]
            with session(ander) as s:
                historie = [t.als_csv() for t in maak_tabellen(s, p, AFSPRAKEN)]
            assert historie == live, p.naam
        assert any(",1," in t for t in live)  # the tables counted something
    finally:
        ander.dispose()
