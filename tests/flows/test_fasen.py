"""The re-integratietraject's fasen and uitstroom under the Prefect harness: every fase change and
every uitstroom gives exactly one ZGW status (and at the end one resultaat) at the simulator,
validated against ../shared/specs/zgw, and one mail to the gemeente's klantmanager without
personal data. The jobcoach's nazorg after placement reminds each taak once; the vangnet is one step.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import httpx
import pytest
from sqlmodel import col, select

from casestore import repo
from casestore.db import session
from casestore.models import AuditEvent, Outbox, Taak
from domain.fasen import NAZORG_TAAK, ONTHEFFING_TAAK, Fase, Uitstroom
from integrations.gemeente.auth import make_token
from notifications.mailcatcher import read_folder
from tests.conftest import at, gezet_op, wachtend_traject, weigert
from tests.integrations.test_gemeente import SECRET, OARequest, OAResponse, spec

BSN = "999900304"
KLANTMANAGER = "klantmanager@velsen.example"


def gestart_traject(rt: Any, sim: Any, bsn: str = BSN) -> str:
    from tasks.dispatch import dispatch
    from tasks.uitkering import verwerk_uitkeringsbesluit

    ref = wachtend_traject(rt, bsn)
    sim.drive(f"/_sim/uitkeringen/{ref}", {"status": "toegekend"})
    verwerk_uitkeringsbesluit(rt, referentie=ref, status="toegekend", nu=at("2026-12-08T09:00"))
    dispatch(rt, nu=at("2026-12-08T09:00"))
    return ref


class Gemeente:
    """What the simulator holds for one zaak, each record checked against the Zaken spec."""

    def __init__(self, sim: Any, ref: str) -> None:
        self.sim, self.zaak = sim, next(z for z in sim.state.zaken.values() if z["identificatie"] == ref)
        self.catalogus = {s["url"]: s["omschrijving"] for s in httpx.get(
            f"{sim.url}/catalogi/api/v1/statustypen", headers=self._h()).json()["results"]}

    def _h(self) -> dict[str, str]:
        return {"Authorization": "Bearer " + make_token("werkpad-test", SECRET)}

    def _gevalideerd(self, url: str) -> dict[str, Any]:
        r = httpx.get(url, headers=self._h())
        req = OARequest(r.request)
        spec("zaken").validate_request(req)
        spec("zaken").validate_response(req, OAResponse(r))
        return r.json()  # type: ignore[no-any-return]

    def statussen(self) -> list[str]:
        gezet = [s for s in self.sim.state.statussen.values() if s["zaak"] == self.zaak["url"]]
        return [self.catalogus[self._gevalideerd(s["url"])["statustype"]] for s in gezet]

    def resultaten(self) -> list[dict[str, Any]]:
        return [self._gevalideerd(r["url"]) for r in self.sim.state.resultaten.values() if r["zaak"] == self.zaak["url"]]


@pytest.mark.postgresql  # also on PostgreSQL (tests/conftest.py)
def test_every_fase_change_and_the_uitstroom_report_exactly_once_to_the_gemeente(prefect, rt, sim, mailbox) -> None:  # type: ignore[no-untyped-def]
    from flows.fasen import traject_fase, traject_uitstroom, traject_vangnet

    ref = gestart_traject(rt, sim)
    g = Gemeente(sim, ref)
    assert g.statussen()[-2:] == ["Re-integratietraject gestart", "Kennismaking"]  # the grant starts the first fase
    with session(rt.engine) as s:
        t = repo.get_traject(s, referentie=ref)
        assert (t.status, t.fase) == ("traject", "kennismaking")

    stappen: list[tuple[Any, dict[str, Any], str]] = [
        (traject_fase, {"fase": Fase.persoonlijke_ontwikkeling, "trede": 3, "reden": "Werkritme opbouwen"},
         "Persoonlijke ontwikkeling"),
        (traject_fase, {"fase": Fase.werk_vinden, "trede": 5, "reden": "Klaar om te solliciteren"}, "Werk vinden"),
        (traject_fase, {"fase": Fase.werk_houden, "reden": "Contract bij werkgever getekend",
                        "jobcoach": "jobcoach@ijw.example"}, "Werk houden"),
        (traject_vangnet, {"fase": Fase.werk_vinden, "reden": "Baan in proeftijd beëindigd"}, "Werk vinden"),
        (traject_uitstroom, {"uitkomst": Uitstroom.parttime_werk, "reden": "Parttime werk gevonden"},
         "Deels uitgestroomd"),
        (traject_fase, {"fase": Fase.werk_houden, "reden": "Tweede baan erbij, nu fulltime"}, "Werk houden"),
    ]
    dag = 9
    for flow, params, statustype in stappen:
        voor = g.statussen()
        flow(referentie=ref, nu=at(f"2026-12-{dag:02d}T10:00"), **params)
        assert g.statussen() == [*voor, statustype]  # exactly one new status per change
        dag += 1
    assert g.resultaten() == []

    with session(rt.engine) as s:
        nazorg = s.exec(select(Taak).where(Taak.code == NAZORG_TAAK).order_by(col(Taak.id))).all()
        assert [(k.eigenaar_email, k.status) for k in nazorg[:4]] == [("jobcoach@ijw.example", "vervallen")] * 4
        assert [k.status for k in nazorg[4:]] == ["open"] * 4  # the second placement: a new schedule
        assert repo.get_traject(s, referentie=ref).deels_uitgestroomd_op == date(2026, 12, 13)

    voor = g.statussen()
    res = traject_uitstroom(referentie=ref, uitkomst=Uitstroom.werkaanvaarding, reden="Vast contract, geen uitkering meer",
                            nu=at("2026-12-16T10:00"))
    assert res["afgesloten"] is True
    assert g.statussen() == [*voor, "Afgesloten"]
    [resultaat] = g.resultaten()
    assert resultaat["toelichting"] == "Vast contract, geen uitkering meer"
    assert sim.state.zaken[g.zaak["uuid"]]["einddatum"] == gezet_op(at("2026-12-16T10:00"))  # the eindstatus closed it

    with session(rt.engine) as s:
        t = repo.get_traject(s, referentie=ref)
        assert (t.status, t.fase, t.uitstroom, t.open_bsn) == ("afgesloten", None, "werkaanvaarding", None)
        assert {k.code for k in repo.open_taken(s, traject=t)} == {NAZORG_TAAK}  # the jobcoach's, issue 20 item 20
        # after an uitstroom into work only the jobcoach's nazorg runs on (issue 20 item 20)
        assert {p.proces for p in repo.processen(s, traject=t) if p.gesloten_op is None} == {"nazorg"}
        fasen = [(e.data["van"], e.data["naar"]) for e in repo.tijdlijn(s, traject=t) if e.gebeurtenis == "traject.fase"]
        assert fasen == [(None, "kennismaking"), ("kennismaking", "persoonlijke-ontwikkeling"),
                         ("persoonlijke-ontwikkeling", "werk-vinden"), ("werk-vinden", "werk-houden"),
                         ("werk-houden", "werk-vinden"), ("werk-vinden", "werk-houden"), ("werk-houden", None)]
        [uit] = s.exec(select(AuditEvent).where(AuditEvent.gebeurtenis == "traject.uitstroom")).all()
        assert uit.data == {"uitkomst": "werkaanvaarding", "fase": "werk-houden", "leeftijd": "18-49"}  # born 1980
        assert uit.gemeente == "velsen"
        assert len(s.exec(select(AuditEvent).where(AuditEvent.gebeurtenis == "traject.deels_uitgestroomd")).all()) == 1
        assert all(o.status == "sent" for o in s.exec(select(Outbox)).all())

    # Reports: stock, bij and af per fase for December, from the traject.fase events alone.
    from casestore.reports import fasen_telling

    with session(rt.engine) as s:
        telling = fasen_telling(s, van=date(2026, 12, 1), tot=date(2026, 12, 31), gemeente="velsen")
        assert (telling[Fase.kennismaking].bij, telling[Fase.kennismaking].af) == (1, 1)
        assert (telling[Fase.werk_houden].bij, telling[Fase.werk_houden].af, telling[Fase.werk_houden].eind) == (2, 2, 0)
        assert all(t.begin == 0 and t.eind == 0 for t in telling.values())
        assert fasen_telling(s, van=date(2026, 12, 1), tot=date(2026, 12, 31), gemeente="beverwijk")[
            Fase.werk_vinden].bij == 0

    # A second uitstroom for the closed traject is refused; nothing changes at the gemeente.
    voor_sim = (g.statussen(), g.resultaten())
    weigert(traject_uitstroom(referentie=ref, uitkomst=Uitstroom.garantiebaan, reden="Nog een keer",
                              nu=at("2026-12-17T10:00")), "al afgesloten")
    assert (g.statussen(), g.resultaten()) == voor_sim

    # The klantmanager heard every change: by reference only, never the BSN or the name.
    km = [m for m in read_folder(mailbox.folder) if m["To"] == KLANTMANAGER]
    assert len(km) == 1 + len(stappen) + 1
    for m in km:
        tekst = m.get_body(("plain",)).get_content() + m["Subject"]  # type: ignore[union-attr]
        assert ref in tekst and BSN not in tekst and "Test Persoon" not in tekst
    assert any("Werkaanvaarding" in m.get_body(("plain",)).get_content() for m in km)  # type: ignore[union-attr]


def test_terugmelding_gives_the_klantmanager_a_task_to_assess_ontheffing(prefect, rt, sim, mailbox) -> None:  # type: ignore[no-untyped-def]
    from flows.fasen import traject_uitstroom

    ref = gestart_traject(rt, sim, "999900316")
    traject_uitstroom(referentie=ref, uitkomst=Uitstroom.terugmelding_gemeente,
                      reden="Geen arbeidsvermogen op afzienbare termijn", nu=at("2026-12-09T10:00"))
    g = Gemeente(sim, ref)
    assert g.statussen()[-1] == "Afgesloten" and len(g.resultaten()) == 1
    with session(rt.engine) as s:
        [taak] = s.exec(select(Taak).where(Taak.code == ONTHEFFING_TAAK)).all()
        assert (taak.eigenaar_email, taak.status) == (KLANTMANAGER, "open")
    [mail] = [m for m in read_folder(mailbox.folder) if m["To"] == KLANTMANAGER and "ontheffing" in m["Subject"]]
    assert ref in mail["Subject"]


def test_nazorg_reminds_the_jobcoach_once_per_taak(prefect, rt, sim, mailbox) -> None:  # type: ignore[no-untyped-def]
    from flows.fasen import traject_fase
    from tasks.dispatch import dispatch
    from tasks.sweep import sweep

    ref = gestart_traject(rt, sim, "999900328")
    res = traject_fase(referentie=ref, fase=Fase.werk_houden, reden="Contract getekend", jobcoach="jc@ijw.example",
                       nu=at("2026-12-09T10:00"))
    assert res["nazorg"] == ["2026-12-23", "2027-01-20", "2027-03-09", "2027-06-09"]
    dag = date(2026, 12, 10)
    while dag <= date(2027, 6, 12):  # time skips: every day for six months, two sweeps a day
        sweep(rt, nu=at(f"{dag.isoformat()}T07:05"))
        sweep(rt, nu=at(f"{dag.isoformat()}T07:20"))
        dispatch(rt, nu=at(f"{dag.isoformat()}T07:25"))
        dag = date.fromordinal(dag.toordinal() + 1)
    alle = read_folder(mailbox.folder)
    [gepland] = [m for m in alle if m["To"] == "jc@ijw.example" and "nazorg na plaatsing" in m["Subject"]]
    tekst = gepland.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "na 6 maanden: uiterlijk 2027-06-09 (taak " in tekst and ref in tekst and "Test Persoon" not in tekst
    assert "werkpad taak-afronden <taaknummer>" in tekst and "taak-afronden/afronden" in tekst  # how to record it
    herinneringen = [m["Subject"] for m in alle if m["To"] == "jc@ijw.example" and m["Subject"].startswith("Herinnering")]
    for label in ("na 2 weken", "na 6 weken", "na 3 maanden", "na 6 maanden"):
        van_taak = sorted(h.split("(", 1)[1].split(")", 1)[0] for h in herinneringen if label in h)
        assert van_taak == ["nog 1 werkdag", "nog 5 werkdagen", "vandaag"], herinneringen  # each step once
    escalaties = [m for m in alle if m["To"] == "teamleider.velsen@ijmondwerkt.example" and "Nazorg" in m["Subject"]]
    assert len(escalaties) == 4  # nobody recorded the contact: the teamleider hears it once per taak
