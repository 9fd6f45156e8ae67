"""Two processes of one traject side by side, and a waking timer that starts its flow exactly once.

Tijdelijk oponthoud is the small process that proves the seam: its own domain, task and flow
modules, a waking timer (the re-check date), a task for the werkcoach and a status at the
gemeente, while the uitkering gate of the same traject keeps waiting and then decides.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import select

from casestore import repo
from casestore.db import session
from casestore.models import Outbox, Taak
from domain.tijdelijk_oponthoud import HEROVERWEGEN_TAAK
from tests.conftest import at, wachtend_traject


def open_processen(rt, ref: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    with session(rt.engine) as s:
        t = repo.get_traject(s, referentie=ref)
        return {p.proces: p.status for p in repo.processen(s, traject=t) if p.gesloten_op is None}


def runs_of(deployment: str) -> list[object]:
    from prefect import get_client
    from prefect.client.schemas.filters import DeploymentFilter, DeploymentFilterName

    with get_client(sync_client=True) as c:
        return list(c.read_flow_runs(deployment_filter=DeploymentFilter(name=DeploymentFilterName(any_=[deployment]))))


def test_tijdelijk_oponthoud_beside_the_uitkering_gate_and_its_timer_wakes_once(prefect, rt, sim) -> None:  # type: ignore[no-untyped-def]
    from flows.deadline_sweep import deadline_sweep
    from flows.tijdelijk_oponthoud import (
        tijdelijk_oponthoud_beeindigen,
        tijdelijk_oponthoud_heroverwegen,
        tijdelijk_oponthoud_starten,
    )
    from tasks.uitkering import verwerk_uitkeringsbesluit

    # The `prefect` fixture applied every deployment; no runner serves them here, so the test runs
    # the woken flow itself, as the runner would.
    ref = wachtend_traject(rt, "999900201")
    assert open_processen(rt, ref) == {"uitkering": "wacht", "wachttermijn": "loopt"}

    res = tijdelijk_oponthoud_starten(referentie=ref, reden="Deelnemer tijdelijk niet beschikbaar", tot=date(2027, 1, 2),
                                      nu=at("2026-12-08T10:00"))
    assert res["herbeoordeling"] == "2027-01-04"  # 2 January is a Saturday: the next werkdag
    assert open_processen(rt, ref) == {"uitkering": "wacht", "wachttermijn": "loopt", "tijdelijk_oponthoud": "actief"}
    zaak = next(z for z in sim.state.zaken.values() if z["identificatie"] == ref)
    gezet = [s for s in sim.state.statussen.values() if s["zaak"] == zaak["url"]]
    assert any("Tijdelijk oponthoud tot 2027-01-04" in s["statustoelichting"] for s in gezet)  # status at the gemeente

    for moment in ("2027-01-04T00:05", "2027-01-04T00:20", "2027-01-04T07:05"):  # three sweeps after the date
        deadline_sweep(nu=at(moment))
    woken = runs_of("heroverwegen")
    assert len(woken) == 1 and woken[0].parameters == {"referentie": ref}  # type: ignore[attr-defined]
    assert len(runs_of("verstreken")) == 1  # the inspanningsperiode's timer woke its own flow, once too
    with session(rt.engine) as s:
        flows = s.exec(select(Outbox).where(Outbox.soort == "flow")).all()
        assert sorted(o.payload["deployment"] for o in flows) == [
            "tijdelijk-oponthoud-heroverwegen/heroverwegen", "wachttermijn-verstreken/verstreken"]
        assert all(o.status == "sent" and o.extern_kenmerk for o in flows)

    # What the runner does with the created run: execute the woken flow (twice: harmless).
    assert tijdelijk_oponthoud_heroverwegen(referentie=ref, nu=at("2027-01-04T08:00"))["gewijzigd"] is True
    assert tijdelijk_oponthoud_heroverwegen(referentie=ref, nu=at("2027-01-04T08:05"))["gewijzigd"] is False
    with session(rt.engine) as s:
        taken = s.exec(select(Taak).where(Taak.code == HEROVERWEGEN_TAAK)).all()
        assert [(t.eigenaar_email, t.status) for t in taken] == [("wc.velsen@ijw.example", "open")]

    # The gate goes on by itself: the gemeente grants while the pause is being reconsidered.
    sim.drive(f"/_sim/uitkeringen/{ref}", {"status": "toegekend"})
    verwerk_uitkeringsbesluit(rt, referentie=ref, status="toegekend", nu=at("2027-01-05T09:00"))
    processen = open_processen(rt, ref)
    assert processen.get("tijdelijk_oponthoud") == "heroverwegen" and "uitkering" not in processen

    tijdelijk_oponthoud_beeindigen(referentie=ref, toelichting="Deelnemer weer beschikbaar", nu=at("2027-01-06T09:00"))
    assert "tijdelijk_oponthoud" not in open_processen(rt, ref)
    with session(rt.engine) as s:
        assert s.exec(select(Taak).where(Taak.code == HEROVERWEGEN_TAAK)).one().status == "afgerond"
        t = repo.get_traject(s, referentie=ref)
        events = [e.gebeurtenis for e in repo.tijdlijn(s, traject=t) if e.gebeurtenis]
        assert events.count("tijdelijk_oponthoud.gestart") == 1 and events.count("tijdelijk_oponthoud.heroverwegen") == 1
        assert "uitkering.toegekend" in events and "tijdelijk_oponthoud.beeindigd" in events
