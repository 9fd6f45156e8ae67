"""Indicatie aanvragen bij UWV, against the real UWV simulator on loopback (no mocks).

The HTTP channel walks the banenafspraak to the garantiebaan route and beschut werk through the
gemeente's decision (quotum, wachtlijst) and the twelve months after a negative advies; the
manual channel walks its staff tasks on a moved clock (the ontvangst reminder once, the decision
term's reminders, the waking timer once); a flaky UWV still gets every aanvraag exactly once; a
refusal becomes one staff task with UWV's message; no BSN, name or birth date in mails or Prefect.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlmodel import select

from casestore import repo
from casestore.db import session
from casestore.models import Outbox, ProcesStap, Taak
from domain.errors import TransitionRefused
from domain.gemeenten import Gemeente
from domain.herinneringen import lokale_datum
from domain.indicatie import (
    BESLISTERMIJN,
    ESCALATIE_TAAK,
    GARANTIEBAAN_TAAK,
    GEMEENTEBESLUIT_TAAK,
    INDIENEN_TAAK,
    ONTVANGST_TERMIJN,
    PLAATSING_TAAK,
    VERVOLG_TAAK,
    VOORBEREIDEN_TAAK,
    WEKT,
    BijlageSoort,
    GemeenteBesluit,
    Soort,
    Uitkomst,
)
from integrations.uwv.settings import UwvSettings
from tests.conftest import at, sim_type
from tests.integrations.test_uwv import TOKEN, UwvServer, bsns

BIJLAGEN = [BijlageSoort.stageverslag, BijlageSoort.bevindingen]


@pytest.fixture(scope="module")
def uwv_server() -> Iterator[UwvServer]:
    s = UwvServer().start()
    yield s
    s.stop()


@pytest.fixture()
def uwv(uwv_server: UwvServer) -> Iterator[UwvServer]:
    uwv_server.state.leeg()
    yield uwv_server
    uwv_server.state.storing = None


def http(rt: Any, server: UwvServer, timeout: float = 5.0) -> None:
    """This deployment talks to UWV over HTTP (the simulator)."""
    rt.settings = rt.settings.model_copy(update={"uwv": UwvSettings(
        kanaal="http", api_url=server.api_url, token=TOKEN, timeout_seconds=timeout)})  # type: ignore[arg-type]


def lopend_traject(rt: Any, sim: Any, bsn: str, *, naam: str = "Indicatie Testpersoon", gemeente: str = "velsen",
                   geboren: date = date(1980, 1, 1)) -> str:
    """Aanmelding, brede intake, the gemeente grants: a running traject (plain steps)."""
    from domain.traject import Actie, Advies, BredeIntakeUitkomst, Eigenaar, Route
    from tasks.aanmelding import plan_intake, registreer
    from tasks.brede_intake import leg_uitkomst_vast
    from tasks.dispatch import dispatch
    from tasks.uitkering import verwerk_uitkeringsbesluit

    t0 = at("2026-11-23T09:00")
    ref = registreer(rt, bsn=bsn, naam=naam, geboortedatum=geboren, gemeente=gemeente,
                     werkcoach=f"wc.{gemeente}@ijw.example", nu=t0, actor="test")
    plan_intake(rt, referentie=ref, nu=t0)
    dispatch(rt, nu=t0)
    leg_uitkomst_vast(rt, referentie=ref, nu=at("2026-12-07T10:00"), actor="test",
                      uitkomst=BredeIntakeUitkomst(advies=Advies.positief, route=Route.traject, plan_van_aanpak=[
                          Actie(omschrijving="Trajectplan opstellen", eigenaar=Eigenaar.werkcoach,
                                deadline=date(2027, 1, 29))]))
    dispatch(rt, nu=at("2026-12-07T10:00"))
    sim.drive(f"/_sim/uitkeringen/{ref}", {"status": "toegekend"})
    verwerk_uitkeringsbesluit(rt, referentie=ref, status="toegekend", nu=at("2026-12-08T09:00"))
    dispatch(rt, nu=at("2026-12-08T09:00"))
    return ref


def stap(rt: Any, ref: str) -> ProcesStap:
    with session(rt.engine) as s:
        t = repo.get_traject(s, referentie=ref)
        return [p for p in repo.processen(s, traject=t) if p.proces == "indicatie"][-1]


def taken(rt: Any, ref: str, code: str | None = None) -> list[Taak]:
    with session(rt.engine) as s:
        t = repo.get_traject(s, referentie=ref)
        return [k for k in s.exec(select(Taak).where(Taak.traject_id == t.id)).all() if code is None or k.code == code]


def gebeurtenissen(rt: Any, ref: str) -> Counter[str]:
    with session(rt.engine) as s:
        t = repo.get_traject(s, referentie=ref)
        return Counter(e.gebeurtenis for e in repo.tijdlijn(s, traject=t) if e.gebeurtenis)


def uwv_rijen(rt: Any, ref: str) -> list[Outbox]:
    with session(rt.engine) as s:
        t = repo.get_traject(s, referentie=ref)
        return list(s.exec(select(Outbox).where(Outbox.traject_id == t.id, Outbox.soort == "uwv")).all())


def uwv_id(rt: Any, ref: str) -> str:
    return str(stap(rt, ref).data["uwv_id"])


@pytest.mark.postgresql  # also on PostgreSQL (tests/conftest.py)
def test_banenafspraak_over_http_to_the_garantiebaan_route(prefect, rt, sim, mailbox, uwv) -> None:  # type: ignore[no-untyped-def]
    """Aanvragen, voorbereiden, indienen over HTTP (receipt at once), UWV decides, the hourly poll
    finds it: the doelgroepregister hook and the WSP's task. Run names, mails and privacy."""
    from flows.indicatie import indicatie_aanvragen, indicatie_controle, indicatie_indienen
    from notifications.mailcatcher import read_folder
    from tests.flows.test_slice import assert_no_personal_data_in_prefect

    bsn, naam, geboren = "999900365", "Indicatie Vlijmscherp", date(1971, 3, 14)
    http(rt, uwv)
    ref = lopend_traject(rt, sim, bsn, naam=naam, geboren=geboren)
    nu = datetime.now(UTC)
    res = indicatie_aanvragen(referentie=ref, soort=Soort.banenafspraak, nu=nu)
    assert res["soort"] == "banenafspraak" and [k.code for k in taken(rt, ref, VOORBEREIDEN_TAAK)] == [VOORBEREIDEN_TAAK]
    res = indicatie_indienen(referentie=ref, bijlagen=BIJLAGEN, nu=nu)
    p = stap(rt, ref)
    vandaag = lokale_datum(nu)
    assert p.status == "ontvangen" and p.data["kanaal"] == "http" and p.data["ontvangen_op"] == vandaag.isoformat()
    assert p.data["idempotency_key"] == res["idempotency_key"] == uwv_rijen(rt, ref)[0].idem_key
    assert [r.status for r in uwv_rijen(rt, ref)] == ["sent"] and uwv_rijen(rt, ref)[0].extern_kenmerk == p.data["uwv_id"]
    assert uwv_rijen(rt, ref)[0].payload == {"op": "indienen", "stap_id": p.id}  # references only
    aanvraag = uwv.state.aanvragen[p.data["uwv_id"]]
    assert aanvraag["bsn"] == bsn and aanvraag["gemeentecode"] == "0453" and aanvraag["soort"] == "banenafspraak"
    assert [b["soort"] for b in aanvraag["bijlagen"]] == ["stageverslag", "bevindingen"]
    with session(rt.engine) as s:
        termijn = repo.get_deadline_van(s, stap=p, code=BESLISTERMIJN)
        assert termijn is not None and termijn.grondslag.startswith("Awb art. 4:13 lid 2")
        assert termijn.due >= vandaag + timedelta(weeks=8)  # the Atw may only lengthen it
    assert indicatie_controle(nu=nu)["ongewijzigd"] == 1  # nothing new yet
    uwv.sim(f"/beslis/{p.data['uwv_id']}", {"uitkomst": "positief", "motivering": "Arbeidsvermogen onder WML"})
    samen = indicatie_controle(nu=nu)
    assert (samen["gecontroleerd"], samen["beslist"]) == (1, 1)
    assert stap(rt, ref).status == "garantiebaan" and stap(rt, ref).data["uitkomst"] == "positief"
    # The garantiebaan route waits for UWV's registration: a doelgroepregister watch, no WSP task yet.
    from tasks.doelgroepregister import verwerk_registratie

    with session(rt.engine) as s:
        watch = next(p for p in repo.processen(s, traject=repo.get_traject(s, referentie=ref))
                     if p.proces == "doelgroepregister")
        assert (watch.status, watch.data["vervolg"]) == ("wacht", "garantiebaan")
    assert taken(rt, ref, GARANTIEBAAN_TAAK) == []
    # What the scheduled lookup does when Suwinet shows the registration (tested against the
    # Suwinet simulator in tests/flows/test_loonwaarde.py): the continuation gives the WSP its task.
    res = verwerk_registratie(rt, referentie=ref, begin=vandaag, nu=nu)
    assert res["melding"] == "garantiebaan-route: taak voor het WSP"
    from tasks.dispatch import dispatch

    dispatch(rt, nu=nu, soort="email")
    wsp = taken(rt, ref, GARANTIEBAAN_TAAK)
    assert [(k.titel, k.eigenaar_email) for k in wsp] == [("Garantiebaan-route starten", "wsp.velsen@ijmondwerkt.example")]
    ev = gebeurtenissen(rt, ref)
    assert ev["indicatie.doelgroepregister_te_controleren"] == ev["indicatie.beslist"] == ev["indicatie.garantiebaan"] == 1
    with session(rt.engine) as s:
        assert [d for d in repo.open_deadlines(s, traject=repo.get_traject(s, referentie=ref))
                if d.code and d.code.startswith("indicatie.") and d.soort != "taak"] == []
    assert uwv.state.per_sleutel()[p.data["idempotency_key"]]["aanvragen"] == 1

    mails = read_folder(mailbox.folder)  # type: ignore[attr-defined]
    voorbereiden = next(m for m in mails if "Stageverslagen en bevindingen" in m["Subject"])
    tekst = voorbereiden.get_body(preferencelist=("plain",)).get_content()
    assert f"werkpad indicatie indienen {ref} --bijlage stageverslag --bijlage bevindingen" in tekst
    assert "indicatie-indienen/indienen" in tekst and "Uiterlijk:" in tekst
    garantie = next(m for m in mails if "Garantiebaan-route starten" in m["Subject"])
    assert garantie["To"] == "wsp.velsen@ijmondwerkt.example"
    assert "werkpad taak-afronden" in garantie.get_body(preferencelist=("plain",)).get_content()
    for m in mails:
        inhoud = m.as_string()
        assert bsn not in inhoud and "Vlijmscherp" not in inhoud and "1971-03-14" not in inhoud
    assert_no_personal_data_in_prefect([bsn, "Vlijmscherp", "1971-03-14"])
    from prefect import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterName

    with get_client(sync_client=True) as c:
        runs = c.read_flow_runs(flow_run_filter=FlowRunFilter(name=FlowRunFilterName(like_=f"indicatie · {ref}")))
        assert {r.name for r in runs} == {f"indicatie · {ref} · aanvragen", f"indicatie · {ref} · indienen"}
        assert all({"proces:indicatie", "gemeente:velsen"} <= set(r.tags) for r in runs)


