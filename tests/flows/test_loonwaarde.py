"""Loonwaardemeting incl. praktijkroute against the real ketenpartner simulators on loopback.

Praktijkroute end to end through the flows (the IB bericht once, with code 1, the brief date and
the percentage; the scheduled register lookup on a moved clock until UWV registers; jobcoach task
and mails; the watch closed); 100% sends nothing; the regular route to its herbeoordeling a year
later; a registration that stays out escalates once; exactly once under IB faults; an IB refusal
and Suwinet faults; no BSN, name or birth date in mails, logs or Prefect.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlmodel import select

from casestore import repo
from casestore.db import session
from casestore.models import Deadline, Outbox, ProcesStap, Taak
from domain.doelgroepregister import DOELGROEPREGISTER, NAVRAGEN_TAAK, UITBLIJVEN
from domain.herinneringen import beleid, lokale_datum, stapdatum
from domain.loonwaarde import HERBEOORDELING_TAAK, JOBCOACH_TAAK, LOONWAARDEMETING, Partij, Route
from integrations.ketenpartners.simulator import make_app, make_state
from tests.conftest import SECRET, AppServer, at

SPECS = Path(__file__).resolve().parents[3] / "shared" / "specs" / "suwinet"
BSN, NAAM, GEBOREN = "999901011", "Loonwaarde Praktijkmens", date(1977, 3, 19)
DESKUNDIGE = "lwd.certified@ijw.example"


@pytest.fixture(scope="module")
def ketenserver() -> Iterator[AppServer]:
    state = make_state(specs_dir=SPECS)
    s = AppServer(make_app(state)).start()
    s.state = state  # type: ignore[attr-defined]
    yield s
    s.stop()


@pytest.fixture()
def keten(ketenserver: AppServer) -> Iterator[AppServer]:
    for p in ("/suwinet/_sim/clear", "/inlichtingenbureau/_sim/clear"):
        assert ketenserver.drive(p, {}).status_code == 200
    ketenserver.drive("/inlichtingenbureau/_sim/instellingen", {"signaal_na_lookups": 2})
    ketenserver.drive("/suwinet/_sim/fault", {})
    yield ketenserver
    ketenserver.drive("/suwinet/_sim/fault", {})
    ketenserver.drive("/inlichtingenbureau/_sim/fault", {})


@pytest.fixture()
def lrt(engine, db_url, sim, mailbox, tmp_path, keten) -> Iterator[Any]:  # type: ignore[no-untyped-def]
    """The runtime as werkpad builds it, with Suwinet and the IB at the ketenpartner simulator."""
    from tasks import runtime
    from tasks.settings import Settings

    s = Settings(data_dir=tmp_path, casestore={"url": db_url}, mail={"smtp_port": mailbox.port},  # type: ignore[arg-type]
                 gemeente={"api_url": sim.url, "client_id": "werkpad-test", "secret": SECRET},  # type: ignore[arg-type]
                 stack={"ketenpartner_port": keten.port},  # type: ignore[arg-type]
                 inlichtingenbureau={"timeout_seconds": 0.5}, suwinet={"timeout_seconds": 0.5})  # type: ignore[arg-type]
    r = runtime.build_runtime(s)
    runtime.configure(r)
    yield r
    runtime.configure(None)
    r.engine.dispose()


def traject(rt: Any, bsn: str, naam: str = NAAM, gemeente: str = "velsen", nu: str = "2026-11-23T09:00") -> str:
    from tasks.aanmelding import registreer
    from tasks.dispatch import dispatch

    ref = registreer(rt, bsn=bsn, naam=naam, geboortedatum=GEBOREN, gemeente=gemeente,
                     werkcoach=f"wc.{gemeente}@ijw.example", nu=at(nu), actor="test")
    dispatch(rt, nu=at(nu))
    return ref


def tot_rapport(rt: Any, ref: str, route: Route = Route.praktijkroute) -> None:
    """Plain steps: start, meting on 8 December, both zienswijzen."""
    from tasks.loonwaarde import leg_zienswijze_vast, plan_meting, start

    start(rt, referentie=ref, route=route, werkgever="Bakkerij De Korenbloem", nu=at("2026-12-01T09:00"),
          actor="werkcoach")
    plan_meting(rt, referentie=ref, deskundige=DESKUNDIGE, op=date(2026, 12, 8), nu=at("2026-12-01T10:00"),
                actor="wsp")
    for p in Partij:
        leg_zienswijze_vast(rt, referentie=ref, van=p, toelichting=None, nu=at("2026-12-10T10:00"), actor="lwd")


def rapport_72(rt: Any, ref: str) -> dict[str, Any]:
    from tasks.loonwaarde import leg_rapport_vast

    return leg_rapport_vast(rt, referentie=ref, loonwaarde=72, rapportdatum=date(2026, 12, 14),  # type: ignore[no-any-return]
                            brief_werkgever=date(2026, 12, 15), nu=at("2026-12-15T10:00"), actor="lwd")


def ib(keten: AppServer) -> dict[str, Any]:
    return httpx.get(keten.url + "/inlichtingenbureau/_sim/verzoeken").json()  # type: ignore[no-any-return]


def stap(rt: Any, ref: str, proces: Any) -> ProcesStap:
    with session(rt.engine) as s:
        t = repo.get_traject(s, referentie=ref)
        return next(p for p in repo.processen(s, traject=t) if p.proces == proces.naam)


def taken(rt: Any, ref: str, code: str) -> list[Taak]:
    with session(rt.engine) as s:
        t = repo.get_traject(s, referentie=ref)
        return list(s.exec(select(Taak).where(Taak.traject_id == t.id, Taak.code == code)).all())


def ib_rij(rt: Any, ref: str) -> Outbox:
    with session(rt.engine) as s:
        t = repo.get_traject(s, referentie=ref)
        return s.exec(select(Outbox).where(Outbox.traject_id == t.id, Outbox.soort == "inlichtingenbureau")).one()


def werkdagen(rt: Any, van: date, tot: date, tijd: str = "08:00") -> list[datetime]:
    out, d = [], van
    while d <= tot:
        if rt.kalender.is_werkdag(d):
            out.append(at(f"{d.isoformat()}T{tijd}"))
        d += timedelta(days=1)
    return out


@pytest.mark.postgresql  # also on PostgreSQL (tests/conftest.py)
def test_praktijkroute_end_to_end(prefect, lrt, keten, mailbox, caplog) -> None:  # type: ignore[no-untyped-def]
    from flows.doelgroepregister import doelgroepregister_controle
    from flows.loonwaarde import (
        loonwaarde_meting,
        loonwaarde_rapport,
        loonwaarde_starten,
        loonwaarde_zienswijze,
    )
    from notifications.mailcatcher import read_folder
    from tests.flows.test_slice import assert_no_personal_data_in_prefect

    caplog.set_level(logging.DEBUG)
    ref = traject(lrt, BSN)
    res = loonwaarde_starten(referentie=ref, route=Route.praktijkroute, werkgever="Bakkerij De Korenbloem",
                             nu=at("2026-12-01T09:00"))
    assert res["due"] == "2026-12-15"
    res = loonwaarde_meting(referentie=ref, deskundige=DESKUNDIGE, op=date(2026, 12, 8), nu=at("2026-12-01T10:00"))
    assert (res["op"], res["zienswijzen_due"]) == ("2026-12-08", "2026-12-22")
    assert loonwaarde_zienswijze(referentie=ref, van=Partij.werkgever, toelichting="Werkgever akkoord met de meting",
                                 nu=at("2026-12-09T10:00"))["ontbreekt"] == ["werknemer"]
    res = loonwaarde_zienswijze(referentie=ref, van=Partij.werknemer, nu=at("2026-12-10T10:00"))
    assert res["ontbreekt"] == [] and res["rapport_due"] == "2026-12-24"
    res = loonwaarde_rapport(referentie=ref, loonwaarde=72, rapportdatum=date(2026, 12, 14),
                             brief_werkgever=date(2026, 12, 15), nu=at("2026-12-15T10:00"))
    assert res["status"] == "ib_bericht"

    # The bericht left once, with code 1, the brief's date and 72%, under the row's own key.
    rij = ib_rij(lrt, ref)
    stored = ib(keten)
    assert rij.status == "sent" and stored["per_sleutel"] == {rij.idem_key: 1} and stored["berichten"] == 1
    b = stored["opgeslagen"][0]
    assert (b["cd"], b["datum"], b["perc"], b["gemeentecode"]) == ("1", "20261215", "07200", "0453")
    assert rij.extern_kenmerk == b["berichtId"] and BSN not in str(rij.payload)
    lw = stap(lrt, ref, LOONWAARDEMETING)
    assert lw.status == "wacht_op_register" and lw.data["ib_bericht_id"] == b["berichtId"]
    assert stap(lrt, ref, DOELGROEPREGISTER).status == "wacht"

    # The scheduled lookup, on the following werkdagen: UWV registers after two lookups.
    uitkomsten = []
    for moment in werkdagen(lrt, date(2026, 12, 16), date(2026, 12, 18)):
        uitkomsten.append(doelgroepregister_controle(nu=moment)["trajecten"][0]["uitkomst"])
    assert uitkomsten == ["wacht", "wacht", "geregistreerd"]
    assert doelgroepregister_controle(nu=at("2026-12-21T08:00"))["gecontroleerd"] == 0  # the watch is closed
    w = stap(lrt, ref, DOELGROEPREGISTER)
    assert w.status == "geregistreerd" and w.data["geregistreerd_sinds"] == "2026-12-15" and w.data["lookups"] == 3
    assert stap(lrt, ref, LOONWAARDEMETING).status == "jobcoach_gekoppeld"
    from domain.errors import TransitionRefused
    from tasks.doelgroepregister import open_watches

    with pytest.raises(TransitionRefused, match="staat al in het doelgroepregister \\(sinds 2026-12-15\\)"):
        open_watches(lrt, ref)  # asking again by hand says it is done, and since when
    [jc] = taken(lrt, ref, JOBCOACH_TAAK)
    assert jc.status == "open" and jc.eigenaar_email == lrt.settings.loonwaarde.jobcoach_email
    with session(lrt.engine) as s:
        d = s.get(Deadline, jc.deadline_id)
        assert d is not None and d.due == lrt.kalender.werkdagen_erbij(date(2026, 12, 18), 10)
        uitblijven = s.exec(select(Deadline).where(Deadline.code == UITBLIJVEN)).one()
        assert uitblijven.status == "afgerond"

    mails = read_folder(mailbox.folder)
    onderwerpen = [(m["To"], m["Subject"]) for m in mails]
    assert any(to == "wc.velsen@ijw.example" and sub.startswith(f"{ref}: in het doelgroepregister – jobcoach koppelen")
               for to, sub in onderwerpen)
    assert any(to == lrt.settings.loonwaarde.jobcoach_email and "jobcoach koppelen" in sub for to, sub in onderwerpen)
    assert any(to == DESKUNDIGE for to, _ in onderwerpen) and any(to == "wsp.velsen@ijmondwerkt.example" for to, _ in onderwerpen)
    meting_mail = next(m for m in mails if m["To"] == DESKUNDIGE).get_body(("plain",)).get_content()
    assert f"werkpad loonwaarde zienswijze {ref} --van werkgever" in meting_mail
    assert "loonwaarde-rapport/rapport" in meting_mail and "--brief-werkgever" in meting_mail
    for m in mails:
        raw = m.as_string()
        for needle in (BSN, "Praktijkmens", GEBOREN.isoformat(), "19-03-1977", "19 maart 1977"):
            assert needle not in raw
    assert not any(BSN in r.getMessage() for r in caplog.records)
    assert_no_personal_data_in_prefect([BSN, "Praktijkmens", GEBOREN.isoformat()])


def positieve_banenafspraak(rt: Any, ref: str, dag: str) -> None:
    """UWV's positive indicatie banenafspraak on `dag`, through the indicatie's own steps (manual channel): the
    garantiebaan route opens its doelgroepregister watch."""
    from domain.indicatie import BijlageSoort, Soort, Uitkomst
    from tasks.dispatch import dispatch
    from tasks.indicatie import aanvragen, indienen, leg_beslissing_vast, leg_ingediend_vast, leg_ontvangst_vast

    nu, op = at(f"{dag}T09:00"), date.fromisoformat(dag)
    aanvragen(rt, referentie=ref, soort=Soort.banenafspraak, omstandigheden_gewijzigd=None, nu=nu, actor="werkcoach")
    indienen(rt, referentie=ref, bijlagen=[BijlageSoort.stageverslag], nu=nu, actor="werkcoach")
    dispatch(rt, nu=nu, soort="uwv")
    leg_ingediend_vast(rt, referentie=ref, op=op, nu=nu, actor="werkcoach")
    leg_ontvangst_vast(rt, referentie=ref, op=op, nu=nu, actor="werkcoach")
    leg_beslissing_vast(rt, referentie=ref, uitkomst=Uitkomst.positief, op=op, toelichting="", nu=nu,
                        actor="werkcoach")
    watch = stap(rt, ref, DOELGROEPREGISTER)
    assert (watch.status, watch.data["vervolg"]) == ("wacht", "garantiebaan")


def test_praktijkroute_beside_a_positive_banenafspraak_is_refused_at_the_start(prefect, lrt, keten) -> None:  # type: ignore[no-untyped-def]
    """Issue 20 (18): the praktijkroute is for someone without an indicatie. Beside a positive banenafspraak
    (whose register watch runs) it used to be accepted, then got stuck at the IB's receipt; now the start
    refuses it, nothing written, and the regular route is open."""
    from flows.loonwaarde import loonwaarde_starten
    from tests.conftest import weigert

    ref = traject(lrt, "999902039")
    positieve_banenafspraak(lrt, ref, "2026-12-01")
    res = loonwaarde_starten(referentie=ref, route=Route.praktijkroute, werkgever="Bakkerij De Korenbloem",
                             nu=at("2026-12-02T09:00"))
    weigert(res, f"{ref}: UWV gaf op 2026-12-01 een positieve indicatie banenafspraak; de praktijkroute is voor wie "
                 "geen indicatie heeft. Kies route regulier.")
    with session(lrt.engine) as s:
        t = repo.get_traject(s, referentie=ref)
        assert [p for p in repo.processen(s, traject=t) if p.proces == LOONWAARDEMETING.naam] == []
        assert [o for o in s.exec(select(Outbox).where(Outbox.traject_id == t.id)).all()
                if o.payload.get("template") == "loonwaarde_gestart"] == []
    res = loonwaarde_starten(referentie=ref, route=Route.regulier, werkgever="Bakkerij De Korenbloem",
                             nu=at("2026-12-02T09:05"))
    assert res["route"] == "regulier" and stap(lrt, ref, LOONWAARDEMETING).status == "werkgever_benaderen"


def test_a_banenafspraak_during_the_praktijkroute_joins_the_watch_and_blames_nobody(lrt, keten) -> None:  # type: ignore[no-untyped-def]
    """Issue 20 (18): the praktijkroute started first; UWV's positive banenafspraak came during the meting and
    opened the register watch. The IB's receipt used to fail on that watch ("Geweigerd door inlichtingenbureau",
    the row failed, the meting stuck); now it joins the watch, and the registration serves both: the WSP's
    garantiebaan task and the jobcoach."""
    from domain.indicatie import GARANTIEBAAN_TAAK
    from tasks.dispatch import dispatch
    from tasks.doelgroepregister import controleer

    ref = traject(lrt, "999902040")
    tot_rapport(lrt, ref)
    positieve_banenafspraak(lrt, ref, "2026-12-11")
    assert rapport_72(lrt, ref)["status"] == "ib_bericht"
    dispatch(lrt, nu=at("2026-12-15T10:00"))
    assert ib_rij(lrt, ref).status == "sent" and ib(keten)["berichten"] == 1
    assert stap(lrt, ref, LOONWAARDEMETING).status == "wacht_op_register"
    watch = stap(lrt, ref, DOELGROEPREGISTER)
    assert (watch.status, watch.data["vervolg"], watch.data["ook"]) == ("wacht", "garantiebaan", ["praktijkroute"])
    with session(lrt.engine) as s:
        titels = [k.titel for k in repo.open_taken(s, traject=repo.get_traject(s, referentie=ref))]
        assert not [k for k in titels if k.startswith(("Geweigerd door", "Niet verwerkt"))], titels
    uitkomsten = [controleer(lrt, nu=moment)[0]["uitkomst"] for moment in werkdagen(lrt, date(2026, 12, 16),
                                                                                   date(2026, 12, 18))]
    assert uitkomsten == ["wacht", "wacht", "geregistreerd"]
    assert stap(lrt, ref, LOONWAARDEMETING).status == "jobcoach_gekoppeld"
    assert [k.eigenaar_email for k in taken(lrt, ref, GARANTIEBAAN_TAAK)] == ["wsp.velsen@ijmondwerkt.example"]
    assert [k.eigenaar_email for k in taken(lrt, ref, JOBCOACH_TAAK)] == [lrt.settings.loonwaarde.jobcoach_email]


def test_praktijkroute_at_100_percent_sends_nothing(lrt, keten) -> None:  # type: ignore[no-untyped-def]
    from tasks.dispatch import dispatch
    from tasks.loonwaarde import leg_rapport_vast

    ref = traject(lrt, "999901023", naam="Honderd Procent")
    tot_rapport(lrt, ref)
    res = leg_rapport_vast(lrt, referentie=ref, loonwaarde=100, rapportdatum=date(2026, 12, 14), brief_werkgever=None,
                           nu=at("2026-12-15T10:00"), actor="lwd")
    dispatch(lrt, nu=at("2026-12-15T10:00"))
    assert res["status"] == "boven_wml" and stap(lrt, ref, LOONWAARDEMETING).gesloten_op is not None
    assert ib(keten)["per_sleutel"] == {}
    with session(lrt.engine) as s:
        t = repo.get_traject(s, referentie=ref)
        assert repo.get_open_stap(s, traject=t, proces=DOELGROEPREGISTER) is None
        assert not [k for k in repo.open_taken(s, traject=t) if (k.code or "").startswith("loonwaardemeting.")]


def test_regulier_melding_and_herbeoordeling_a_year_later(lrt, keten, mailbox) -> None:  # type: ignore[no-untyped-def]
    from notifications.mailcatcher import read_folder
    from tasks.dispatch import dispatch
    from tasks.loonwaarde import leg_herbeoordeling_vast, leg_rapport_vast
    from tasks.sweep import sweep

    ref = traject(lrt, "999901035", naam="Regulier Werkend", gemeente="heemskerk")
    tot_rapport(lrt, ref, Route.regulier)
    res = leg_rapport_vast(lrt, referentie=ref, loonwaarde=65, rapportdatum=date(2026, 12, 14), brief_werkgever=None,
                           nu=at("2026-12-15T10:00"), actor="lwd")
    dispatch(lrt, nu=at("2026-12-15T10:00"))
    assert (res["status"], res["herbeoordeling"]) == ("lks_gemeld", "2027-12-14")
    melding = next(m for m in read_folder(mailbox.folder) if m["To"] == "klantmanager@heemskerk.example")
    assert "65%" in melding["Subject"] and melding["Reply-To"] == "wc.heemskerk@ijw.example"
    assert ib(keten)["per_sleutel"] == {}  # the regular route reports to the gemeente, not to the IB

    [taak] = taken(lrt, ref, HERBEOORDELING_TAAK)
    with session(lrt.engine) as s:
        d = s.get(Deadline, taak.deadline_id)
        assert d is not None
    verwacht = {st.code: stapdatum(date(2027, 12, 14), st, lrt.kalender) for st in beleid("standaard").stappen}
    for moment in werkdagen(lrt, date(2027, 11, 29), date(2027, 12, 17), "07:05"):
        sweep(lrt, nu=moment)
        sweep(lrt, nu=moment + timedelta(minutes=30))  # a second sweep the same morning changes nothing
        dispatch(lrt, nu=moment, soort="email")  # not the wachttermijn timers: no runs on the shared server
    with session(lrt.engine) as s:
        rows = s.exec(select(Outbox).where(Outbox.soort == "email")).all()
        gestuurd = sorted((r.payload["stap"], lokale_datum(r.aangemaakt_op)) for r in rows
                          if r.payload.get("deadline_id") == taak.deadline_id)
    assert gestuurd == sorted(verwacht.items())
    teksten = [m.get_body(("plain",)).get_content() for m in read_folder(mailbox.folder)
               if m["To"] == "wc.heemskerk@ijw.example"]
    assert any(f"werkpad loonwaarde herbeoordeling {ref} --loonwaarde N --rapportdatum JJJJ-MM-DD" in t
               and "loonwaarde-herbeoordeling/herbeoordeling" in t for t in teksten)

    res = leg_herbeoordeling_vast(lrt, referentie=ref, loonwaarde=70, rapportdatum=date(2027, 12, 16),
                                  nu=at("2027-12-17T10:00"), actor="werkcoach")
    assert res["herbeoordeling"] == "2028-12-15"
    alle = taken(lrt, ref, HERBEOORDELING_TAAK)
    assert sorted(k.status for k in alle) == ["afgerond", "open"]


def test_registration_missing_escalates_once(lrt, keten, mailbox) -> None:  # type: ignore[no-untyped-def]
    from notifications.mailcatcher import read_folder
    from tasks.dispatch import dispatch
    from tasks.doelgroepregister import controleer
    from tasks.sweep import sweep

    ref = traject(lrt, "999901047", naam="Nooit Geregistreerd")
    tot_rapport(lrt, ref)
    rapport_72(lrt, ref)
    keten.drive("/inlichtingenbureau/_sim/instellingen", {"signaal_na_lookups": 10_000})  # UWV never gets to it
    dispatch(lrt, nu=at("2026-12-15T10:00"))
    w = stap(lrt, ref, DOELGROEPREGISTER)
    assert w.data["uiterlijk"] == "2027-02-09"  # 8 weeks after the receipt, a werkdag
    for moment in werkdagen(lrt, date(2026, 12, 16), date(2027, 2, 19), "07:05"):
        assert [u["uitkomst"] for u in controleer(lrt, nu=moment)] == ["wacht"]
        sweep(lrt, nu=moment)
        dispatch(lrt, nu=moment, soort="email")  # not the wachttermijn timers: no runs on the shared server
    with session(lrt.engine) as s:
        d = s.exec(select(Deadline).where(Deadline.code == UITBLIJVEN)).one()
        rows = [r for r in s.exec(select(Outbox).where(Outbox.soort == "email")).all()
                if r.payload.get("deadline_id") == d.id]
    escalaties = [r for r in rows if r.payload["template"] == "escalatie"]
    assert len(escalaties) == 1 and escalaties[0].payload["aan"] == "teamleider.velsen@ijmondwerkt.example"
    assert lokale_datum(escalaties[0].aangemaakt_op) == date(2027, 2, 10)
    assert {r.payload["aan"] for r in rows if r.payload["template"] == "herinnering"} == {"wc.velsen@ijw.example"}
    assert stap(lrt, ref, DOELGROEPREGISTER).status == "wacht"  # still watched: a late registration still counts
    [esc] = [m for m in read_folder(mailbox.folder) if m["To"] == "teamleider.velsen@ijmondwerkt.example"
             and "Registratie doelgroepregister" in m.get_body(("plain",)).get_content()]
    tekst = esc.get_body(("plain",)).get_content()
    assert "(nu: de stap 'doelgroepregister controle')" in tekst and "999901047" not in esc.as_string()


def test_every_bericht_reaches_the_ib_exactly_once_under_faults(lrt, keten) -> None:  # type: ignore[no-untyped-def]
    """Failing share, a lost answer (stored, answer dropped) and a timeout after storing: dispatch
    until nothing is queued; every bericht is stored once and every case ends waiting for UWV."""
    from tasks.dispatch import dispatch

    refs = [traject(lrt, b, naam=f"Geval {i} Storing") for i, b in
            enumerate(["999901059", "999901060", "999901072", "999901084", "999901096"])]
    for ref in refs:
        tot_rapport(lrt, ref)
        rapport_72(lrt, ref)
    from tasks.dispatch import traject_id

    nu = at("2026-12-15T11:00")
    keten.drive("/inlichtingenbureau/_sim/fault", {"antwoord_kwijt_next": 1})  # stored, the answer lost
    assert dispatch(lrt, nu=nu, traject_id=traject_id(lrt, refs[0])).mislukt_tijdelijk == 1
    keten.drive("/inlichtingenbureau/_sim/fault", {"delay_seconds": 1.0})  # stored, then the client times out
    assert dispatch(lrt, nu=nu, traject_id=traject_id(lrt, refs[1])).mislukt_tijdelijk == 1
    assert ib(keten)["berichten"] == 2
    keten.drive("/inlichtingenbureau/_sim/fault", {"fail_share": 0.3, "fail_status": 503, "seed": 7})
    for _ in range(30):
        r = dispatch(lrt, nu=nu)
        assert r.mislukt_definitief == 0
        if r.mislukt_tijdelijk == 0:
            break
    stored = ib(keten)
    sleutels = {ib_rij(lrt, ref).idem_key: ref for ref in refs}
    assert stored["berichten"] == len(refs)
    assert {b["sleutel"] for b in stored["opgeslagen"]} == set(sleutels)
    assert set(stored["per_sleutel"]) == set(sleutels) and sum(stored["per_sleutel"].values()) > len(refs)
    for b in stored["opgeslagen"]:
        ref = sleutels[b["sleutel"]]
        rij = ib_rij(lrt, ref)
        assert rij.status == "sent" and rij.extern_kenmerk == b["berichtId"]
        assert stap(lrt, ref, LOONWAARDEMETING).status == "wacht_op_register"
        with session(lrt.engine) as s:
            t = repo.get_traject(s, referentie=ref)
            assert len([p for p in repo.processen(s, traject=t) if p.proces == "doelgroepregister"]) == 1


def test_ib_refusal_becomes_one_staff_task_with_the_message(lrt, keten) -> None:  # type: ignore[no-untyped-def]
    from tasks.dispatch import dispatch

    ref = traject(lrt, "999901102", naam="Geweigerd Bericht")
    tot_rapport(lrt, ref)
    rapport_72(lrt, ref)
    keten.drive("/inlichtingenbureau/_sim/fault", {"weiger_next": 1,
                                                   "weiger_tekst": "Gemeentecode hoort niet bij dit RSIN."})
    res = dispatch(lrt, nu=at("2026-12-15T11:00"))
    assert res.mislukt_definitief == 1
    dispatch(lrt, nu=at("2026-12-16T11:00"))  # a failed row is not sent again
    assert ib_rij(lrt, ref).status == "failed" and ib(keten)["per_sleutel"] == {ib_rij(lrt, ref).idem_key: 1}
    with session(lrt.engine) as s:
        t = repo.get_traject(s, referentie=ref)
        geweigerd = [k for k in repo.open_taken(s, traject=t) if k.titel.startswith("Geweigerd door")]
    assert len(geweigerd) == 1 and "Gemeentecode hoort niet bij dit RSIN" in geweigerd[0].titel
    assert BSN not in geweigerd[0].titel and "999901102" not in geweigerd[0].titel
    assert stap(lrt, ref, LOONWAARDEMETING).status == "ib_bericht"  # no watch without a receipt


def test_suwinet_faults_keep_the_watch_open_and_fwi_makes_one_task(lrt, keten) -> None:  # type: ignore[no-untyped-def]
    from casestore.db import session as new_session
    from tasks.dispatch import dispatch
    from tasks.doelgroepregister import controleer, open_watch

    ref = traject(lrt, "999901114", naam="Storing Suwinet")
    tot_rapport(lrt, ref)
    rapport_72(lrt, ref)
    dispatch(lrt, nu=at("2026-12-15T10:00"))
    fwi = traject(lrt, "999993549", naam="Geen Autorisatie")  # the simulator's FWI answer
    with new_session(lrt.engine) as s:
        t = repo.get_traject(s, referentie=fwi)
        open_watch(lrt, s, t, vervolg="test", nu=at("2026-12-15T10:00"), actor="test", reden="test")
        s.commit()

    keten.drive("/suwinet/_sim/fault", {"fail_next": 1, "fail_status": 503})
    uit = {u["referentie"]: u["uitkomst"] for u in controleer(lrt, nu=at("2026-12-16T08:00"))}
    assert uit == {ref: "overgeslagen", fwi: "fout"}  # one case's fault does not stop the other
    keten.drive("/suwinet/_sim/fault", {"delay_seconds": 1.0})
    uit = {u["referentie"]: u["uitkomst"] for u in controleer(lrt, nu=at("2026-12-17T08:00"))}
    assert uit[ref] == "overgeslagen"
    keten.drive("/suwinet/_sim/fault", {})
    for dag in ("2026-12-18", "2026-12-21", "2026-12-22"):
        uit.update({u["referentie"]: u["uitkomst"] for u in controleer(lrt, nu=at(f"{dag}T08:00"))})
    assert uit == {ref: "geregistreerd", fwi: "fout"}
    [navragen] = taken(lrt, fwi, NAVRAGEN_TAAK)  # one task, however many runs
    assert "SUWI-0107" in navragen.titel and "999993549" not in navragen.titel
    assert stap(lrt, fwi, DOELGROEPREGISTER).status == "wacht"


def test_the_commands_walk_the_praktijkroute(prefect, lrt, keten, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The commands as staff type them (Prefect: the session's test server)."""
    from typer.testing import CliRunner

    import werkpad.deur as deur
    from werkpad.cli import app

    for m in (deur,):  # the step doors run their flow in this process, on lrt's settings
        monkeypatch.setattr(m, "settings", lambda: lrt.settings)
        monkeypatch.setattr(m, "require_prefect", lambda s: None)
    ref = traject(lrt, "999901138", naam="Commando Walker")

    def werkpad(*args: str) -> str:
        r = CliRunner().invoke(app, list(args))
        assert r.exit_code == 0, r.output
        return " ".join(r.output.split())

    gestart = werkpad("loonwaarde", "start", ref, "--route", "Praktijkroute", "--werkgever", "Bakkerij De Korenbloem",
                      "--nu", "2026-12-01T09:00")
    assert gestart.startswith(f"{ref}: loonwaardemeting (praktijkroute) gestart; het WSP benadert de werkgever "
                              "uiterlijk 2026-12-15 (taak ")
    assert gestart.endswith(f'). Daarna: werkpad loonwaarde meting {ref} --deskundige "…" --op "…"')
    assert werkpad("loonwaarde", "meting", ref, "--deskundige", DESKUNDIGE, "--op", "2026-12-08",
                   "--nu", "2026-12-01T10:00").startswith(f"{ref}: meting gepland op 2026-12-08; zienswijzen "
                                                          "uiterlijk 2026-12-22")
    assert werkpad("loonwaarde", "zienswijze", ref, "--van", "werkgever", "--nu", "2026-12-09T10:00") == \
        f"{ref}: zienswijze van de werkgever vastgelegd; nog nodig: werknemer."
    assert werkpad("loonwaarde", "zienswijze", ref, "--van", "werknemer", "--toelichting", "Eens met de meting",
                   "--nu", "2026-12-10T10:00").startswith(f"{ref}: zienswijze van de werknemer vastgelegd; rapport")
    assert werkpad("loonwaarde", "rapport", ref, "--loonwaarde", "72", "--rapportdatum", "2026-12-14",
                   "--brief-werkgever", "2026-12-15", "--nu", "2026-12-15T10:00") == \
        f"{ref}: rapport vastgelegd, loonwaarde 72%; re-integratiebericht naar het Inlichtingenbureau; daarna " \
        "doelgroepregister volgen."
    assert ib(keten)["berichten"] == 1
    for dag in ("2026-12-16", "2026-12-17"):
        assert werkpad("doelgroepregister", "controle", ref, "--nu", f"{dag}T08:00") == \
            "1 traject(en) gecontroleerd: 0 geregistreerd, 1 wachtend, 0 overgeslagen, 0 fout(en)"
    assert werkpad("doelgroepregister", "controle", "--nu", "2026-12-18T08:00") == \
        "1 traject(en) gecontroleerd: 1 geregistreerd, 0 wachtend, 0 overgeslagen, 0 fout(en)"
    assert stap(lrt, ref, LOONWAARDEMETING).status == "jobcoach_gekoppeld"
    from prefect import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterName

    with get_client(sync_client=True) as c:  # every run about this traject is named and tagged by it
        runs = c.read_flow_runs(flow_run_filter=FlowRunFilter(name=FlowRunFilterName(like_=ref)))
    assert f"doelgroepregister · {ref} · controle" in {r.name for r in runs}
    for r in runs:
        assert "gemeente:velsen" in r.tags and any(tag.startswith("proces:") for tag in r.tags)


