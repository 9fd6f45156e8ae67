"""Verlengde intake AD&A: three months walked on a moved clock, with a sweep every werkdag morning.

Every reminder fires once and on the right werkdag, nothing twice; the advies timer wakes its
flow exactly once; the decision starts what follows; no BSN or name in any mail.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta

import pytest
from sqlmodel import select

from casestore import repo
from casestore.db import session
from casestore.models import Deadline, Outbox, Taak
from domain.herinneringen import beleid, lokale_datum, stapdatum
from domain.uitkering import VERLENGDE_INTAKE_INPLANNEN
from domain.verlengde_intake import (
    BESLUIT_TAAK,
    ESCALATIE_TAAK,
    ONDERZOEK_TAAK,
    WEKT,
    Advies,
    Besluit,
    Fase,
    Onderzoek,
)
from tests.conftest import at

BSN = "999900304"
NAAM = "Verlengd Testpersoon"


def toegekend_met_verlengde_intake(rt, sim, bsn: str) -> str:  # type: ignore[no-untyped-def]
    """Aanmelding, brede intake with route verlengde intake, the gemeente grants: the werkcoach
    has the task "Verlengde intake AD&A inplannen" (plain steps, no Prefect)."""
    from domain.traject import Advies as IntakeAdvies
    from domain.traject import BredeIntakeUitkomst, Route
    from tasks.aanmelding import plan_intake, registreer
    from tasks.brede_intake import leg_uitkomst_vast
    from tasks.dispatch import dispatch
    from tasks.uitkering import verwerk_uitkeringsbesluit

    t0 = at("2026-11-23T09:00")
    ref = registreer(rt, bsn=bsn, naam=NAAM, geboortedatum=date(1980, 1, 1), gemeente="velsen",
                     werkcoach="wc.velsen@ijw.example", nu=t0, actor="test")
    plan_intake(rt, referentie=ref, nu=t0)
    dispatch(rt, nu=t0)
    later = at("2026-12-07T10:00")
    leg_uitkomst_vast(rt, referentie=ref, nu=later, actor="test",
                      uitkomst=BredeIntakeUitkomst(advies=IntakeAdvies.positief, route=Route.verlengde_intake))
    dispatch(rt, nu=later)
    sim.drive(f"/_sim/uitkeringen/{ref}", {"status": "toegekend"})
    verwerk_uitkeringsbesluit(rt, referentie=ref, status="toegekend", nu=at("2026-12-08T09:00"))
    dispatch(rt, nu=at("2026-12-08T09:00"))
    return ref


def werkdag_ochtenden(rt, van: date, tot: date) -> list[datetime]:  # type: ignore[no-untyped-def]
    dagen, d = [], van
    while d <= tot:
        if rt.kalender.is_werkdag(d):
            dagen.append(at(f"{d.isoformat()}T07:05"))
        d += timedelta(days=1)
    return dagen


def ochtend(rt, moment: datetime) -> None:  # type: ignore[no-untyped-def]
    from tasks.dispatch import dispatch
    from tasks.sweep import sweep

    sweep(rt, nu=moment)
    dispatch(rt, nu=moment)


def herinneringen(rt, ref: str) -> list[tuple[str, str, date]]:  # type: ignore[no-untyped-def]
    """(deadline description, step code, local send day) of every reminder and escalation queued."""
    with session(rt.engine) as s:
        t = repo.get_traject(s, referentie=ref)
        rows = s.exec(select(Outbox).where(Outbox.traject_id == t.id, Outbox.soort == "email")).all()
        out = []
        for r in rows:
            if r.payload.get("template") in ("herinnering", "escalatie"):
                d = s.get(Deadline, r.payload["deadline_id"])
                assert d is not None and r.status == "sent"
                out.append((d.omschrijving, r.payload["stap"], lokale_datum(r.aangemaakt_op)))
        return out


def verwacht(rt, due: date, beleid_naam: str, codes: set[str]) -> dict[str, date]:  # type: ignore[no-untyped-def]
    return {st.code: stapdatum(due, st, rt.kalender) for st in beleid(beleid_naam).stappen if st.code in codes}


def flow_rijen(rt, ref: str, deployment: str) -> list[Outbox]:  # type: ignore[no-untyped-def]
    with session(rt.engine) as s:
        t = repo.get_traject(s, referentie=ref)
        return [o for o in s.exec(select(Outbox).where(Outbox.traject_id == t.id, Outbox.soort == "flow")).all()
                if o.payload["deployment"] == deployment]


def runs_met_sleutel(sleutel: str) -> list[object]:
    """Runs on the session's Prefect server created with this idempotency key (the server is shared
    by every test and both databases: a key seen before returns the run made then, never a second)."""
    from prefect import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterIdempotencyKey

    with get_client(sync_client=True) as c:
        return list(c.read_flow_runs(flow_run_filter=FlowRunFilter(
            idempotency_key=FlowRunFilterIdempotencyKey(any_=[sleutel]))))


@pytest.mark.postgresql  # also on PostgreSQL (tests/conftest.py)
def test_three_months_at_ada_every_reminder_once_on_its_werkdag(prefect, rt, sim, mailbox) -> None:  # type: ignore[no-untyped-def]
    from flows.verlengde_intake import (
        verlengde_intake_advies,
        verlengde_intake_besluit,
        verlengde_intake_onderzoek,
        verlengde_intake_starten,
    )
    from notifications.mailcatcher import read_folder
    from tasks.dispatch import dispatch

    ref = toegekend_met_verlengde_intake(rt, sim, BSN)
    with session(rt.engine) as s:
        assert [k.code for k in repo.open_taken(s, traject=repo.get_traject(s, referentie=ref))] == [
            VERLENGDE_INTAKE_INPLANNEN]

    res = verlengde_intake_starten(referentie=ref, nu=at("2026-12-09T10:00"))
    assert (res["advies_due"], res["tussenevaluatie"], res["inplannen_gesloten"]) == ("2027-03-09", "2027-01-20", 1)
    zaak = next(z for z in sim.state.zaken.values() if z["identificatie"] == ref)
    assert any("Verlengde intake AD&A tot 2027-03-09" in st["statustoelichting"]
               for st in sim.state.statussen.values() if st["zaak"] == zaak["url"])
    melba = verlengde_intake_onderzoek(referentie=ref, soort=Onderzoek.melba, nu=at("2026-12-09T11:00"))
    taal = verlengde_intake_onderzoek(referentie=ref, soort=Onderzoek.taalniveautoets, uiterlijk=date(2026, 12, 24),
                                      nu=at("2026-12-09T11:05"))
    assert (melba["uiterlijk"], taal["uiterlijk"]) == ("2027-01-06", "2026-12-24")

    with session(rt.engine) as s:
        taken = {k.titel: k for k in repo.open_taken(s, traject=repo.get_traject(s, referentie=ref))}
    tussen_id = next(k.id for t, k in taken.items() if t.startswith("Tussenevaluatie"))

    besluit_due = None
    for moment in werkdag_ochtenden(rt, date(2026, 12, 10), date(2027, 3, 19)):
        ochtend(rt, moment)
        ochtend(rt, moment + timedelta(minutes=40))  # a second sweep the same morning changes nothing
        dag = lokale_datum(moment)
        with session(rt.engine) as s:
            if dag == date(2026, 12, 15):  # the taalniveautoets is done before any reminder
                repo.rond_taak_af(s, taak_id=taal["taak_id"], nu=moment + timedelta(hours=2), actor="ada")
            if dag == date(2027, 1, 6):  # MELBA on its due date, after that morning's "vandaag"
                repo.rond_taak_af(s, taak_id=melba["taak_id"], nu=moment + timedelta(hours=2), actor="ada")
            if dag == date(2027, 1, 19):  # the midway evaluation the day before it is due
                repo.rond_taak_af(s, taak_id=tussen_id, nu=moment + timedelta(hours=2), actor="ada")
            s.commit()
        if dag == date(2027, 3, 9):  # the advies on its due date, after that morning's "vandaag"
            r = verlengde_intake_advies(referentie=ref, advies=Advies.traject, fase=Fase.ontwikkeling_werkervaring,
                                        toelichting="Leerbaar, werkervaring opdoen", nu=moment + timedelta(hours=3))
            besluit_due = r["besluit_due"]
        if dag == date(2027, 3, 16):  # the werkcoach decides on the last day, after the "vandaag" reminder
            verlengde_intake_besluit(referentie=ref, besluit=Besluit.volgen, toelichting="Advies gevolgd",
                                     nu=moment + timedelta(hours=5))
    assert besluit_due == "2027-03-16"  # five werkdagen (the setting's default)

    gezien = herinneringen(rt, ref)
    teller = Counter((o, c) for o, c, _ in gezien)
    assert all(n == 1 for n in teller.values()), teller  # nothing fired twice
    per = {(o, c): d for o, c, d in gezien}

    def van(omschrijving_begin: str) -> dict[str, date]:
        return {c: d for (o, c), d in per.items() if o.startswith(omschrijving_begin)}

    assert van("Onderzoek Taalniveautoets") == {}
    assert van("Onderzoek MELBA") == verwacht(rt, date(2027, 1, 6), "standaard", {"t-5", "t-1", "t0"}) == {
        "t-5": date(2026, 12, 29), "t-1": date(2027, 1, 5), "t0": date(2027, 1, 6)}
    assert van("Tussenevaluatie") == {"t-5": date(2027, 1, 13), "t-1": date(2027, 1, 19)}
    assert van("Advies verlengde intake") == {"t-5": date(2027, 3, 2), "t-1": date(2027, 3, 8), "t0": date(2027, 3, 9)}
    assert van("Besluiten op het advies") == {"t-1": date(2027, 3, 15), "t0": date(2027, 3, 16)}
    assert not [g for g in gezien if g[1] == "escalatie"]
    assert flow_rijen(rt, ref, WEKT) == []  # the advies came in time: the timer never woke

    with session(rt.engine) as s:
        t = repo.get_traject(s, referentie=ref)
        assert t.status == "traject" and t.fase == Fase.ontwikkeling_werkervaring.value  # through the fase model
        assert events_fase(repo.tijdlijn(s, traject=t)) == [(None, "ontwikkeling-werkervaring")]
        stap = next(p for p in repo.processen(s, traject=t) if p.proces == "verlengde_intake")
        assert stap.status == "besloten" and stap.data["gekozen_fase"] == Fase.ontwikkeling_werkervaring.value
        assert s.exec(select(Deadline).where(Deadline.proces_stap_id == stap.id, Deadline.status == "open")).all() == []
        events = Counter(e.gebeurtenis for e in repo.tijdlijn(s, traject=t) if e.gebeurtenis)
        assert events["verlengde_intake.gestart"] == events["verlengde_intake.besloten"] == 1
        assert events["verlengde_intake.onderzoek"] == 2 and events["verlengde_intake.advies_te_laat"] == 0

    dispatch(rt, nu=at("2027-03-19T09:00"))
    mails = read_folder(mailbox.folder)  # type: ignore[attr-defined]
    onderwerpen = [m["Subject"] for m in mails]
    assert sum("verlengde intake AD&A gestart" in o for o in onderwerpen) == 1
    [toegekend] = [m for m in mails if "uitkering toegekend" in m["Subject"]]
    assert f"werkpad verlengde-intake start {ref}" in toegekend.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert sum("advies AD&A ontvangen" in o for o in onderwerpen) == 1
    advies_mail = next(m for m in mails if "advies AD&A ontvangen" in m["Subject"])
    tekst = advies_mail.get_body(preferencelist=("plain",)).get_content()
    assert f"werkpad verlengde-intake besluit {ref} --besluit volgen" in tekst and "verlengde-intake-besluit/besluit" in tekst
    # A reminder of a task the process owns says how to record the outcome (not taak-afronden) …
    herinnering = next(m for m in mails if "Advies verlengde intake" in m["Subject"])
    tekst = herinnering.get_body(preferencelist=("plain",)).get_content()
    assert f"werkpad verlengde-intake advies {ref} --advies" in tekst and "verlengde-intake-advies/advies" in tekst
    assert "werkpad taak-afronden" not in tekst
    # … and one of an onderzoek is closed with taak-afronden, as every other task.
    onderzoek_mail = next(m for m in mails if "Onderzoek MELBA" in m["Subject"])
    assert "werkpad taak-afronden" in onderzoek_mail.get_body(preferencelist=("plain",)).get_content()
    for m in mails:
        inhoud = m.as_string()
        assert BSN not in inhoud and "Testpersoon" not in inhoud and "1980-01-01" not in inhoud


def test_advies_timer_wakes_once_and_tijdelijk_oponthoud_follows(prefect, rt, sim, mailbox) -> None:  # type: ignore[no-untyped-def]
    from flows.verlengde_intake import verlengde_intake_advies_verlopen
    from notifications.mailcatcher import read_folder
    from tasks.verlengde_intake import leg_advies_vast, leg_besluit_vast, start

    ref = toegekend_met_verlengde_intake(rt, sim, "999900316")
    start(rt, referentie=ref, nu=at("2026-12-09T10:00"), actor="werkcoach")
    for moment in werkdag_ochtenden(rt, date(2027, 3, 1), date(2027, 3, 12)):
        ochtend(rt, moment)
        ochtend(rt, moment + timedelta(minutes=15))
    wekker = flow_rijen(rt, ref, WEKT)
    assert len(wekker) == 1 and wekker[0].status == "sent" and wekker[0].payload["parameters"] == {"referentie": ref}
    woken = runs_met_sleutel(wekker[0].idem_key)
    assert len(woken) == 1 and str(woken[0].id) == wekker[0].extern_kenmerk  # type: ignore[attr-defined]
    gezien = herinneringen(rt, ref)
    late = [(c, d) for o, c, d in gezien if o.startswith("Advies verlengde intake") and c == "escalatie"]
    assert late == [("escalatie", date(2027, 3, 10))]  # the werkcoach hears it the werkdag after, once

    # What the runner does with the created run (twice: harmless).
    assert verlengde_intake_advies_verlopen(referentie=ref, nu=at("2027-03-10T08:00"))["gewijzigd"] is True
    assert verlengde_intake_advies_verlopen(referentie=ref, nu=at("2027-03-10T08:05"))["gewijzigd"] is False
    with session(rt.engine) as s:
        esc = s.exec(select(Taak).where(Taak.code == ESCALATIE_TAAK)).all()
        assert [(k.eigenaar_email, k.status) for k in esc] == [(rt.settings.verlengde_intake.ada_teamleider_email, "open")]
    ochtend(rt, at("2027-03-10T08:10"))
    te_laat = [m for m in read_folder(mailbox.folder) if "te laat" in m["Subject"]]  # type: ignore[attr-defined]
    assert len(te_laat) == 1 and te_laat[0]["To"] == rt.settings.verlengde_intake.ada_teamleider_email
    tekst = te_laat[0].get_body(preferencelist=("plain",)).get_content()
    assert f"werkpad verlengde-intake advies {ref}" in tekst and "maandag 15 maart 2027" in tekst  # three werkdagen
    assert "999900316" not in te_laat[0].as_string() and NAAM.split()[1] not in te_laat[0].as_string()

    leg_advies_vast(rt, referentie=ref, advies=Advies.tijdelijk_oponthoud, fase=None, toelichting="Eerst herstel nodig",
                    nu=at("2027-03-11T10:00"), actor="ada")
    leg_besluit_vast(rt, referentie=ref, besluit=Besluit.volgen, anders=None, fase=None, toelichting="Advies gevolgd",
                     nu=at("2027-03-12T10:00"), actor="werkcoach")
    ochtend(rt, at("2027-03-12T10:05"))
    ochtend(rt, at("2027-03-12T10:10"))
    with session(rt.engine) as s:
        assert s.exec(select(Taak).where(Taak.code == ESCALATIE_TAAK)).one().status == "afgerond"
        assert {k.status for k in s.exec(select(Taak).where(Taak.code == BESLUIT_TAAK))} == {"afgerond"}
        assert s.exec(select(Taak).where(Taak.code == ONDERZOEK_TAAK)).all() == []
    flows = flow_rijen(rt, ref, "tijdelijk-oponthoud-starten/starten")
    assert len(flows) == 1 and flows[0].status == "sent" and flows[0].payload["parameters"]["referentie"] == ref
    gestart = runs_met_sleutel(flows[0].idem_key)
    assert len(gestart) == 1 and str(gestart[0].id) == flows[0].extern_kenmerk  # type: ignore[attr-defined]


def test_advies_verlopen_by_hand_before_its_date_is_refused_and_an_onderzoek_is_mailed(prefect, rt, sim, mailbox) -> None:  # type: ignore[no-untyped-def]
    """Issue 20 (24): the woken step started by hand (a form run) three months early used to mark the advies
    late, mail the AD&A teamleider and close the intake to onderzoeken; now it refuses before its timer's date,
    like every woken step, and changes nothing. Issue 20 (19): an onderzoek is mailed to AD&A with its task
    number (the start mail says the id is "in de taakmail"), references only."""
    from domain.errors import TransitionRefused
    from domain.verlengde_intake import ADVIES_TERMIJN
    from flows.verlengde_intake import verlengde_intake_advies_verlopen, verlengde_intake_onderzoek
    from notifications.mailcatcher import read_folder
    from tasks.dispatch import dispatch
    from tasks.verlengde_intake import start

    ref = toegekend_met_verlengde_intake(rt, sim, "999902003")
    start(rt, referentie=ref, nu=at("2026-12-09T10:00"), actor="werkcoach")
    with pytest.raises(TransitionRefused, match="de wekker gaat op 2027-03-10"):
        verlengde_intake_advies_verlopen(referentie=ref, nu=at("2026-12-10T10:00"))
    with session(rt.engine) as s:
        t = repo.get_traject(s, referentie=ref)
        stap = next(p for p in repo.processen(s, traject=t) if p.proces == "verlengde_intake")
        assert stap.status == "loopt" and s.exec(select(Taak).where(Taak.code == ESCALATIE_TAAK)).all() == []
        timer = repo.get_deadline_van(s, stap=stap, code=ADVIES_TERMIJN)
        assert timer is not None and (timer.status, timer.due) == ("open", date(2027, 3, 10))
        assert not [o for o in s.exec(select(Outbox)).all()
                    if o.payload.get("template") == "verlengde_intake_advies_te_laat"]

    res = verlengde_intake_onderzoek(referentie=ref, soort=Onderzoek.belastbaarheid, nu=at("2026-12-10T11:00"))
    assert res["uiterlijk"] == "2027-01-21"  # still open to onderzoeken
    dispatch(rt, nu=at("2026-12-10T11:05"))
    [mail] = [m for m in read_folder(mailbox.folder) if "onderzoek Belastbaarheid" in m["Subject"]]  # type: ignore[attr-defined]
    assert mail["To"] == rt.settings.verlengde_intake.ada_email
    assert mail["Subject"] == f"{ref}: onderzoek Belastbaarheid aangevraagd, uiterlijk donderdag 21 januari 2027 " \
                              f"(taak {res['taak_id']})"
    tekst = mail.get_body(preferencelist=("plain",)).get_content()
    assert f"werkpad taak-afronden {res['taak_id']}" in tekst and "dinsdag 9 maart 2027" in tekst
    assert "999902003" not in mail.as_string() and "Testpersoon" not in mail.as_string()
    assert verlengde_intake_advies_verlopen(referentie=ref, nu=at("2027-03-10T08:00"))["gewijzigd"] is True


def test_started_later_by_a_werkcoach_deviating_decision_starts_the_indicatie(rt, sim) -> None:  # type: ignore[no-untyped-def]
    """A traject already running: the werkcoach starts a verlengde intake; AD&A advises a fase, the
    werkcoach deviates to an indicatie banenafspraak: the indicatie process starts in the same
    transaction (its preparation task for the werkcoach), the traject stays."""
    from tasks.uitkering import verwerk_uitkeringsbesluit
    from tasks.verlengde_intake import leg_advies_vast, leg_besluit_vast, onderzoek, start
    from tests.conftest import wachtend_traject

    ref = wachtend_traject(rt, "999900328")
    sim.drive(f"/_sim/uitkeringen/{ref}", {"status": "toegekend"})
    verwerk_uitkeringsbesluit(rt, referentie=ref, status="toegekend", nu=at("2026-12-08T09:00"))
    res = start(rt, referentie=ref, nu=at("2027-01-11T10:00"), actor="wc.velsen@ijw.example")
    assert res["inplannen_gesloten"] == 0 and res["advies_due"] == "2027-04-09"
    o = onderzoek(rt, referentie=ref, soort=Onderzoek.belastbaarheid, uiterlijk=None, nu=at("2027-01-11T11:00"),
                  actor="ada")
    leg_advies_vast(rt, referentie=ref, advies=Advies.traject, fase=Fase.werk_vinden, toelichting="Klaar voor werk",
                    nu=at("2027-02-15T10:00"), actor="ada")
    res = leg_besluit_vast(rt, referentie=ref, besluit=Besluit.afwijken, anders=Advies.indicatie_banenafspraak,
                           fase=None, toelichting="Eerst indicatie", nu=at("2027-02-16T10:00"), actor="werkcoach")
    assert res["vervolg"] == "indicatie-banenafspraak"
    with session(rt.engine) as s:
        t = repo.get_traject(s, referentie=ref)
        assert t.status == "traject"
        assert s.get(Taak, o["taak_id"]).status == "vervallen"  # type: ignore[union-attr]  # the advies came first
        open_titels = [k.titel for k in repo.open_taken(s, traject=t)]
        assert "Stageverslagen en bevindingen verzamelen voor de aanvraag bij UWV" in open_titels
        assert not [k for k in repo.open_taken(s, traject=t) if k.code == "verlengde_intake.vervolg"]
        events = Counter(e.gebeurtenis for e in repo.tijdlijn(s, traject=t) if e.gebeurtenis)
        assert events["verlengde_intake.indicatie_gevraagd"] == 1 and events["verlengde_intake.besloten"] == 1
        assert events["indicatie.gestart"] == 1
        indicatie = next(p for p in repo.processen(s, traject=t) if p.proces == "indicatie")
        assert (indicatie.status, indicatie.data["soort"], indicatie.data["bron"]) == (
            "voorbereiden", "banenafspraak", "verlengde intake")
        stap = next(p for p in repo.processen(s, traject=t) if p.proces == "verlengde_intake")
        assert (stap.data["advies"], stap.data["besluit"], stap.data["gekozen"]) == (
            "traject", "afwijken", "indicatie-banenafspraak")


def test_decision_into_werk_houden_plans_the_nazorg(rt, sim) -> None:  # type: ignore[no-untyped-def]
    """The decision puts the deelnemer straight into "Werk houden": the jobcoach's nazorg is planned
    as with the fase command (the werkcoach is the jobcoach until one is named); leaving the fase ends it."""
    from domain.fasen import NAZORG_TAAK
    from tasks.fasen import wijzig_fase
    from tasks.uitkering import verwerk_uitkeringsbesluit
    from tasks.verlengde_intake import leg_advies_vast, leg_besluit_vast, start
    from tests.conftest import wachtend_traject

    ref = wachtend_traject(rt, "999900341")
    sim.drive(f"/_sim/uitkeringen/{ref}", {"status": "toegekend"})
    verwerk_uitkeringsbesluit(rt, referentie=ref, status="toegekend", nu=at("2026-12-08T09:00"))
    start(rt, referentie=ref, nu=at("2027-01-11T10:00"), actor="wc.velsen@ijw.example")
    leg_advies_vast(rt, referentie=ref, advies=Advies.traject, fase=Fase.werk_houden, toelichting="Heeft een baan",
                    nu=at("2027-02-15T10:00"), actor="ada")
    leg_besluit_vast(rt, referentie=ref, besluit=Besluit.volgen, anders=None, fase=None, toelichting="Advies gevolgd",
                     nu=at("2027-02-16T10:00"), actor="werkcoach")
    with session(rt.engine) as s:
        t = repo.get_traject(s, referentie=ref)
        nazorg = [k for k in repo.open_taken(s, traject=t) if k.code == NAZORG_TAAK]
        assert t.fase == Fase.werk_houden.value and len(nazorg) >= 3
        assert {k.eigenaar_email for k in nazorg} == {t.werkcoach_email}
        assert [p.status for p in repo.processen(s, traject=t) if p.proces == "nazorg"] == ["loopt"]
        mails = [o for o in s.exec(select(Outbox)).all() if o.payload.get("template") == "nazorg_gepland"]
        assert len(mails) == 1
    wijzig_fase(rt, referentie=ref, fase=Fase.werk_vinden, reden="Baan verloren", nu=at("2027-03-01T10:00"),
                actor="werkcoach", vangnet=True)
    with session(rt.engine) as s:
        t = repo.get_traject(s, referentie=ref)
        assert not [k for k in repo.open_taken(s, traject=t) if k.code == NAZORG_TAAK]


def test_the_commands_walk_the_process(prefect, rt, sim, deur) -> None:  # type: ignore[no-untyped-def]
    """The four commands, as a werkcoach and AD&A type them (Prefect: the session's test server)."""
    from typer.testing import CliRunner

    from werkpad.cli import app

    ref = toegekend_met_verlengde_intake(rt, sim, "999900341")

    def werkpad(*args: str) -> str:
        r = CliRunner().invoke(app, ["verlengde-intake", *args])
        assert r.exit_code == 0, r.output
        return " ".join(r.output.split())  # rich wraps at the terminal width

    assert werkpad("start", ref, "--nu", "2026-12-09T10:00") == (
        f"{ref}: verlengde intake AD&A gestart; tussenevaluatie 2027-01-20, advies uiterlijk 2027-03-09. "
        f'Daarna: werkpad verlengde-intake onderzoek {ref} --soort "…"')
    assert "aangevraagd, uiterlijk 2026-12-23" in werkpad("onderzoek", ref, "--soort", "Taalniveautoets",
                                                            "--nu", "2026-12-09T10:05")
    advies = werkpad("advies", ref, "--advies", "traject", "--fase", "persoonlijke-ontwikkeling", "--toelichting",
                     "Eerst ontwikkelen", "--nu", "2027-02-01T10:00")
    assert "besluit uiterlijk 2027-02-08" in advies
    assert advies.endswith(f'Daarna: werkpad verlengde-intake besluit {ref} --besluit "…" --toelichting "…"')
    assert werkpad("besluit", ref, "--besluit", "afwijken", "--anders", "traject", "--fase", "kennismaking",
                   "--toelichting", "Eerst kennismaken", "--nu", "2027-02-02T10:00") == (
        f"{ref}: besluit vastgelegd; vervolg traject.")
    with session(rt.engine) as s:
        t = repo.get_traject(s, referentie=ref)
        stap = next(p for p in repo.processen(s, traject=t) if p.proces == "verlengde_intake")
        assert t.status == "traject" and stap.data["gekozen_fase"] == "kennismaking"


def events_fase(tijdlijn: list) -> list[tuple[object, object]]:  # type: ignore[type-arg]
    return [(e.data.get("van"), e.data.get("naar")) for e in tijdlijn if e.gebeurtenis == "traject.fase"]