def test_beschut_werk_gemeente_decides_quotum_then_wachtlijst_and_twelve_months(rt, sim, mailbox, uwv) -> None:  # type: ignore[no-untyped-def]
    """Two positive advies beschut werk in Heemskerk with one place left: the first is placed, the
    second waits on the wachtlijst until a place is free; a negative advies blocks a new aanvraag for
    twelve months unless circumstances changed (recorded)."""
    from tasks.dispatch import dispatch
    from tasks.indicatie import (
        aanvragen,
        indienen,
        leg_gemeentebesluit_vast,
        plaats_van_wachtlijst,
        vraag_uwv,
    )

    http(rt, uwv)
    g = rt.gemeenten[Gemeente.heemskerk]
    rt.gemeenten[Gemeente.heemskerk] = g.model_copy(update={"beschut_werk_quotum": 1})
    refs = [lopend_traject(rt, sim, b, gemeente="heemskerk") for b in ("999900377", "999900389", "999900390")]
    nu = datetime.now(UTC)
    for ref in refs:
        aanvragen(rt, referentie=ref, soort=Soort.beschut_werk, omstandigheden_gewijzigd=None, nu=nu, actor="werkcoach")
        indienen(rt, referentie=ref, bijlagen=BIJLAGEN, nu=nu, actor="werkcoach")
    dispatch(rt, nu=nu)
    een, twee, drie = refs
    for ref, uitkomst in ((een, "positief"), (twee, "positief"), (drie, "negatief")):
        assert stap(rt, ref).status == "ontvangen"
        uwv.sim(f"/beslis/{uwv_id(rt, ref)}", {"uitkomst": uitkomst})
    assert {u["uitkomst"] for u in vraag_uwv(rt, nu=nu)} == {"gemeentebesluit", "afgewezen"}
    dispatch(rt, nu=nu)
    consulent = taken(rt, een, GEMEENTEBESLUIT_TAAK)
    assert [(k.eigenaar_email, k.status) for k in consulent] == [("serviceplein@heemskerk.example", "open")]
    with session(rt.engine) as s:
        termijn = repo.get_deadline_van(s, stap=stap(rt, een), code=BESLISTERMIJN)
        assert termijn is not None and termijn.grondslag.startswith("Servicenorm UWV")

    assert leg_gemeentebesluit_vast(rt, referentie=een, besluit=GemeenteBesluit.toekennen,
                                    toelichting="Advies gevolgd", nu=nu, actor="werkcoach")["status"] == "geplaatst"
    assert leg_gemeentebesluit_vast(rt, referentie=twee, besluit=GemeenteBesluit.toekennen,
                                    toelichting="Advies gevolgd", nu=nu, actor="werkcoach")["status"] == "wachtlijst"
    assert [k.eigenaar_email for k in taken(rt, een, PLAATSING_TAAK)] == ["wsp.heemskerk@ijmondwerkt.example"]
    assert taken(rt, twee, PLAATSING_TAAK) == [] and taken(rt, een, GEMEENTEBESLUIT_TAAK)[0].status == "afgerond"
    dispatch(rt, nu=nu)
    dispatch(rt, nu=nu)  # the besluiten reach the zaak (ZGW Besluiten API), once each
    for ref in (een, twee):
        zaak = next(z for z in sim.state.zaken.values() if z["identificatie"] == ref)
        besluiten = [b for b in sim.state.besluiten.values() if b["zaak"] == zaak["url"]]
        assert len(besluiten) == 1 and besluiten[0]["identificatie"] == f"{ref}-BW-{stap(rt, ref).id}"
        assert besluiten[0]["verantwoordelijkeOrganisatie"] == g.rsin and besluiten[0]["besluittype"] == \
            sim_type(sim, "besluittypen", "Beschut werk toegekend")
        assert besluiten[0]["uiterlijkeReactiedatum"] == stap(rt, ref).data["bezwaar_tot"]  # Awb 6:7, Atw
    dispatch(rt, nu=nu)
    trajectzaken = {z["url"] for z in sim.state.zaken.values() if z["identificatie"] in (een, twee)}
    assert len([b for b in sim.state.besluiten.values() if b["zaak"] in trajectzaken]) == 2  # not twice
    assert plaats_van_wachtlijst(rt, referentie=twee, nu=nu, actor="werkcoach")["status"] == "geplaatst"
    assert len(taken(rt, twee, PLAATSING_TAAK)) == 1
    assert gebeurtenissen(rt, twee)["indicatie.wachtlijst"] == gebeurtenissen(rt, twee)["indicatie.geplaatst"] == 1

    # The negative advies: a werkcoach task, and twelve months before a new aanvraag beschut werk.
    p = stap(rt, drie)
    tot = (lokale_datum(nu).replace(year=lokale_datum(nu).year + 1)).isoformat()
    assert p.status == "afgewezen" and p.data["blokkade_tot"] == tot
    assert [k.eigenaar_email for k in taken(rt, drie, VERVOLG_TAAK)] == ["wc.heemskerk@ijw.example"]
    with pytest.raises(TransitionRefused, match=f"pas vanaf {tot}"):
        aanvragen(rt, referentie=drie, soort=Soort.beschut_werk, omstandigheden_gewijzigd=None, nu=nu, actor="werkcoach")
    assert stap(rt, drie).status == "afgewezen"  # nothing written
    res = aanvragen(rt, referentie=drie, soort=Soort.beschut_werk, omstandigheden_gewijzigd="Nieuwe werkplek gevonden",
                    nu=nu, actor="werkcoach")
    assert res["soort"] == "beschut-werk" and stap(rt, drie).data["omstandigheden_gewijzigd"] == "Nieuwe werkplek gevonden"
    assert gebeurtenissen(rt, drie)["indicatie.omstandigheden_gewijzigd"] == 1