def test_the_commands_for_the_regular_route(prefect, lrt, keten, mailbox, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from typer.testing import CliRunner

    import werkpad.deur as deur
    from werkpad.cli import app

    monkeypatch.setattr(deur, "settings", lambda: lrt.settings)
    monkeypatch.setattr(deur, "require_prefect", lambda s: None)
    ref = traject(lrt, "999901151", naam="Regulier Commando")  # velsen: test_slice reads every run of IJW-2026-000001
    tot_rapport(lrt, ref, Route.regulier)

    def werkpad(*args: str) -> str:
        r = CliRunner().invoke(app, ["loonwaarde", *args])
        assert r.exit_code == 0, r.output
        return " ".join(r.output.split())

    assert werkpad("rapport", ref, "--loonwaarde", "65", "--rapportdatum", "2026-12-14", "--nu",
                   "2026-12-15T10:00") == f"{ref}: rapport vastgelegd, loonwaarde 65%; gemeld aan de gemeente; " \
                                          "herbeoordeling uiterlijk 2027-12-14."
    assert werkpad("herbeoordeling", ref, "--loonwaarde", "68", "--rapportdatum", "2027-12-06", "--nu",
                   "2027-12-07T10:00") == f"{ref}: herbeoordeling vastgelegd, loonwaarde 68%; volgende uiterlijk " \
                                          "2028-12-06."
    assert stap(lrt, ref, LOONWAARDEMETING).data["herbeoordelingen"] == ["2027-12-06"]


CRASH_SCRIPT = """
import sys
from datetime import datetime
from domain.herinneringen import lokaal_naar_utc
from tasks import runtime
from tasks.dispatch import dispatch

dispatch(runtime.get(), nu=lokaal_naar_utc(datetime.fromisoformat(sys.argv[1])), soort="inlichtingenbureau")
"""


def test_killed_after_the_ib_stored_the_bericht_then_restarted(lrt, keten) -> None:  # type: ignore[no-untyped-def]
    """A real crash after the IB answered and before the 'sent' mark commits: the restarted dispatch
    sends again with the same key, the IB answers with its first receipt, and the case goes on once."""
    import os
    import subprocess
    import sys

    from casestore.faults import EXIT_CODE
    from tests.conftest import settings_env

    ref = traject(lrt, "999901163", naam="Crash Bericht")
    tot_rapport(lrt, ref)
    rapport_72(lrt, ref)
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("WERKPAD_")}, **settings_env(lrt.settings),
           "PREFECT_API_URL": "http://127.0.0.1:9/api"}
    root = Path(__file__).resolve().parents[2]

    def run(moment: str, fault: str | None = None) -> int:
        e = {**env, **({"WERKPAD_FAULT": fault} if fault else {})}
        p = subprocess.run([sys.executable, "-c", CRASH_SCRIPT, moment], env=e, cwd=root, capture_output=True,
                           timeout=120)
        assert p.returncode in (0, EXIT_CODE), p.stderr.decode()[-2000:]
        lrt.engine.dispose()  # another process wrote: read through fresh connections (SQLite keeps a snapshot)
        return p.returncode

    assert run("2026-12-15T11:00", fault="na-verzenden") == EXIT_CODE
    key = ib_rij(lrt, ref).idem_key
    assert ib(keten)["per_sleutel"] == {key: 1} and ib_rij(lrt, ref).status == "sending"
    assert stap(lrt, ref, LOONWAARDEMETING).status == "ib_bericht"  # the receipt was not committed
    assert run("2026-12-15T11:05") == 0  # the lease still holds: nobody sends it twice at once
    assert ib(keten)["per_sleutel"] == {key: 1}
    assert run("2026-12-15T11:20") == 0  # after the lease: sent again, same key
    stored = ib(keten)
    assert stored["per_sleutel"] == {key: 2} and stored["berichten"] == 1
    assert ib_rij(lrt, ref).status == "sent" and ib_rij(lrt, ref).extern_kenmerk == stored["opgeslagen"][0]["berichtId"]
    assert stap(lrt, ref, LOONWAARDEMETING).status == "wacht_op_register"
    assert stap(lrt, ref, DOELGROEPREGISTER).status == "wacht"
