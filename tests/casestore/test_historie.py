"""The historical import against the store, on SQLite and PostgreSQL: bulk insert in one
transaction, a second import of a file refused, a continuation file, and events in the live shape."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlmodel import col

from casestore import historie as store
from casestore import repo
from casestore.db import session
from casestore.kwartaal import intakes_maatregelen
from casestore.models import AuditEvent, GebeurtenisImport
from domain.herinneringen import lokale_datum
from domain.historie import KOP, ImportGeweigerd, decodeer, lees, vingerafdruk
from domain.historie_plan import plan
from domain.rapport import Periode, rapportvelden
from tests.conftest import at

NU = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def importeer(engine: Any, tekst: str, naam: str = "historie.csv") -> int:
    """What `werkpad import gebeurtenissen` does, without the CLI."""
    inhoud = tekst.encode("utf-8")
    gelezen = lees(decodeer(inhoud), vandaag=lokale_datum(NU))
    with session(engine) as s:
        assert store.eerdere_import(s, sha256=vingerafdruk(inhoud)) is None
        live = store.live_referenties(s, referenties=gelezen.referenties)
        bestaand = store.standen(s, referenties=gelezen.referenties)
    events = plan(gelezen, bestaand=bestaand, live=live)
    return store.schrijf_import(engine, sha256=vingerafdruk(inhoud), bestandsnaam=naam, regels=gelezen.aantal,
                                door="test", nu=NU, gebeurtenissen=events)


def rijen(engine: Any) -> list[tuple[Any, ...]]:
    with session(engine) as s:
        return [tuple(r) for r in s.execute(select(
            AuditEvent.referentie, AuditEvent.gemeente, AuditEvent.datum, AuditEvent.gebeurtenis, AuditEvent.waarde,
            AuditEvent.fase, AuditEvent.import_id).order_by(col(AuditEvent.id)))]


def tellingen(engine: Any) -> tuple[int, int]:
    with session(engine) as s:
        return (int(s.execute(select(func.count()).select_from(AuditEvent)).scalar_one()),
                int(s.execute(select(func.count()).select_from(GebeurtenisImport)).scalar_one()))


EERSTE = "\n".join([KOP,
                    "H-1,velsen,2021-01-04,aanmelding,",
                    "H-1,velsen,2021-01-18,intake_afgerond,positief",
                    "H-1,velsen,2021-02-01,fase,Kennismaking",
                    "H-2,uitgeest,2021-03-01,intake_afgerond,negatief",
                    "H-1,velsen,2021-03-01,fase,werk-vinden"]) + "\n"
VERVOLG = "\n".join([KOP,
                     "H-1,velsen,2021-04-01,parttime_werk,",
                     "H-1,velsen,2021-05-03,uitstroom,werkaanvaarding"]) + "\n"


def test_import_writes_every_event_in_one_go(engine: Any) -> None:
    import_id = importeer(engine, EERSTE)
    assert rijen(engine) == [
        ("H-1", "velsen", date(2021, 1, 4), "traject.aangemeld", None, None, import_id),
        ("H-1", "velsen", date(2021, 1, 18), "brede_intake.afgerond", "positief", None, import_id),
        ("H-1", "velsen", date(2021, 2, 1), "traject.fase", "kennismaking", None, import_id),
        ("H-2", "uitgeest", date(2021, 3, 1), "brede_intake.afgerond", "negatief", None, import_id),
        ("H-1", "velsen", date(2021, 3, 1), "traject.fase", "werk-vinden", "kennismaking", import_id),
    ]
    with session(engine) as s:
        gi = s.get(GebeurtenisImport, import_id)
        assert gi is not None and (gi.bestandsnaam, gi.regels, gi.door) == ("historie.csv", 5, "test")
        for e in s.exec(select(AuditEvent)).scalars():  # type: ignore[call-overload]
            assert e.traject_id is None and lokale_datum(e.op) == e.datum
            assert rapportvelden(e.gebeurtenis, e.data) == (e.waarde, e.fase)
        # imported events count like live ones
        t = intakes_maatregelen(s, Periode.parse("2021Q1"))
    assert t.als_csv() == ("Intakes en maatregelen 2021Q1,Uitgeest,Velsen,Totaal\n"
                           "Aantal afgeronde intakes,1,1,2\nAantal maatregelen,0,0,0\n")


def test_the_same_file_twice_is_refused_and_counts_once(engine: Any) -> None:
    importeer(engine, EERSTE)
    voor = tellingen(engine)
    inhoud = EERSTE.encode()
    with session(engine) as s:
        eerder = store.eerdere_import(s, sha256=vingerafdruk(inhoud))
        assert eerder is not None and eerder.bestandsnaam == "historie.csv"
    # also when the check before is raced: the unique sha256 refuses it inside the transaction
    with pytest.raises(ImportGeweigerd,
                       match=r"al geïmporteerd op 2026-11-24 om 10:00 Nederlandse tijd \(import \d+, historie.csv"):
        store.schrijf_import(engine, sha256=vingerafdruk(inhoud), bestandsnaam="kopie.csv", regels=5, door="test",
                             nu=NU, gebeurtenissen=[])
    assert tellingen(engine) == voor


def test_a_continuation_file_continues_the_traject(engine: Any) -> None:
    eerste = importeer(engine, EERSTE)
    tweede = importeer(engine, VERVOLG, "vervolg.csv")
    assert rijen(engine)[5:] == [
        ("H-1", "velsen", date(2021, 4, 1), "traject.deels_uitgestroomd", None, "werk-vinden", tweede),
        ("H-1", "velsen", date(2021, 5, 3), "traject.fase", None, "werk-vinden", tweede),
        ("H-1", "velsen", date(2021, 5, 3), "traject.uitstroom", "werkaanvaarding", "werk-vinden", tweede),
    ]
    assert eerste != tweede
    with session(engine) as s:
        stand = store.standen(s, referenties={"H-1", "H-2", "H-3"})
    assert stand["H-1"].afgesloten == date(2021, 5, 3) and stand["H-1"].fase is None
    assert stand["H-2"].gemeente == "uitgeest" and "H-3" not in stand
    voor = tellingen(engine)
    with pytest.raises(ImportGeweigerd) as e:  # a third file: after the uitstroom, and a duplicate
        importeer(engine, "\n".join([KOP, "H-1,velsen,2021-06-01,fase,kennismaking",
                                     "H-2,uitgeest,2021-03-01,intake_afgerond,negatief"]) + "\n", "derde.csv")
    assert e.value.fouten == [(2, "het traject is al beëindigd (uitstroom op 2021-05-03)"),
                              (3, "dubbele regel: al geïmporteerd uit een eerder bestand")]
    assert tellingen(engine) == voor


def test_a_crash_halfway_leaves_nothing(engine: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store, "INSERT_CHUNK", 2)
    gelezen = lees(decodeer(EERSTE.encode()), vandaag=lokale_datum(NU))
    events = list(plan(gelezen, bestaand={}, live=set()))
    events[-1]["op"] = None  # NOT NULL: the last chunk fails after the first ones were sent
    with pytest.raises(Exception):  # noqa: B017 - the database's own error
        store.schrijf_import(engine, sha256="a" * 64, bestandsnaam="x.csv", regels=5, door="test", nu=NU,
                             gebeurtenissen=events)
    assert tellingen(engine) == (0, 0)


def test_a_live_traject_is_known_and_its_events_have_the_imported_shape(engine: Any) -> None:
    nu = at("2026-11-23T10:00")
    with session(engine) as s:
        t = repo.registreer_aanmelding(s, bsn="999900134", naam="Test Persoon", geboortedatum=date(1980, 1, 1),
                                       gemeente="velsen", werkcoach_email="wc@ijw.example", nu=nu, actor="test")
        repo.set_fase(s, traject=t, fase="kennismaking", nu=nu, actor="test", omschrijving="Gestart.",
                      data={"van": None, "naar": "kennismaking", "trede": None, "vangnet": False})
        s.commit()
        ref = t.referentie
        assert store.live_referenties(s, referenties={ref, "H-1"}) == {ref}
        live = {e.gebeurtenis: e for e in s.exec(select(AuditEvent)).scalars()}  # type: ignore[call-overload]
    importeer(engine, "\n".join([KOP, "H-1,velsen,2026-11-23,aanmelding,18-49", "H-1,velsen,2026-11-23,fase,kennismaking"])
              + "\n")
    with session(engine) as s:
        imp = {e.gebeurtenis: e for e in s.exec(select(AuditEvent).where(  # type: ignore[call-overload]
            col(AuditEvent.import_id).is_not(None))).scalars()}
    assert set(imp) == set(live) == {"traject.aangemeld", "traject.fase"}
    for naam, e in imp.items():
        le = live[naam]
        assert (e.proces, e.gemeente, e.datum, e.waarde, e.fase) == (le.proces, le.gemeente, le.datum, le.waarde,
                                                                    le.fase)
        assert set(e.data) <= set(le.data)


def test_the_same_history_live_and_imported_gives_the_same_report_events(rt: Any, sim: Any) -> None:
    """A traject through the real steps (aanmelding, brede intake, uitkering → first fase, fase change,
    parttime werk, fase change, uitstroom) and the same history as a CSV: the same report events."""
    from domain.fasen import Fase, Uitstroom
    from domain.rapport import GEBEURTENIS
    from tasks.fasen import stroom_uit, wijzig_fase
    from tests.tasks.test_maatregel import lopend

    ref = lopend(rt, sim, adres=False)
    coach = "wc.velsen@ijw.example"
    wijzig_fase(rt, referentie=ref, fase=Fase.werk_vinden, reden="Klaar om te solliciteren", nu=at("2027-01-11T10:00"),
                actor=coach)
    stroom_uit(rt, referentie=ref, uitkomst=Uitstroom.parttime_werk, reden="Twintig uur bij een bakker",
               nu=at("2027-02-01T10:00"), actor=coach)
    wijzig_fase(rt, referentie=ref, fase=Fase.werk_houden, reden="Geplaatst bij de bakker", nu=at("2027-02-15T10:00"),
                actor=coach)
    stroom_uit(rt, referentie=ref, uitkomst=Uitstroom.werkaanvaarding, reden="Vast contract bij de bakker",
               nu=at("2027-03-01T10:00"), actor=coach)
    with session(rt.engine) as s:
        live = [e for e in s.exec(select(AuditEvent).where(col(AuditEvent.referentie) == ref)  # type: ignore[call-overload]
                                  .order_by(col(AuditEvent.id))).scalars()
                if e.gebeurtenis in set(GEBEURTENIS.values())]
    eerste_fase = next(e.waarde for e in live if e.gebeurtenis == "traject.fase")
    rijen = [f"H-1,velsen,{e.datum.isoformat()},{soort},{waarde}" for e, soort, waarde in [
        (live[0], "aanmelding", live[0].waarde), (live[1], "intake_afgerond", "positief"), (live[2], "fase", eerste_fase),
        (live[3], "fase", "werk-vinden"), (live[4], "parttime_werk", ""), (live[5], "fase", "werk-houden"),
        (live[6], "uitstroom", "werkaanvaarding")]]
    gelezen = lees("\n".join([KOP, *rijen]) + "\n", vandaag=date(2027, 12, 31))
    geimporteerd = list(plan(gelezen, bestaand={}, live=set()))

    def vorm(gebeurtenis: str | None, proces: str | None, gemeente: str | None, datum: date | None,
             waarde: str | None, fase: str | None, data: dict[str, Any], sleutels: set[str]) -> tuple[Any, ...]:
        return gebeurtenis, proces, gemeente, datum, waarde, fase, {k: data.get(k) for k in sleutels}

    assert [vorm(e["gebeurtenis"], e["proces"], e["gemeente"], e["datum"], e["waarde"], e["fase"], e["data"],
                 set(e["data"])) for e in geimporteerd] == \
        [vorm(e.gebeurtenis, e.proces, e.gemeente, e.datum, e.waarde, e.fase, e.data, set(i["data"]))
         for e, i in zip(live, geimporteerd, strict=True)]
    assert [e.gebeurtenis for e in live] == ["traject.aangemeld", "brede_intake.afgerond", "traject.fase",
                                             "traject.fase", "traject.deels_uitgestroomd", "traject.fase",
                                             "traject.fase", "traject.uitstroom"]