def werkdag_ochtenden(rt: Any, van: date, tot: date) -> list[datetime]:
    dagen, d = [], van
    while d <= tot:
        if rt.kalender.is_werkdag(d):
            dagen.append(at(f"{d.isoformat()}T07:05"))
        d += timedelta(days=1)
    return dagen


def ochtend(rt: Any, moment: datetime) -> None:
    """The sweep and the mails. Flow rows (waking timers) are left queued: the session's Prefect server
    is shared, and other tests count the runs of their own timers' deployments by name."""
    from tasks.dispatch import dispatch
    from tasks.sweep import sweep

    sweep(rt, nu=moment)
    dispatch(rt, nu=moment, soort="email")


def herinneringen(rt: Any, ref: str) -> list[tuple[str, str, date, str]]:
    from casestore.models import Deadline

    with session(rt.engine) as s:
        t = repo.get_traject(s, referentie=ref)
        out = []
        for r in s.exec(select(Outbox).where(Outbox.traject_id == t.id, Outbox.soort == "email")).all():
            if r.payload.get("template") in ("herinnering", "escalatie"):
                d = s.get(Deadline, r.payload["deadline_id"])
                assert d is not None and r.status == "sent"
                out.append((d.code or "", r.payload["stap"], lokale_datum(r.aangemaakt_op), r.payload["aan"]))
        return out


