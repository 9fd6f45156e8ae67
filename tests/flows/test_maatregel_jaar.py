"""Three maatregelonderzoeken of one deelnemer on a moved clock, over about eighteen months.

A Velsen deelnemer with a granted uitkering. The steps run as staff run them, the real deadline
sweep every werkdag (07:05 and 07:45, and 12:00 as the quarter-hourly sweep would after the
morning's work), the waking timer's flow row answered by the step its deployment runs:

1. verzuim (art. 18 lid 4) → horen without toelichting (the timer records it) → voorstel → sent
   back by the teamleider → voorstel → vier ogen, reminded → approved on Fri 13-11-2026: the
   bezwaartermijn ends on Christmas (Fri 25-12), moved by the Atw to Mon 28-12-2026;
   bezwaar with adviescommissie, verdaagd once, ongegrond; heroverweging reminded and done;
2. the same category within twelve months → recidive step 2, 100% for two months; its
   heroverweging's ceiling moves back over Bevrijdingsdag, Hemelvaart and the KB day;
3. the same category more than twelve months after the last → step 1 again; then the uitstroom
   closes the traject and its open heroverweging lapses.

Then: every reminder on the werkdag its policy gives and none twice; nothing after closure; the
teamleider reminded of every vier ogen; the audit trail lists every step with its actor; no name,
BSN, birth date or address in any outbox row, audit line, taak or deadline.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from sqlmodel import col, select

from casestore import repo
from casestore.db import session
from casestore.models import AuditEvent, Deadline, Maatregel, Outbox, ProcesStap, Taak
from domain.herinneringen import beleid, lokale_datum, stapdatum
from domain.maatregel import HEROVERWEGING_TAAK, VIER_OGEN_TAAK, WEKT_REACTIE
from tests.conftest import at, verlaging_http
from tests.tasks.test_maatregel import ADRES, BSN, GEBOREN, NAAM, POSTCODE, WOONPLAATS, assert_geen_persoonsgegevens

COACH, TL = "wc.velsen@ijw.example", "teamleider.velsen@ijmondwerkt.example"
START, SLUIT, EINDE = date(2026, 9, 22), date(2028, 3, 6), date(2028, 3, 31)


def _lopend(rt: Any, sim: Any) -> str:
    from domain.traject import Actie, Advies, BredeIntakeUitkomst, Eigenaar, Route
    from tasks.aanmelding import plan_intake, registreer
    from tasks.brede_intake import leg_uitkomst_vast
    from tasks.dispatch import dispatch
    from tasks.maatregel import leg_adres_vast
    from tasks.uitkering import verwerk_uitkeringsbesluit

    t0 = at("2026-09-07T09:00")
    ref = registreer(rt, bsn=BSN, naam=NAAM, geboortedatum=GEBOREN, gemeente="velsen", werkcoach=COACH, nu=t0,
                     actor="test")
    plan_intake(rt, referentie=ref, nu=t0)
    dispatch(rt, nu=t0)
    leg_uitkomst_vast(rt, referentie=ref, nu=at("2026-09-21T10:00"), actor="test", uitkomst=BredeIntakeUitkomst(
        advies=Advies.positief, route=Route.traject, plan_van_aanpak=[
            Actie(omschrijving="Trajectplan opstellen", eigenaar=Eigenaar.werkcoach, deadline=date(2026, 10, 30))]))
    dispatch(rt, nu=at("2026-09-21T10:00"))
    sim.drive(f"/_sim/uitkeringen/{ref}", {"status": "toegekend"})
    verwerk_uitkeringsbesluit(rt, referentie=ref, status="toegekend", nu=at("2026-09-22T09:00"))
    dispatch(rt, nu=at("2026-09-22T09:00"))
    leg_adres_vast(rt, referentie=ref, adres=ADRES, postcode=POSTCODE, woonplaats=WOONPLAATS,
                   nu=at("2026-09-22T10:00"), actor="test")
    return ref


@pytest.mark.postgresql  # also on PostgreSQL (tests/conftest.py)
def test_three_onderzoeken_over_eighteen_months(rt, sim) -> None:  # type: ignore[no-untyped-def]
    from domain.fasen import Uitstroom
    from domain.maatregel import BezwaarUitkomst, HeroverwegingUitkomst
    from tasks.dispatch import dispatch
    from tasks.fasen import stroom_uit
    from tasks.maatregel import (
        beslis_op_bezwaar,
        heroverweeg,
        keur_goed,
        leg_toelichting_vast,
        meld_verzuim,
        nodig_uit,
        reactietermijn_verlopen,
        registreer_bezwaar,
        stel_voor,
        stuur_terug,
        verdaag_bezwaar,
    )
    from tasks.sweep import sweep

    verlaging_http(rt)  # the verlagingen over werkpad's own contract, so the gemeente's side can be counted
    ref = _lopend(rt, sim)
    uit: dict[str, dict[str, Any]] = {}

    def meld(d: date, verzuim_op: date) -> None:
        meld_verzuim(rt, referentie=ref, gedraging="arbeid_niet_aanvaard", verzuim_op=verzuim_op, nu=at(f"{d}T10:00"),
                     feiten="Aangeboden baan in de bezorging geweigerd", actor=COACH)

    def nodig(d: date, gesprek: str) -> None:
        nodig_uit(rt, referentie=ref, gesprek_op=datetime.fromisoformat(gesprek), locatie="Kantoor IJmuiden",
                  nu=at(f"{d}T10:00"), actor=COACH)

    def toelichting(d: date) -> None:
        leg_toelichting_vast(rt, referentie=ref, toelichting="Het werk paste niet bij mijn rugklachten",
                             nu=at(f"{d}T11:00"), actor=COACH)

    def voorstel(naam: str) -> Any:
        return lambda d: uit.__setitem__(naam, stel_voor(rt, referentie=ref, verwijtbaar=True, nu=at(f"{d}T10:00"),
                                                         actor=COACH))

    def goed(naam: str, type: str) -> Any:
        return lambda d: uit.__setitem__(naam, keur_goed(rt, referentie=ref, type=type, nu=at(f"{d}T10:00"), actor=TL))

    D = date  # noqa: N806
    plan: dict[date, Any] = {
        # 1. first verzuim (Pw art. 18 lid 4): no toelichting, sent back once, approved on 13-11
        D(2026, 10, 5): lambda d: meld(d, D(2026, 10, 2)),
        D(2026, 10, 7): lambda d: nodig(d, "2026-10-13T10:00"),  # react until 21-10; the timer wakes 22-10
        D(2026, 10, 29): voorstel("voorstel1"),
        D(2026, 11, 5): lambda d: stuur_terug(rt, referentie=ref, reden="Weeg de rugklachten nog eens mee",
                                              nu=at(f"{d}T10:00"), actor=TL),
        D(2026, 11, 6): voorstel("voorstel1b"),
        D(2026, 11, 13): goed("besluit1", "M100"),
        D(2026, 12, 21): lambda d: registreer_bezwaar(rt, referentie=ref, ontvangen_op=d, adviescommissie=True,
                                                      nu=at(f"{d}T11:00"), actor=COACH),
        # 2. recidive within twelve months; the first heroverweging is done before the second beschikking
        D(2027, 1, 25): lambda d: meld(d, D(2027, 1, 22)),
        D(2027, 1, 26): lambda d: nodig(d, "2027-02-01T10:00"),
        D(2027, 2, 1): toelichting,
        D(2027, 2, 2): voorstel("voorstel2"),
        D(2027, 2, 8): lambda d: heroverweeg(rt, referentie=ref, uitkomst=HeroverwegingUitkomst.handhaven,
                                             nu=at(f"{d}T10:00"), actor=COACH),
        D(2027, 2, 10): goed("besluit2", "M100"),  # the day after the reaction term (Awb 4:8: until 9-2)
        D(2027, 3, 15): lambda d: verdaag_bezwaar(rt, referentie=ref, nu=at(f"{d}T10:00"), actor=TL),
        D(2027, 4, 26): lambda d: beslis_op_bezwaar(rt, referentie=ref, uitkomst=BezwaarUitkomst.ongegrond,
                                                    nu=at(f"{d}T10:00"), actor=TL),
        D(2027, 5, 3): lambda d: heroverweeg(rt, referentie=ref, uitkomst=HeroverwegingUitkomst.handhaven,
                                             nu=at(f"{d}T10:00"), actor=COACH),
        # 3. more than twelve months after the last beschikking: the first step again
        D(2028, 2, 14): lambda d: meld(d, D(2028, 2, 11)),
        D(2028, 2, 15): lambda d: nodig(d, "2028-02-21T10:00"),
        D(2028, 2, 21): toelichting,
        D(2028, 2, 22): voorstel("voorstel3"),
        D(2028, 3, 1): goed("besluit3", "M100"),  # the day after the reaction term (until 29-2)
        SLUIT: lambda d: stroom_uit(rt, referentie=ref, uitkomst=Uitstroom.werkaanvaarding,
                                    reden="Vast contract bij een bakker", nu=at(f"{d}T10:00"), actor=COACH),
    }
    assert all(rt.kalender.is_werkdag(d) for d in plan)
    gewekt: list[dict[str, Any]] = []
    dag, gedaan = START, set()
    while dag <= EINDE:
        if rt.kalender.is_werkdag(dag):
            for tijd in ("07:05", "07:45"):
                sweep(rt, nu=at(f"{dag}T{tijd}"))
            with session(rt.engine) as s:  # the waking timer queued its deployment's run: run that step
                t = repo.get_traject(s, referentie=ref)
                wek = [o for o in s.exec(select(Outbox).where(Outbox.traject_id == t.id, Outbox.soort == "flow"))
                       if o.payload["deployment"] == WEKT_REACTIE and lokale_datum(o.aangemaakt_op) == dag]
            for o in wek:
                assert o.payload["parameters"] == {"referentie": ref}
                gewekt.append(reactietermijn_verlopen(rt, referentie=ref, nu=at(f"{dag}T08:05")))
            if dag in plan:
                plan[dag](dag)
                gedaan.add(dag)
            sweep(rt, nu=at(f"{dag}T12:00"))
            assert dispatch(rt, nu=at(f"{dag}T12:05"), soort="zgw").fouten == []  # the gemeente hears it that day
        dag += timedelta(days=1)
    assert gedaan == set(plan)

    with session(rt.engine) as s:
        t = repo.get_traject(s, referentie=ref)
        deadlines = {d.id: d for d in s.exec(select(Deadline).where(Deadline.traject_id == t.id))}
        rijen = list(s.exec(select(Outbox).where(Outbox.traject_id == t.id)))
        events = list(repo.tijdlijn(s, traject=t))
        m1, m2, m3 = s.exec(select(Maatregel).where(Maatregel.traject_id == t.id).order_by(Maatregel.id)).all()  # type: ignore[arg-type]
        bezwaar = s.exec(select(ProcesStap).where(ProcesStap.traject_id == t.id,
                                                  ProcesStap.proces == "maatregel_bezwaar")).one()
        heroverwegingen = list(s.exec(select(ProcesStap).where(ProcesStap.traject_id == t.id,
                                                               ProcesStap.proces == "maatregel_heroverweging")
                                      .order_by(ProcesStap.id)))  # type: ignore[arg-type]
        vier_ogen = [(k, deadlines[k.deadline_id]) for k in s.exec(
            select(Taak).where(Taak.traject_id == t.id, Taak.code == VIER_OGEN_TAAK).order_by(Taak.id))]  # type: ignore[arg-type]
        her_taken = [(k, deadlines[k.deadline_id]) for k in s.exec(
            select(Taak).where(Taak.traject_id == t.id, Taak.code == HEROVERWEGING_TAAK).order_by(Taak.id))]  # type: ignore[arg-type]
        assert t.status == "afgesloten"
        # only the third beschikking's heroverweging outlives the traject (a legal step of its own)
        assert [d.code for d in repo.open_deadlines(s, traject=t)] == [HEROVERWEGING_TAAK]
        assert [k.code for k in repo.open_taken(s, traject=t)] == [HEROVERWEGING_TAAK]

    # -- the waking timer: once, on the werkdag after the reaction term, and it recorded no toelichting
    wekkers = [r for r in rijen if r.soort == "flow" and r.payload["deployment"].startswith("maatregel")]
    assert [(r.payload["deployment"], lokale_datum(r.aangemaakt_op)) for r in wekkers] == [
        (WEKT_REACTIE, date(2026, 10, 22))]
    assert [g["gewijzigd"] for g in gewekt] == [True] and gewekt[0]["toelichting_ontvangen"] is False
    assert m1.toelichting_ontvangen is False and m2.toelichting_ontvangen is True

    # -- the first beschikking: the bezwaartermijn ends on Christmas and moves to Monday (Atw art. 1)
    assert (m1.type, m1.percentage, m1.maanden, m1.recidive_stap) == ("M100", 100, 1, 1)
    assert m1.besluit_datum == date(2026, 11, 13) and m1.bezwaar_uiterlijk == date(2026, 12, 28)
    besluit1 = next(r for r in rijen if r.idem_key == f"zgw:{ref}:besluit:{m1.besluit_identificatie}").payload
    assert besluit1["uiterlijke_reactiedatum"] == "2026-12-28" and besluit1["verzenddatum"] == "2026-11-13"
    assert (besluit1["ingangsdatum"], besluit1["vervaldatum"]) == ("2026-12-01", "2026-12-31")
    assert "Participatiewet art. 18 lid 4 en lid 5" in besluit1["toelichting"]
    assert uit["besluit1"]["bezwaar_uiterlijk"] == "2026-12-28"
    import io

    from pypdf import PdfReader

    from casestore.models import Document
    with session(rt.engine) as s:
        docs = {d.maatregel_id: d for d in s.exec(select(Document).where(Document.soort == "beschikking"))}
        brieven = sorted(d.soort for d in s.exec(select(Document).where(Document.soort != "beschikking")))
    assert set(docs) == {m1.id, m2.id, m3.id}
    assert brieven == ["bezwaar-beslissing", "bezwaar-verdaging"]  # issue 20: told in writing (Awb 7:10 lid 5)
    brief = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(docs[m1.id].inhoud)).pages).split())
    assert "uiterlijk op 28 december 2026" in brief and "Participatiewet art. 18 lid 4 en lid 5" in brief
    # bezwaar: adviescommissie (12 weeks from 28-12 → 22-3), verdaagd once (→ 3-5), ongegrond: it stands
    assert bezwaar.status == "beslist" and bezwaar.data["adviescommissie"] is True
    assert (bezwaar.data["verdaagd_van"], bezwaar.data["uiterlijk"]) == ("2027-03-22", "2027-05-03")
    assert m1.status == "actief"
    assert any(r.idem_key == f"zgw:{ref}:besluit:{m1.besluit_identificatie}-BOB" for r in rijen)

    # -- recidive: within twelve months the heavier step (lid 6); after twelve months the first again (lid 5)
    assert uit["voorstel1"]["recidive_stap"] == 1 and uit["voorstel1b"]["maanden"] == 1
    assert (m2.recidive_stap, m2.percentage, m2.maanden) == (2, 100, 2)
    assert "Participatiewet art. 18 lid 4 en lid 6" in m2.grondslagen
    assert m2.kortingsmaanden == [{"maand": "2027-03", "percentage": 100}, {"maand": "2027-04", "percentage": 100}]
    assert m2.heroverweging_uiterlijk == date(2027, 5, 10)  # three months after 10-2, a werkdag
    assert (m3.recidive_stap, m3.percentage, m3.maanden) == (1, 100, 1)
    assert "Participatiewet art. 18 lid 4 en lid 5" in m3.grondslagen
    verlagingen = [(r.payload["besluit_identificatie"], r.payload["soort"], [x["maand"] for x in r.payload["maanden"]])
                   for r in rijen if r.soort == "zgw" and r.payload["op"] == "verlaging"]
    assert verlagingen == [(m1.besluit_identificatie, "opleggen", ["2026-12"]),
                           (m2.besluit_identificatie, "opleggen", ["2027-03", "2027-04"]),
                           (m3.besluit_identificatie, "opleggen", ["2028-04"])]  # sent 1-3-2028

    # the gemeente got each beschikking (and the beslissing op bezwaar) and each reduction once
    assert all(r.status == "sent" for r in rijen if r.soort == "zgw")
    zaken = {z["url"] for z in sim.state.zaken.values() if str(z["identificatie"]).startswith(f"{ref}-M")}
    assert sorted(b["identificatie"] for b in sim.state.besluiten.values() if b["zaak"] in zaken) == sorted(
        [str(m1.besluit_identificatie), f"{m1.besluit_identificatie}-BOB", str(m2.besluit_identificatie),
         str(m3.besluit_identificatie)])
    assert next(b for b in sim.state.besluiten.values()
                if b["identificatie"] == m1.besluit_identificatie)["uiterlijkeReactiedatum"] == "2026-12-28"
    assert sorted(len(v["maanden"]) for v in sim.state.verlagingen.values()) == [1, 1, 2]

    # -- heroverwegingen: reminded and done; the third runs on after the uitstroom
    assert [p.status for p in heroverwegingen] == ["afgerond", "afgerond", "open"]
    assert [k.status for k, _ in her_taken] == ["afgerond", "afgerond", "open"]
    assert [d.due for _, d in her_taken] == [date(2027, 2, 12), date(2027, 5, 10), date(2028, 6, 1)]

    # -- every reminder on its werkdag, none twice, none after the closure
    herinneringen = [r for r in rijen if r.soort == "email" and r.payload.get("template") in ("herinnering", "escalatie")]
    sleutels = Counter((r.payload["deadline_id"], r.payload["due"], r.payload["stap"]) for r in herinneringen)
    assert sleutels and max(sleutels.values()) == 1
    for r in herinneringen:
        d = deadlines[r.payload["deadline_id"]]
        st = next(x for x in beleid(d.beleid).stappen if x.code == r.payload["stap"])
        assert lokale_datum(r.aangemaakt_op) == stapdatum(date.fromisoformat(r.payload["due"]), st, rt.kalender), (
            d.omschrijving, r.payload)
        assert lokale_datum(r.aangemaakt_op) <= SLUIT
    sluitmoment = at(f"{SLUIT}T10:00")
    assert [r.idem_key for r in rijen if r.aangemaakt_op > sluitmoment] == []
    assert not [e for e in events if e.op > sluitmoment]

    def gestuurd(deadline_id: int) -> list[tuple[str, str, date]]:
        return sorted(((r.payload["stap"], r.payload["aan"], lokale_datum(r.aangemaakt_op)) for r in herinneringen
                       if r.payload["deadline_id"] == deadline_id), key=lambda x: x[2])

    # nothing missed: every step of every maatregel taak that fell between its creation and its closing
    # (done, or lapsed at the uitstroom) was sent on its day
    verzonden = {(r.payload["deadline_id"], r.payload["due"], r.payload["stap"]) for r in herinneringen}
    bekeken = 0
    with session(rt.engine) as s:
        mtaken = list(s.exec(select(Taak).where(Taak.traject_id == t.id, col(Taak.code).startswith("maatregel."))))
    for k in mtaken:
        d = deadlines[k.deadline_id]
        gesloten = k.afgerond_op or at(f"{SLUIT}T10:00")
        for st in beleid(d.beleid).stappen:
            stapdag = stapdatum(d.due, st, rt.kalender)
            eerste_sweep = at(f"{stapdag}T{'12:00' if stapdag == lokale_datum(d.aangemaakt_op) else '07:05'}")
            if stapdag >= lokale_datum(d.aangemaakt_op) and eerste_sweep < gesloten and eerste_sweep >= d.aangemaakt_op:
                assert (d.id, d.due.isoformat(), st.code) in verzonden, (k.titel, d.due, st.code)
                bekeken += 1
    assert bekeken >= 14  # the 5-werkdag taken remind on the "kort" policy (no t-5 on the day they are made)

    # the teamleider is reminded of every vier ogen until approving or sending back
    # (never before the day after the reaction term: approving waits for it, Awb 4:8)
    assert [d.due for _, d in vier_ogen] == [date(2026, 11, 5), date(2026, 11, 13), date(2027, 2, 10),
                                            date(2028, 3, 1)]
    assert [k.eigenaar_email for k, _ in vier_ogen] == [TL] * 4
    # (policy "kort": no 'nog 5 werkdagen' on the day the taak mail itself went out)
    assert [gestuurd(d.id) for _, d in vier_ogen] == [  # type: ignore[arg-type]
        [("t-1", TL, date(2026, 11, 4)), ("t0", TL, date(2026, 11, 5))],
        [("t-1", TL, date(2026, 11, 12)), ("t0", TL, date(2026, 11, 13))],
        [("t-1", TL, date(2027, 2, 9)), ("t0", TL, date(2027, 2, 10))],
        [("t-1", TL, date(2028, 2, 29)), ("t0", TL, date(2028, 3, 1))]]
    # the heroverwegingen were reminded before they were done
    assert gestuurd(her_taken[0][1].id) == [("t-5", COACH, date(2027, 2, 5))]  # type: ignore[arg-type]
    assert gestuurd(her_taken[1][1].id) == [("t-5", COACH, date(2027, 4, 28))]  # type: ignore[arg-type]
    # the bezwaar: the first due date's 'nog 5 werkdagen' went the morning it was verdaagd, then the new one
    [bezwaar_d] = [d for d in deadlines.values() if d.code == "maatregel.bezwaar"]
    assert gestuurd(bezwaar_d.id) == [("t-5", TL, date(2027, 3, 15)), ("t-5", TL, date(2027, 4, 23))]  # type: ignore[arg-type]

    # -- the audit trail: every step and decision with its actor, in order
    stappen = [(e.gebeurtenis, e.actor, lokale_datum(e.op)) for e in events
               if e.gebeurtenis and e.gebeurtenis.startswith("maatregel")]
    assert stappen == [
        ("maatregelonderzoek.gemeld", COACH, D(2026, 10, 5)),
        ("maatregelonderzoek.horen", COACH, D(2026, 10, 7)),
        ("maatregelonderzoek.geen_toelichting", "wekker", D(2026, 10, 22)),
        ("maatregelonderzoek.voorgesteld", COACH, D(2026, 10, 29)),
        ("maatregelonderzoek.teruggestuurd", TL, D(2026, 11, 5)),
        ("maatregelonderzoek.voorgesteld", COACH, D(2026, 11, 6)),
        ("maatregelonderzoek.beschikt", TL, D(2026, 11, 13)),
        ("maatregel_heroverweging.gestart", TL, D(2026, 11, 13)),
        ("maatregel_bezwaar.ontvangen", COACH, D(2026, 12, 21)),
        ("maatregelonderzoek.gemeld", COACH, D(2027, 1, 25)),
        ("maatregelonderzoek.horen", COACH, D(2027, 1, 26)),
        ("maatregelonderzoek.toelichting", COACH, D(2027, 2, 1)),
        ("maatregelonderzoek.voorgesteld", COACH, D(2027, 2, 2)),
        ("maatregel_heroverweging.afgerond", COACH, D(2027, 2, 8)),
        ("maatregelonderzoek.beschikt", TL, D(2027, 2, 10)),
        ("maatregel_heroverweging.gestart", TL, D(2027, 2, 10)),
        ("maatregel_bezwaar.verdaagd", TL, D(2027, 3, 15)),
        ("maatregel_bezwaar.beslist", TL, D(2027, 4, 26)),
        ("maatregel_heroverweging.afgerond", COACH, D(2027, 5, 3)),
        ("maatregelonderzoek.gemeld", COACH, D(2028, 2, 14)),
        ("maatregelonderzoek.horen", COACH, D(2028, 2, 15)),
        ("maatregelonderzoek.toelichting", COACH, D(2028, 2, 21)),
        ("maatregelonderzoek.voorgesteld", COACH, D(2028, 2, 22)),
        ("maatregelonderzoek.beschikt", TL, D(2028, 3, 1)),
        ("maatregel_heroverweging.gestart", TL, D(2028, 3, 1))]  # and it runs on after the uitstroom
    assert all(e.gemeente == "velsen" for e in events if e.gebeurtenis)
    assert_geen_persoonsgegevens(rt, ref)

    # -- the outcomes feed the report (per gemeente, per beschikking type, by besluit_datum)
    from casestore.reports import maatregelen_per_gemeente
    with session(rt.engine) as s:
        alles = maatregelen_per_gemeente(s, date(2026, 10, 1), date(2028, 4, 1))
        kw4 = maatregelen_per_gemeente(s, date(2026, 10, 1), date(2027, 1, 1))
    assert alles["gemeenten"]["velsen"]["onderzoeken_afgerond"] == 3 and alles["gemeenten"]["velsen"]["opgelegd"] == 3
    assert alles["gemeenten"]["velsen"]["per_type"]["M100"] == 3 and alles["totaal"]["afgezien"] == 0
    assert kw4["totaal"]["onderzoeken_afgerond"] == 1 and kw4["gemeenten"]["beverwijk"]["onderzoeken_afgerond"] == 0

    # -- nothing fires after the closure (in the weeks the test runs on); the third heroverweging runs on
    from tasks.maatregel import stand
    assert stand(rt, referentie=ref)["lopend"] == {f"maatregel_heroverweging #{m3.id}": "Te heroverwegen"}
    with session(rt.engine) as s:
        assert not s.exec(select(AuditEvent).where(AuditEvent.op > sluitmoment)).all()
