"""A year of traject on a moved clock, under the Prefect harness.

One Heemskerk deelnemer (plan van aanpak every 13 weeks, contact every 4 weeks) from the
uitkering's grant through Kennismaking, Persoonlijke ontwikkeling, Werk vinden (six weeks: the
stage timer wakes), Werk houden (the jobcoach's nazorg), the vangnet, parttime werk and the
uitstroom, with a trajectplan (a goal, an action done in time, one left to escalate, a
referral to a taalcursus followed up twice); a sweep every werkdag morning (twice: the second changes nothing). Staff act through
the flows, as the Prefect forms do. Then, for every term of the traject:
- every reminder and escalation left on the werkdag its policy gives, and none twice;
- every step that fell between a term's start and its end was sent (nothing missed);
- after the uitstroom nothing fires;
- every fase change and the uitstroom put exactly one status (and one resultaat) on the zaak;
- no BSN, name or birth date in any mail, nor anywhere in Prefect's database and storage.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from sqlmodel import select

from casestore import repo
from casestore.db import session
from casestore.models import AuditEvent, Deadline, Outbox, Taak
from domain.fasen import NAZORG_TAAK, STAGE_TAAK, STAGE_WEKT, Fase, Uitstroom
from domain.herinneringen import beleid, lokaal_naar_utc, lokale_datum, stapdatum
from tests.conftest import at
from tests.flows.test_fasen import Gemeente
from tests.flows.test_slice import assert_no_personal_data_in_prefect

BSN, NAAM, GEBOORTE = "999900420", "Jaarlang Proefpersoon", date(1979, 3, 14)
COACH, JOBCOACH = "wc.heemskerk@ijw.example", "jc.heemskerk@ijw.example"
START, EINDE = date(2026, 12, 9), date(2027, 12, 10)
UITSTROOM = date(2027, 10, 11)


def _gestart(rt: Any, sim: Any) -> str:
    """Aanmelding, brede intake (route traject) and the grant, in Heemskerk, by plain steps."""
    from domain.traject import Actie, Advies, BredeIntakeUitkomst, Eigenaar, Route
    from tasks.aanmelding import plan_intake, registreer
    from tasks.brede_intake import leg_uitkomst_vast
    from tasks.dispatch import dispatch
    from tasks.uitkering import verwerk_uitkeringsbesluit

    t0 = at("2026-11-23T09:00")
    ref = registreer(rt, bsn=BSN, naam=NAAM, geboortedatum=GEBOORTE, gemeente="heemskerk", werkcoach=COACH,
                     nu=t0, actor="test")
    plan_intake(rt, referentie=ref, nu=t0)
    dispatch(rt, nu=t0)
    later = at("2026-12-07T10:00")
    leg_uitkomst_vast(rt, referentie=ref, nu=later, actor="test", uitkomst=BredeIntakeUitkomst(
        advies=Advies.positief, route=Route.traject, plan_van_aanpak=[
            Actie(omschrijving="Trajectplan opstellen", eigenaar=Eigenaar.werkcoach, deadline=date(2027, 1, 29))]))
    dispatch(rt, nu=later)
    sim.drive(f"/_sim/uitkeringen/{ref}", {"status": "toegekend"})
    verwerk_uitkeringsbesluit(rt, referentie=ref, status="toegekend", nu=at("2026-12-08T09:00"))
    dispatch(rt, nu=at("2026-12-08T09:00"))
    return ref


def _open_taken(rt: Any, ref: str, code: str) -> list[Taak]:
    with session(rt.engine) as s:
        t = repo.get_traject(s, referentie=ref)
        return [k for k in repo.open_taken(s, traject=t) if k.code == code]


def _open_taak(rt: Any, ref: str, titel_begin: str) -> Taak | None:
    with session(rt.engine) as s:
        t = repo.get_traject(s, referentie=ref)
        return next((k for k in repo.open_taken(s, traject=t) if k.titel.startswith(titel_begin)), None)


@pytest.mark.postgresql  # also on PostgreSQL (tests/conftest.py)
def test_a_year_of_traject_every_reminder_once_on_its_werkdag(prefect, rt, sim, mailbox) -> None:  # type: ignore[no-untyped-def]
    from domain.trajectplan import Opvolging, Voorziening
    from flows.fasen import (
        traject_contact,
        traject_fase,
        traject_herbeoordeling,
        traject_stage_voorstellen,
        traject_uitstroom,
        traject_vangnet,
    )
    from flows.taken import taak_afronden
    from flows.trajectplan import (
        trajectplan_actie,
        trajectplan_actie_gedaan,
        trajectplan_doel,
        trajectplan_verwijzen,
        trajectplan_verwijzing_opvolgen,
    )
    from notifications.mailcatcher import read_folder
    from tasks.dispatch import dispatch
    from tasks.sweep import sweep

    ref = _gestart(rt, sim)
    g = Gemeente(sim, ref)
    statussen_bij_start = g.statussen()
    assert statussen_bij_start[-1] == "Kennismaking"

    def na(moment: datetime, uren: int = 3) -> datetime:
        return moment + timedelta(hours=uren)

    # What staff do, by local day (each after that morning's sweep); the rest is left to the reminders.
    wisselingen = {  # fase changes through the form: (fase, jobcoach)
        date(2027, 1, 11): (Fase.persoonlijke_ontwikkeling, None),
        date(2027, 3, 22): (Fase.werk_vinden, None),
        date(2027, 6, 1): (Fase.werk_houden, JOBCOACH),
    }
    # (every one a werkdag: the loop acts on werkdagen only; 29 March 2027 is Tweede Paasdag)
    contacten = {date(2026, 12, 15), date(2027, 2, 15), date(2027, 3, 8), date(2027, 3, 30), date(2027, 4, 19),
                 date(2027, 5, 10), date(2027, 7, 5), date(2027, 7, 26), date(2027, 8, 16), date(2027, 9, 6),
                 date(2027, 9, 27)}  # none between 15 Dec and 15 Feb, nor 10 May - 5 Jul: reminder and escalation
    herbeoordelingen = {date(2027, 3, 4), date(2027, 6, 8), date(2027, 9, 2)}  # the second after its escalation
    gewekt: list[dict[str, Any]] = []
    plan: dict[str, dict[str, Any]] = {}
    dag, einde_gezien = START, False
    while dag <= EINDE:
        if not rt.kalender.is_werkdag(dag):
            dag += timedelta(days=1)
            continue
        ochtend = at(f"{dag.isoformat()}T07:05")
        for moment in (ochtend, ochtend + timedelta(minutes=40)):
            sweep(rt, nu=moment)
            dispatch(rt, nu=moment)
        # The waking timer queued a run of its deployment: here we run what that deployment runs.
        with session(rt.engine) as s:
            t = repo.get_traject(s, referentie=ref)
            wek = [o for o in s.exec(select(Outbox).where(Outbox.traject_id == t.id, Outbox.soort == "flow"))
                   if o.payload["deployment"] == STAGE_WEKT and lokale_datum(o.aangemaakt_op) == dag]
        for _ in wek:
            gewekt.append(traject_stage_voorstellen(referentie=ref, nu=ochtend + timedelta(hours=1)))
        if dag in wisselingen:
            fase, jobcoach = wisselingen[dag]
            traject_fase(referentie=ref, fase=fase, reden="Volgende stap in het plan", jobcoach=jobcoach,
                         nu=na(ochtend))
        if dag in contacten:
            traject_contact(referentie=ref, toelichting="Gesprek op kantoor", nu=na(ochtend))
        if dag in herbeoordelingen:
            traject_herbeoordeling(referentie=ref, toelichting="Plan besproken en bijgesteld", nu=na(ochtend))
        if dag == date(2027, 1, 12):  # the trajectplan: a goal with two actions, and a referral
            doel = trajectplan_doel(referentie=ref, omschrijving="Nederlands op werkniveau", nu=na(ochtend))
            plan["cv"] = trajectplan_actie(referentie=ref, doel_id=doel["doel_id"], omschrijving="Cv opstellen",
                                           eigenaar="werkcoach", uiterlijk=date(2027, 2, 26), nu=na(ochtend))
            plan["werkgever"] = trajectplan_actie(
                referentie=ref, doel_id=doel["doel_id"], omschrijving="Werkgever benaderen voor proefplaats",
                eigenaar=JOBCOACH, uiterlijk=date(2027, 4, 9), nu=na(ochtend))  # nobody records it: escalates
            plan["taal"] = trajectplan_verwijzen(referentie=ref, voorziening=Voorziening.taal,
                                                 instelling="Nova College", opvolgen_op=date(2027, 3, 15),
                                                 doel_id=doel["doel_id"], nu=na(ochtend))
        if dag == date(2027, 2, 24):
            trajectplan_actie_gedaan(referentie=ref, actie_id=plan["cv"]["actie_id"], nu=na(ochtend))
        if dag == date(2027, 3, 15):  # started; look again in two months
            trajectplan_verwijzing_opvolgen(referentie=ref, actie_id=plan["taal"]["actie_id"],
                                            uitkomst=Opvolging.gestart, nieuwe_datum=date(2027, 5, 18),
                                            nu=na(ochtend))
        if dag == date(2027, 5, 18):
            trajectplan_verwijzing_opvolgen(referentie=ref, actie_id=plan["taal"]["actie_id"],
                                            uitkomst=Opvolging.afgerond, nu=na(ochtend))
        if dag == date(2027, 1, 27):  # the plan van aanpak's action, after its first reminder
            taak = _open_taak(rt, ref, "PvA 1: Trajectplan opstellen")
            assert taak is not None
            taak_afronden(taak_id=taak.id, nu=na(ochtend))
        stage = _open_taken(rt, ref, STAGE_TAAK)
        if stage and dag == date(2027, 5, 10):  # the werkcoach arranged the stage a week later
            taak_afronden(taak_id=stage[0].id, nu=na(ochtend))
        for k in _open_taken(rt, ref, NAZORG_TAAK):  # the jobcoach does each nazorg on its day, but one
            with session(rt.engine) as s:
                due = s.get(Deadline, k.deadline_id).due  # type: ignore[union-attr]
            if due == dag and not k.titel.startswith("Nazorg na 3 maanden"):
                taak_afronden(taak_id=k.id, door=JOBCOACH, nu=na(ochtend, 5))
        if dag == date(2027, 9, 6):  # the job ends: vangnet back to Werk vinden (the nazorg ends)
            traject_vangnet(referentie=ref, fase=Fase.werk_vinden, reden="Proeftijd niet gehaald", nu=na(ochtend, 4))
        if dag == date(2027, 10, 4):
            traject_uitstroom(referentie=ref, uitkomst=Uitstroom.parttime_werk, reden="Twintig uur bij een bakker",
                              nu=na(ochtend))
        if dag == UITSTROOM:
            traject_uitstroom(referentie=ref, uitkomst=Uitstroom.werkaanvaarding, reden="Vast contract, voltijd",
                              nu=na(ochtend))
            einde_gezien = True
        dag += timedelta(days=1)
    assert einde_gezien

    with session(rt.engine) as s:
        t = repo.get_traject(s, referentie=ref)
        deadlines = {d.id: d for d in s.exec(select(Deadline).where(Deadline.traject_id == t.id))}
        rijen = s.exec(select(Outbox).where(Outbox.traject_id == t.id)).all()
        events = Counter(e.gebeurtenis for e in s.exec(select(AuditEvent).where(AuditEvent.traject_id == t.id)))
        assert t.status == "afgesloten"
        assert all(d.status != "open" for d in deadlines.values())  # the uitstroom closed every term
        assert [k for k in repo.open_taken(s, traject=t)] == []

    herinneringen = [r for r in rijen if r.soort == "email" and r.payload.get("template") in ("herinnering", "escalatie")]
    assert all(r.status == "sent" for r in rijen), [r.idem_key for r in rijen if r.status != "sent"]

    # 1. Each on the werkdag its policy gives, and nothing twice.
    sleutels = Counter((r.payload["deadline_id"], r.payload["due"], r.payload["stap"]) for r in herinneringen)
    assert sleutels and max(sleutels.values()) == 1
    for r in herinneringen:
        d = deadlines[r.payload["deadline_id"]]
        st = next(x for x in beleid(d.beleid).stappen if x.code == r.payload["stap"])
        assert lokale_datum(r.aangemaakt_op) == stapdatum(date.fromisoformat(r.payload["due"]), st, rt.kalender), (
            d.omschrijving, r.payload)
        assert lokale_datum(r.aangemaakt_op) <= UITSTROOM  # 2. after the uitstroom nothing fires

    # 3. Nothing missed: every step of a term that was never moved, from its creation until its
    #    taak was closed (or the uitstroom let it lapse), was sent; terms without a taak whose
    #    closing moment the store does not keep (contact is re-armed, waiting terms send nothing)
    #    are covered by 1. and the counts below.
    verzonden = {(r.payload["deadline_id"], r.payload["stap"]) for r in herinneringen}
    bekeken = 0
    for d in deadlines.values():
        gesloten = _gesloten_op(rt, d)
        if d.soort == "contact" or not beleid(d.beleid).stappen or gesloten is None:
            continue
        bekeken += 1
        for st in beleid(d.beleid).stappen:
            dag_van_stap = stapdatum(d.due, st, rt.kalender)
            verzendmoment = lokaal_naar_utc(datetime.combine(dag_van_stap, beleid(d.beleid).verzendtijd))
            if dag_van_stap >= START and d.aangemaakt_op <= verzendmoment and at(f"{dag_van_stap.isoformat()}T07:05") < gesloten:
                assert (d.id, st.code) in verzonden, (d.omschrijving, d.due, st.code)
    assert bekeken >= 10

    # The lapses the timeline planted were noticed: contact escalated twice, the plan's
    # re-assessment once, and the one nazorg left undone went to the teamleider.
    escalaties = Counter(deadlines[r.payload["deadline_id"]].soort for r in herinneringen
                         if r.payload["stap"] == "escalatie")
    assert escalaties["contact"] == 2, [(r.payload["due"], lokale_datum(r.aangemaakt_op)) for r in herinneringen
                                        if deadlines[r.payload["deadline_id"]].soort == "contact"]
    assert sum(1 for r in herinneringen if r.payload["stap"] == "escalatie"
               and deadlines[r.payload["deadline_id"]].omschrijving.startswith("Plan van aanpak herbeoordelen")) == 1
    assert sum(1 for r in herinneringen if r.payload["stap"] == "escalatie"
               and deadlines[r.payload["deadline_id"]].omschrijving.startswith("Nazorg na 3 maanden")) == 1

    assert sum(1 for r in herinneringen if r.payload["stap"] == "escalatie"
               and deadlines[r.payload["deadline_id"]].omschrijving.endswith("Werkgever benaderen voor proefplaats")) == 1
    assert not [r for r in herinneringen if deadlines[r.payload["deadline_id"]].omschrijving.endswith("Cv opstellen")
                and r.payload["stap"] in ("t-1", "t0", "escalatie")]  # done after 'nog 5 werkdagen'

    # The stage timer woke once (first Werk vinden); the second lapsed with the uitstroom.
    wekkers = [r for r in rijen if r.soort == "flow" and r.payload["deployment"] == STAGE_WEKT]
    assert len(wekkers) == 1 and lokale_datum(wekkers[0].aangemaakt_op) == date(2027, 5, 3)
    assert [w["gewijzigd"] for w in gewekt] == [True]
    assert events["traject.contact"] == len(contacten) and events["traject.herbeoordeling_pva"] == 3

    # 4. The gemeente heard every change once: the fasen, the vangnet, parttime and the uitstroom.
    assert g.statussen()[len(statussen_bij_start):] == [
        "Persoonlijke ontwikkeling", "Werk vinden", "Werk houden", "Werk vinden", "Deels uitgestroomd", "Afgesloten"]
    [resultaat] = g.resultaten()
    assert resultaat["toelichting"] == "Vast contract, voltijd"

    # 5. Privacy: no personal data in any mail nor in Prefect.
    mails = read_folder(mailbox.folder)  # type: ignore[attr-defined]
    assert len(mails) >= len(herinneringen)
    [toegekend] = [m for m in mails if "uitkering toegekend" in m["Subject"]]
    tekst = toegekend.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "fase Kennismaking" in tekst and "minstens elke 4 weken" in tekst and "elke 13 weken" in tekst
    assert f"werkpad traject contact {ref}" in tekst and "traject-contact/contact" in tekst
    for m in mails:
        inhoud = m.as_string()
        assert BSN not in inhoud and "Proefpersoon" not in inhoud and "1979-03-14" not in inhoud
    assert_no_personal_data_in_prefect([BSN, "Jaarlang", "Proefpersoon", "1979-03-14"])


def _gesloten_op(rt: Any, d: Deadline) -> datetime | None:
    """When the term stopped reminding: its taak's closing moment, the uitstroom for a taak that
    lapsed with it, after the test for a term still running; None when the store cannot say."""
    with session(rt.engine) as s:
        taak = s.exec(select(Taak).where(Taak.deadline_id == d.id)).first()
    if taak is None:
        return None
    if taak.afgerond_op is not None:
        return taak.afgerond_op
    return at(f"{UITSTROOM.isoformat()}T10:05")