def test_manual_channel_terms_on_a_moved_clock(rt, sim, mailbox) -> None:  # type: ignore[no-untyped-def]
    """The manual channel (the default): staff tasks replace the calls. The ontvangst reminder comes
    once, the werkdag after the five days; the decision term reminds, escalates, and its timer wakes
    the case once (refused by hand before its date); the teamleider's task names Awb 4:17."""
    from notifications.mailcatcher import read_folder
    from tasks.dispatch import dispatch
    from tasks.indicatie import (
        aanvragen,
        indienen,
        leg_beslissing_vast,
        leg_ingediend_vast,
        leg_ontvangst_vast,
        termijn_verlopen,
    )
    from tests.flows.test_verlengde_intake import flow_rijen

    assert rt.settings.uwv.kanaal == "handmatig"
    ref = lopend_traject(rt, sim, "999900407")
    aanvragen(rt, referentie=ref, soort=Soort.banenafspraak, omstandigheden_gewijzigd=None,
              nu=at("2027-01-11T10:00"), actor="werkcoach")
    indienen(rt, referentie=ref, bijlagen=BIJLAGEN, nu=at("2027-01-11T11:00"), actor="werkcoach")
    dispatch(rt, nu=at("2027-01-11T11:00"), soort="uwv")
    dispatch(rt, nu=at("2027-01-11T11:01"), soort="email")  # the task mail queued by the handler
    assert stap(rt, ref).status == "in_te_dienen" and stap(rt, ref).data["kanaal"] == "handmatig"
    taak = taken(rt, ref, INDIENEN_TAAK)
    assert [k.titel for k in taak] == ["Dien het formulier 'Aanvraag indicatie of advies' in bij UWV en leg de datum vast"]
    mail = next(m for m in read_folder(mailbox.folder) if "Dien het formulier" in m["Subject"])  # type: ignore[attr-defined]
    tekst = mail.get_body(preferencelist=("plain",)).get_content()
    assert f"werkpad indicatie ingediend {ref} --op JJJJ-MM-DD" in tekst and "indicatie-ingediend/ingediend" in tekst
    assert "Postbus 2441" in tekst and [r.status for r in uwv_rijen(rt, ref)] == ["sent"]

    leg_ingediend_vast(rt, referentie=ref, op=date(2027, 1, 12), nu=at("2027-01-12T10:00"), actor="werkcoach")
    assert taken(rt, ref, INDIENEN_TAAK)[0].status == "afgerond"
    for moment in werkdag_ochtenden(rt, date(2027, 1, 13), date(2027, 1, 20)):
        ochtend(rt, moment)
        ochtend(rt, moment + timedelta(minutes=30))  # a second sweep the same morning changes nothing
        if lokale_datum(moment) == date(2027, 1, 19):
            leg_ontvangst_vast(rt, referentie=ref, op=date(2027, 1, 19), nu=moment + timedelta(hours=3),
                               actor="werkcoach")
    ontvangst = [h for h in herinneringen(rt, ref) if h[0] == ONTVANGST_TERMIJN]
    assert ontvangst == [(ONTVANGST_TERMIJN, "t+1", date(2027, 1, 18), "wc.velsen@ijw.example")]  # due Sun 17 Jan

    p = stap(rt, ref)
    assert (p.data["beslissing_due"], p.data["wekker"]) == ("2027-03-16", "2027-03-17")  # Awb 4:13: eight weeks
    with pytest.raises(TransitionRefused, match="wekker gaat op 2027-03-17"):
        termijn_verlopen(rt, referentie=ref, nu=at("2027-03-10T10:00"))
    for moment in werkdag_ochtenden(rt, date(2027, 3, 8), date(2027, 3, 19)):
        ochtend(rt, moment)
        ochtend(rt, moment + timedelta(minutes=30))
    beslis = [(c, d, aan) for code, c, d, aan in herinneringen(rt, ref) if code == BESLISTERMIJN]
    assert beslis == [("t-1", date(2027, 3, 15), "wc.velsen@ijw.example"), ("t0", date(2027, 3, 16), "wc.velsen@ijw.example"),
                      ("escalatie", date(2027, 3, 17), "teamleider.velsen@ijmondwerkt.example")]
    wekker = flow_rijen(rt, ref, WEKT)  # queued once (the flow handler starts it with the row's key as Prefect's)
    assert len(wekker) == 1 and wekker[0].payload["parameters"] == {"referentie": ref}

    assert termijn_verlopen(rt, referentie=ref, nu=at("2027-03-17T08:00"))["gewijzigd"] is True
    assert termijn_verlopen(rt, referentie=ref, nu=at("2027-03-17T08:05"))["gewijzigd"] is False
    esc = taken(rt, ref, ESCALATIE_TAAK)
    assert [(k.eigenaar_email, k.status) for k in esc] == [("teamleider.velsen@ijmondwerkt.example", "open")]
    assert "Awb 4:17" in esc[0].titel
    dispatch(rt, nu=at("2027-03-17T08:10"), soort="email")
    mail = next(m for m in read_folder(mailbox.folder) if "niet beslist" in m["Subject"])  # type: ignore[attr-defined]
    tekst = mail.get_body(preferencelist=("plain",)).get_content()
    assert f"werkpad indicatie beslissing {ref} --uitkomst positief|negatief" in tekst and "ingebrekestelling" in tekst

    leg_beslissing_vast(rt, referentie=ref, uitkomst=Uitkomst.negatief, op=date(2027, 3, 18), toelichting="",
                        nu=at("2027-03-18T10:00"), actor="werkcoach")
    assert stap(rt, ref).status == "afgewezen" and "blokkade_tot" not in stap(rt, ref).data  # banenafspraak: no block
    assert taken(rt, ref, ESCALATIE_TAAK)[0].status == "afgerond"
    assert [k.status for k in taken(rt, ref, VERVOLG_TAAK)] == ["open"]
    for m in read_folder(mailbox.folder):  # type: ignore[attr-defined]
        assert "999900407" not in m.as_string() and "Testpersoon" not in m.as_string()


def test_a_flaky_uwv_gets_every_aanvraag_exactly_once(rt, sim, mailbox, uwv, caplog) -> None:  # type: ignore[no-untyped-def]
    """30 % of calls fail (503), then 30 % are stored but their answer is lost, then calls time out:
    the dispatch runs again and again with the row's key; UWV stores every aanvraag once and every
    case ends up received."""
    import logging

    from tasks.dispatch import dispatch
    from tasks.indicatie import aanvragen, indienen

    caplog.set_level(logging.DEBUG)
    http(rt, uwv, timeout=0.1)
    nummers = bsns(9)
    refs = [lopend_traject(rt, sim, b, gemeente=("velsen", "beverwijk", "heemskerk")[i % 3])
            for i, b in enumerate(nummers)]
    nu = datetime.now(UTC)
    rondes = 0
    storingen = ({"soort": "503", "aandeel": 0.3, "volgende": 1, "seed": 1},
                 {"soort": "verloren", "aandeel": 0.3, "volgende": 1, "seed": 2},
                 {"soort": "traag", "aandeel": 0.3, "volgende": 1, "vertraging": 0.3, "seed": 3})
    for groep, storing in enumerate(storingen):  # three cases submitted under each fault
        for i, ref in enumerate(refs[groep * 3:groep * 3 + 3]):
            aanvragen(rt, referentie=ref, soort=(Soort.banenafspraak, Soort.beschut_werk)[i % 2],
                      omstandigheden_gewijzigd=None, nu=nu, actor="werkcoach")
            indienen(rt, referentie=ref, bijlagen=BIJLAGEN, nu=nu, actor="werkcoach")
        uwv.sim("/storing", storing)
        for _ in range(3):
            dispatch(rt, nu=nu, soort="uwv")
            rondes += 1
    uwv.sim("/storing", {})
    while any(r.status != "sent" for ref in refs for r in uwv_rijen(rt, ref)) and rondes < 40:
        dispatch(rt, nu=nu, soort="uwv")
        rondes += 1
    per = uwv.state.per_sleutel()
    gezien = Counter(v["storing"] for v in uwv.state.verzoeken if v["storing"])
    assert gezien["503"] and gezien["verloren"] and gezien["traag"]   # every fault really happened
    for ref in refs:
        rij = uwv_rijen(rt, ref)
        assert len(rij) == 1 and rij[0].status == "sent", ref
        assert per[rij[0].idem_key]["aanvragen"] == 1  # stored exactly once, however often it was asked
        p = stap(rt, ref)
        assert p.status == "ontvangen" and p.data["uwv_id"] == rij[0].extern_kenmerk
    assert len(uwv.state.aanvragen) == len(refs)
    assert sorted(a["bsn"] for a in uwv.state.aanvragen.values()) == sorted(nummers)  # UWV got them, in the message
    logs = caplog.text + "".join(str(r.__dict__) for r in caplog.records)
    assert caplog.records and not [b for b in nummers if b in logs]  # and no log line did
    assert sum(v["verzoeken"] for v in per.values()) > len(refs)  # and there were retries
    with session(rt.engine) as s:
        assert s.exec(select(Taak).where(col_like_geweigerd())).all() == []  # nothing taken for a refusal


def col_like_geweigerd() -> Any:
    from sqlmodel import col

    return col(Taak.titel).startswith("Geweigerd door")


def test_a_refusal_becomes_one_staff_task_with_uwvs_message_and_no_bsn(rt, sim, mailbox, uwv) -> None:  # type: ignore[no-untyped-def]
    """UWV refuses (422: the BSN fails UWV's check): the row fails, no retry, one task for the
    werkcoach with UWV's Dutch message and without the BSN."""
    from tasks.dispatch import dispatch
    from tasks.indicatie import aanvragen, indienen

    http(rt, uwv)
    ref = lopend_traject(rt, sim, "999900419")
    with session(rt.engine) as s:  # UWV knows better: the number it has fails its own check
        d = repo.get_deelnemer(s, traject=repo.get_traject(s, referentie=ref))
        d.bsn = "123456789"
        s.add(d)
        s.commit()
    nu = datetime.now(UTC)
    aanvragen(rt, referentie=ref, soort=Soort.banenafspraak, omstandigheden_gewijzigd=None, nu=nu, actor="werkcoach")
    indienen(rt, referentie=ref, bijlagen=BIJLAGEN, nu=nu, actor="werkcoach")
    for _ in range(3):
        dispatch(rt, nu=nu)
    assert [r.status for r in uwv_rijen(rt, ref)] == ["failed"]
    geweigerd = [k for k in taken(rt, ref) if k.titel.startswith("Geweigerd door")]
    assert len(geweigerd) == 1 and "UWV weigerde POST" in geweigerd[0].titel and "(422)" in geweigerd[0].titel
    assert "123456789" not in geweigerd[0].titel and geweigerd[0].eigenaar_email == "wc.velsen@ijw.example"
    assert stap(rt, ref).status == "in_te_dienen" and len(uwv.state.aanvragen) == 0
    assert len([v for v in uwv.state.verzoeken if v["methode"] == "POST"]) == 1  # a refusal is not retried

    # Corrected, the werkcoach submits again: a new key (UWV refuses a known key with another body).
    with session(rt.engine) as s:
        d = repo.get_deelnemer(s, traject=repo.get_traject(s, referentie=ref))
        d.bsn = "999900419"
        s.add(d)
        s.commit()
    res = indienen(rt, referentie=ref, bijlagen=BIJLAGEN, nu=nu, actor="werkcoach")
    assert res["idempotency_key"].endswith(":2")
    with pytest.raises(TransitionRefused, match="alleen na een weigering"):
        indienen(rt, referentie=ref, bijlagen=BIJLAGEN, nu=nu, actor="werkcoach")  # the new one is still queued
    dispatch(rt, nu=nu)
    assert [r.status for r in uwv_rijen(rt, ref)] == ["failed", "sent"] and stap(rt, ref).status == "ontvangen"
    assert len(uwv.state.aanvragen) == 1


def test_the_commands_walk_the_manual_channel(deur, rt, sim, mailbox) -> None:  # type: ignore[no-untyped-def]
    """The commands as a werkcoach types them, beschut werk on the manual channel, to the gemeente's
    decision (the generated doors, running the steps in-process on the session's Prefect test server)."""
    from typer.testing import CliRunner

    from werkpad.cli import app

    ref = lopend_traject(rt, sim, "999900420")  # velsen: other tests read the runs of IJW-2026-000001

    def werkpad(*args: str) -> str:
        r = CliRunner().invoke(app, ["indicatie", *args])
        assert r.exit_code == 0, r.output
        return " ".join(r.output.split())  # rich wraps at the terminal width

    assert werkpad("aanvragen", ref, "--soort", "Beschut-Werk", "--nu", "2027-01-11T10:00") == (
        f"{ref}: aanvraag advies beschut werk gestart; voorbereiden uiterlijk 2027-01-25 (taak "
        f"{taken(rt, ref, VOORBEREIDEN_TAAK)[0].id}). Daarna: werkpad indicatie indienen {ref} --bijlage \"…\"")
    assert "handmatig kanaal" in werkpad("indienen", ref, "--bijlage", "stageverslag", "--bijlage", "bevindingen",
                                         "--nu", "2027-01-12T10:00")
    assert stap(rt, ref).data["bijlagen"] == ["stageverslag", "bevindingen"]  # every --bijlage goes along
    for op, reden in (("2026-01-10", "De datum van indienen 2026-01-10 ligt te ver terug; vroegst mogelijk is "
                                     "2026-01-11."),
                      ("2027-01-13", "De datum van indienen 2027-01-13 ligt in de toekomst.")):  # the step's guard
        r = CliRunner().invoke(app, ["indicatie", "ingediend", ref, "--op", op, "--nu", "2027-01-12T15:00"])
        assert (r.exit_code, " ".join(r.output.split())) == (1, f"Fout: {reden}"), r.output
    assert stap(rt, ref).status == "in_te_dienen"  # nothing recorded
    assert werkpad("ingediend", ref, "--op", "2027-01-12", "--nu", "2027-01-12T15:00") == (
        f"{ref}: ingediend op 2027-01-12; ontvangstbevestiging verwacht uiterlijk 2027-01-17")
    assert werkpad("ontvangen", ref, "--op", "2027-01-14", "--nu", "2027-01-14T15:00") == (
        f"{ref}: ontvangst 2027-01-14 vastgelegd; uitkomst van UWV uiterlijk 2027-03-11")  # servicenorm, 8 weeks
    assert "staat op 'gemeentebesluit'" in werkpad("beslissing", ref, "--uitkomst", "positief", "--op", "2027-03-01",
                                                   "--nu", "2027-03-01T15:00")
    assert "staat op 'geplaatst'" in werkpad("gemeentebesluit", ref, "--besluit", "toekennen", "--toelichting",
                                             "Advies gevolgd", "--nu", "2027-03-02T10:00")
    assert [k.eigenaar_email for k in taken(rt, ref, PLAATSING_TAAK)] == ["wsp.velsen@ijmondwerkt.example"]
    assert {k.status for k in taken(rt, ref) if k.code and k.code.startswith("indicatie.")} == {"afgerond", "open"}


def test_dates_never_before_the_aanvraag_and_a_positive_outcome_is_mailed(deur, rt, sim, mailbox) -> None:  # type: ignore[no-untyped-def]
    """Issue 20 (25): `ingediend --op` / `ontvangen --op` before the aanvraag (here also before the aanmelding of
    23 November) used to start UWV's term in the past, so the sweep woke the case at once and told the
    teamleider to consider an ingebrekestelling; refused with both dates, nothing written.
    Issue 20 (22): UWV's positive outcome is mailed to the werkcoach and the gemeente's WSP, with what follows."""
    from typer.testing import CliRunner

    from notifications.mailcatcher import read_folder
    from werkpad.cli import app

    ref = lopend_traject(rt, sim, "999902015")

    def werkpad(*args: str, code: int = 0) -> str:
        r = CliRunner().invoke(app, ["indicatie", *args])
        assert r.exit_code == code, r.output
        return " ".join(r.output.split())  # rich wraps at the terminal width

    werkpad("aanvragen", ref, "--soort", "banenafspraak", "--nu", "2027-01-11T10:00")
    werkpad("indienen", ref, "--bijlage", "stageverslag", "--nu", "2027-01-11T11:00")
    assert stap(rt, ref).status == "in_te_dienen"
    for op in ("2026-11-20", "2027-01-08"):
        assert werkpad("ingediend", ref, "--op", op, "--nu", "2027-01-12T15:00", code=1) == (
            f"Fout: {ref}: de datum van indienen {op} ligt vóór de aanvraag van 2027-01-11 (klaar voor UWV); een "
            "latere stap kan niet eerder liggen. Er is niets gewijzigd.")
    assert stap(rt, ref).status == "in_te_dienen" and taken(rt, ref, INDIENEN_TAAK)[0].status == "open"
    werkpad("ingediend", ref, "--op", "2027-01-11", "--nu", "2027-01-12T15:00")
    assert "de ontvangst 2027-01-10 ligt vóór het indienen (2027-01-11)" in werkpad(
        "ontvangen", ref, "--op", "2027-01-10", "--nu", "2027-01-12T15:00", code=1)
    assert werkpad("ontvangen", ref, "--op", "2027-01-12", "--nu", "2027-01-12T15:00") == (
        f"{ref}: ontvangst 2027-01-12 vastgelegd; uitkomst van UWV uiterlijk 2027-03-09")

    werkpad("beslissing", ref, "--uitkomst", "positief", "--op", "2027-03-01", "--nu", "2027-03-01T15:00")
    positief = [m for m in read_folder(mailbox.folder) if "UWV positief" in m["Subject"]]  # type: ignore[attr-defined]
    assert sorted(m["To"] for m in positief) == ["wc.velsen@ijw.example", "wsp.velsen@ijmondwerkt.example"]
    assert {m["Subject"] for m in positief} == {
        f"{ref}: UWV positief over indicatie banenafspraak (beoordeling arbeidsvermogen) – wacht op het "
        "doelgroepregister"}
    tekst = {m["To"]: m.get_body(preferencelist=("plain",)).get_content() for m in positief}
    for t in tekst.values():
        assert "maandag 1 maart 2027" in t and 'de taak "Garantiebaan-route starten"' in t
    assert "verken nu al met de werkcoach (wc.velsen@ijw.example)" in tekst["wsp.velsen@ijmondwerkt.example"]
    assert "bespreek de uitkomst met de deelnemer" in tekst["wc.velsen@ijw.example"]
    for m in positief:
        assert "999902015" not in m.as_string() and "Testpersoon" not in m.as_string()


def test_a_positive_advies_beschut_werk_is_mailed_to_werkcoach_and_wsp(rt, sim, mailbox) -> None:  # type: ignore[no-untyped-def]
    """Issue 20 (22): beschut werk positive: the consulent decides (its task), and werkcoach and WSP hear it."""
    from notifications.mailcatcher import read_folder
    from tasks.dispatch import dispatch
    from tasks.indicatie import aanvragen, indienen, leg_beslissing_vast, leg_ingediend_vast, leg_ontvangst_vast

    ref = lopend_traject(rt, sim, "999902027")
    aanvragen(rt, referentie=ref, soort=Soort.beschut_werk, omstandigheden_gewijzigd=None, nu=at("2027-01-11T10:00"),
              actor="werkcoach")
    indienen(rt, referentie=ref, bijlagen=BIJLAGEN, nu=at("2027-01-11T11:00"), actor="werkcoach")
    dispatch(rt, nu=at("2027-01-11T11:00"), soort="uwv")
    leg_ingediend_vast(rt, referentie=ref, op=date(2027, 1, 11), nu=at("2027-01-12T10:00"), actor="werkcoach")
    leg_ontvangst_vast(rt, referentie=ref, op=date(2027, 1, 12), nu=at("2027-01-12T11:00"), actor="werkcoach")
    leg_beslissing_vast(rt, referentie=ref, uitkomst=Uitkomst.positief, op=date(2027, 3, 1), toelichting="",
                        nu=at("2027-03-01T15:00"), actor="werkcoach")
    dispatch(rt, nu=at("2027-03-01T15:00"), soort="email")
    positief = {m["To"]: m for m in read_folder(mailbox.folder) if "UWV positief" in m["Subject"]}  # type: ignore[attr-defined]
    assert set(positief) == {"wc.velsen@ijw.example", "wsp.velsen@ijmondwerkt.example"}
    assert all(m["Subject"].endswith("de gemeente beslist over beschut werk") for m in positief.values())
    wc = positief["wc.velsen@ijw.example"].get_body(preferencelist=("plain",)).get_content()
    assert f"werkpad indicatie gemeentebesluit {ref} --besluit toekennen|afwijzen" in wc and "art. 10b" in wc
    wsp = positief["wsp.velsen@ijmondwerkt.example"].get_body(preferencelist=("plain",)).get_content()
    assert "krijgt u de taak voor de beschutte werkplek" in wsp
    assert [k.eigenaar_email for k in taken(rt, ref, GEMEENTEBESLUIT_TAAK)] == [
        rt.gemeenten[Gemeente.velsen].consulent_email]


def test_the_timer_asks_uwv_once_over_http_before_it_escalates(rt, sim, mailbox, uwv) -> None:  # type: ignore[no-untyped-def]
    """HTTP channel: woken after UWV's term, the case asks UWV once. An outcome found there is
    recorded and nobody is called; no outcome: the teamleider's task (beschut werk: a service norm,
    so no ingebrekestelling)."""
    from tasks.dispatch import dispatch
    from tasks.indicatie import aanvragen, indienen, termijn_verlopen

    http(rt, uwv)
    nu = datetime.now(UTC)
    refs = [lopend_traject(rt, sim, b) for b in ("999900444", "999900456")]
    for ref in refs:
        aanvragen(rt, referentie=ref, soort=Soort.beschut_werk, omstandigheden_gewijzigd=None, nu=nu, actor="werkcoach")
        indienen(rt, referentie=ref, bijlagen=BIJLAGEN, nu=nu, actor="werkcoach")
    dispatch(rt, nu=nu)
    beslist, stil = refs
    uwv.sim(f"/beslis/{uwv_id(rt, beslist)}", {"uitkomst": "positief"})
    wekker = datetime.fromisoformat(stap(rt, beslist).data["wekker"] + "T08:00").replace(tzinfo=UTC)

    def gets(ref: str) -> int:
        return len([v for v in uwv.state.verzoeken if v["methode"] == "GET" and v["pad"].endswith(uwv_id(rt, ref))])

    assert termijn_verlopen(rt, referentie=beslist, nu=wekker) == {"referentie": beslist, "gemeente": "velsen",
                                                                  "gewijzigd": True, "beslist": True}
    assert stap(rt, beslist).status == "gemeentebesluit" and taken(rt, beslist, ESCALATIE_TAAK) == []
    res = termijn_verlopen(rt, referentie=stil, nu=wekker)
    assert res["gewijzigd"] is True and stap(rt, stil).status == "beslistermijn_verstreken"
    esc = taken(rt, stil, ESCALATIE_TAAK)
    assert len(esc) == 1 and "servicenorm" in esc[0].titel and "4:17" not in esc[0].titel
    assert termijn_verlopen(rt, referentie=stil, nu=wekker)["gewijzigd"] is False
    assert (gets(beslist), gets(stil)) == (1, 1)  # asked once each, not again on the second wake-up


def test_the_gemeente_refuses_beschut_werk_manual_channel(rt, sim, mailbox) -> None:  # type: ignore[no-untyped-def]
    """Manual channel, positive advies, the gemeente refuses: afgewezen, a task for the werkcoach, the
    consulent's mail says to answer the werkcoach, and the besluit 'afgewezen' on the zaak, once."""
    from notifications.mailcatcher import read_folder
    from tasks.dispatch import dispatch
    from tasks.indicatie import (
        aanvragen,
        indienen,
        leg_beslissing_vast,
        leg_gemeentebesluit_vast,
        leg_ingediend_vast,
        leg_ontvangst_vast,
    )

    ref = lopend_traject(rt, sim, "999900468")
    aanvragen(rt, referentie=ref, soort=Soort.beschut_werk, omstandigheden_gewijzigd=None,
              nu=at("2027-01-11T10:00"), actor="werkcoach")
    indienen(rt, referentie=ref, bijlagen=[BijlageSoort.bevindingen], nu=at("2027-01-11T11:00"), actor="werkcoach")
    dispatch(rt, nu=at("2027-01-11T11:00"), soort="uwv")
    leg_ingediend_vast(rt, referentie=ref, op=date(2027, 1, 11), nu=at("2027-01-11T15:00"), actor="werkcoach")
    with pytest.raises(TransitionRefused, match="leg eerst de ontvangst vast"):
        leg_beslissing_vast(rt, referentie=ref, uitkomst=Uitkomst.positief, op=date(2027, 1, 12), toelichting="",
                            nu=at("2027-01-12T10:00"), actor="werkcoach")
    leg_ontvangst_vast(rt, referentie=ref, op=date(2027, 1, 13), nu=at("2027-01-13T10:00"), actor="werkcoach")
    with pytest.raises(TransitionRefused, match="vóór de ontvangst"):
        leg_beslissing_vast(rt, referentie=ref, uitkomst=Uitkomst.positief, op=date(2027, 1, 12), toelichting="",
                            nu=at("2027-02-12T10:00"), actor="werkcoach")
    leg_beslissing_vast(rt, referentie=ref, uitkomst=Uitkomst.positief, op=date(2027, 2, 12),
                        toelichting="Advies per brief", nu=at("2027-02-12T10:00"), actor="werkcoach")
    dispatch(rt, nu=at("2027-02-12T10:01"), soort="email")
    mail = next(m for m in read_folder(mailbox.folder) if "Besluit over beschut werk" in m["Subject"])  # type: ignore[attr-defined]
    assert mail["To"] == "consulent.intake@velsen.example" and mail["Reply-To"] == "wc.velsen@ijw.example"
    tekst = mail.get_body(preferencelist=("plain",)).get_content()
    assert "antwoorden" in tekst and f"werkpad indicatie gemeentebesluit {ref} --besluit toekennen|afwijzen" in tekst
    res = leg_gemeentebesluit_vast(rt, referentie=ref, besluit=GemeenteBesluit.afwijzen,
                                   toelichting="Geen beschut werk nodig", nu=at("2027-02-15T10:00"), actor="werkcoach")
    assert res["status"] == "afgewezen" and [k.status for k in taken(rt, ref, VERVOLG_TAAK)] == ["open"]
    assert "blokkade_tot" not in stap(rt, ref).data  # the gemeente's refusal is no negative UWV advies
    dispatch(rt, nu=at("2027-02-15T10:01"), soort="zgw")
    dispatch(rt, nu=at("2027-02-15T10:02"), soort="zgw")
    zaak = next(z for z in sim.state.zaken.values() if z["identificatie"] == ref)
    besluiten = [b for b in sim.state.besluiten.values() if b["zaak"] == zaak["url"]]  # not the aanvraag's
    assert len(besluiten) == 1 and besluiten[0]["besluittype"] == sim_type(sim, "besluittypen", "Beschut werk afgewezen")
    # six weeks from 15 Feb (Awb 6:7/6:8) is Monday 29 March 2027, Tweede Paasdag: the Atw makes it the 30th
    assert besluiten[0]["uiterlijkeReactiedatum"] == "2027-03-30"


def test_a_verlengde_intake_decision_within_the_twelve_months_gives_a_task_not_an_indicatie(rt, sim) -> None:  # type: ignore[no-untyped-def]
    """The decision on AD&A's advies 'beschut werk' within twelve months of a negative advies: the
    decision stands, no indicatie starts, and the werkcoach's task names the date and the command."""
    from domain.verlengde_intake import Advies, Besluit
    from tasks.dispatch import dispatch
    from tasks.indicatie import aanvragen, indienen, leg_beslissing_vast, leg_ingediend_vast, leg_ontvangst_vast
    from tasks.verlengde_intake import leg_advies_vast, leg_besluit_vast, start

    ref = lopend_traject(rt, sim, "999900481")
    aanvragen(rt, referentie=ref, soort=Soort.beschut_werk, omstandigheden_gewijzigd=None, nu=at("2027-01-11T10:00"),
              actor="werkcoach")
    indienen(rt, referentie=ref, bijlagen=BIJLAGEN, nu=at("2027-01-11T11:00"), actor="werkcoach")
    dispatch(rt, nu=at("2027-01-11T11:00"), soort="uwv")
    leg_ingediend_vast(rt, referentie=ref, op=date(2027, 1, 11), nu=at("2027-01-11T15:00"), actor="werkcoach")
    leg_ontvangst_vast(rt, referentie=ref, op=date(2027, 1, 13), nu=at("2027-01-13T10:00"), actor="werkcoach")
    leg_beslissing_vast(rt, referentie=ref, uitkomst=Uitkomst.negatief, op=date(2027, 2, 1), toelichting="",
                        nu=at("2027-02-01T10:00"), actor="werkcoach")
    start(rt, referentie=ref, nu=at("2027-02-02T10:00"), actor="werkcoach")
    leg_advies_vast(rt, referentie=ref, advies=Advies.beschut_werk, fase=None, toelichting="Beschut werk past",
                    nu=at("2027-03-01T10:00"), actor="ada")
    res = leg_besluit_vast(rt, referentie=ref, besluit=Besluit.volgen, anders=None, fase=None,
                           toelichting="Advies gevolgd", nu=at("2027-03-02T10:00"), actor="werkcoach")
    assert res["vervolg"] == "beschut-werk"
    assert stap(rt, ref).status == "afgewezen"  # still the old one: no new indicatie
    titels = [k.titel for k in taken(rt, ref, "verlengde_intake.vervolg")]
    assert titels == ["Beschut werk niet aangevraagd: pas vanaf 2028-02-01, of nu met de stap 'indicatie aanvragen' "
                      "(soort beschut-werk, met de gewijzigde omstandigheden)"]


@pytest.mark.parametrize("soort", ["geen-json", "proxy-pagina"])
def test_a_garbled_uwv_answer_is_tried_again_then_a_task_and_the_summary_says_which(  # type: ignore[no-untyped-def]
        prefect, rt, sim, mailbox, uwv, soort) -> None:
    """UWV (or a proxy before it) answers no JSON: perhaps an error page, so the row is tried again with the same
    key a few times and the step's summary says so; then it fails with one task for the werkcoach. What the
    summary says and what happens to the row agree at every point."""
    from flows.indicatie import indicatie_aanvragen, indicatie_indienen
    from integrations.errors import ONLEESBAAR_POGINGEN
    from tasks.dispatch import dispatch

    http(rt, uwv)
    ref = lopend_traject(rt, sim, "999900584")
    nu = datetime.now(UTC)
    indicatie_aanvragen(referentie=ref, soort=Soort.banenafspraak, nu=nu)
    uwv.sim("/storing", {"soort": soort, "volgende": 100})
    res: Any = indicatie_indienen(referentie=ref, bijlagen=BIJLAGEN, nu=nu)
    [rij] = uwv_rijen(rt, ref)
    assert rij.status == "pending" and rij.pogingen == 3  # the flow's send and its two retries
    assert "zodra UWV bereikbaar" not in res["tekst"]
    assert (f"UWV gaf een onleesbaar antwoord (Onleesbaar antwoord: Antwoord van UWV op POST "
            f"/api/v1/indicatieaanvragen is geen JSON.); werkpad probeert het opnieuw met dezelfde sleutel "
            f"(poging 3 van {ONLEESBAAR_POGINGEN})") in res["tekst"], res["tekst"]
    assert [k for k in taken(rt, ref) if k.titel.startswith("Geweigerd door")] == []
    for _ in range(ONLEESBAAR_POGINGEN - 3):
        dispatch(rt, nu=nu, soort="uwv")
    [rij] = uwv_rijen(rt, ref)
    assert rij.status == "failed" and rij.pogingen == ONLEESBAAR_POGINGEN
    [taak] = [k for k in taken(rt, ref) if k.titel.startswith("Geweigerd door uwv")]
    assert "Onleesbaar antwoord" in taak.titel and taak.eigenaar_email == "wc.velsen@ijw.example"
    assert len(uwv.state.aanvragen) == 0  # nothing reached UWV: the page came from before it
    from domain.indicatie_stappen import INDIENEN
    from tasks.indicatie_kanaal import kanaal_na_indienen

    tekst = INDIENEN.samenvatting({"referentie": ref, **kanaal_na_indienen(rt, referentie=ref)})
    assert tekst.startswith(f"{ref}: niet ingediend: Onleesbaar antwoord") and "taak voor de werkcoach" in tekst
    assert "opnieuw indienen met de stap 'indicatie indienen'" in tekst and f"bericht {rij.id} opnieuw" in tekst

    uwv.sim("/storing", {})  # UWV is readable again: the refused row goes back in the queue, same key, once
    from casestore import outbox

    with session(rt.engine) as s:
        assert outbox.opnieuw(s, outbox_id=rij.id) is not None  # type: ignore[arg-type]
        s.commit()
    dispatch(rt, nu=nu, soort="uwv")
    assert [r.status for r in uwv_rijen(rt, ref)] == ["sent"] and len(uwv.state.aanvragen) == 1


def test_an_answer_of_the_wrong_shape_still_fails_at_once(rt, sim, mailbox, uwv) -> None:  # type: ignore[no-untyped-def]
    """Valid JSON outside the contract is UWV's own answer, not a page in between: no retry, a task at once."""
    from tasks.dispatch import dispatch
    from tasks.indicatie import aanvragen, indienen

    http(rt, uwv)
    ref = lopend_traject(rt, sim, "999900596")
    nu = datetime.now(UTC)
    aanvragen(rt, referentie=ref, soort=Soort.banenafspraak, omstandigheden_gewijzigd=None, nu=nu, actor="werkcoach")
    indienen(rt, referentie=ref, bijlagen=BIJLAGEN, nu=nu, actor="werkcoach")
    uwv.sim("/storing", {"soort": "vreemde-vorm", "volgende": 1})
    dispatch(rt, nu=nu, soort="uwv")
    assert [(r.status, r.pogingen) for r in uwv_rijen(rt, ref)] == [("failed", 1)]
