"""Two processes of one traject side by side, and a waking timer that starts its flow exactly once.

Tijdelijk oponthoud is the small process that proves the seam: its own domain, task and flow
modules, a waking timer (the re-check date), a task for the werkcoach and a status at the
gemeente, while the uitkering gate of the same traject keeps waiting and then decides.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from casestore import repo
from casestore.db import session
from casestore.models import Outbox, Taak
from domain.errors import TransitionRefused
from domain.tijdelijk_oponthoud import HEROVERWEGEN_TAAK
from tests.conftest import at, sim_type, wachtend_traject


def open_processen(rt, ref: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    with session(rt.engine) as s:
        t = repo.get_traject(s, referentie=ref)
        return {p.proces: p.status for p in repo.processen(s, traject=t) if p.gesloten_op is None}


@pytest.mark.postgresql  # also on PostgreSQL (tests/conftest.py)
def test_tijdelijk_oponthoud_beside_the_uitkering_gate_and_its_timer_wakes_once(prefect, rt, sim) -> None:  # type: ignore[no-untyped-def]
    from flows.deadline_sweep import deadline_sweep
    from flows.tijdelijk_oponthoud import (
        tijdelijk_oponthoud_beeindigen,
        tijdelijk_oponthoud_heroverwegen,
        tijdelijk_oponthoud_starten,
        tijdelijk_oponthoud_verlengen,
    )
    from flows.wachttermijn import wachttermijn_verstreken
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

    # Started by hand before its date (a form run), the woken step refuses and changes nothing.
    with pytest.raises(TransitionRefused, match="pas op 2027-01-04"):
        tijdelijk_oponthoud_heroverwegen(referentie=ref, nu=at("2026-12-20T10:00"))
    with pytest.raises(TransitionRefused, match="loopt nog tot"):
        wachttermijn_verstreken(referentie=ref, nu=at("2026-11-30T10:00"))  # the inspanningsperiode ends 14-12
    assert open_processen(rt, ref)["tijdelijk_oponthoud"] == "actief"

    for moment in ("2027-01-04T00:05", "2027-01-04T00:20", "2027-01-04T07:05"):  # three sweeps after the date
        deadline_sweep(nu=at(moment))
    with session(rt.engine) as s:
        flows = s.exec(select(Outbox).where(Outbox.soort == "flow")).all()
        assert sorted(o.payload["deployment"] for o in flows) == [
            "tijdelijk-oponthoud-heroverwegen/heroverwegen", "wachttermijn-verstreken/verstreken"]
        assert all(o.status == "sent" and o.extern_kenmerk for o in flows)
    # One run per waking, each made with its row's key: the Prefect server (shared by the session's
    # tests, which reuse references) never has a second run for a key.
    from tests.flows.test_verlengde_intake import runs_met_sleutel

    for o in flows:
        [run] = runs_met_sleutel(o.idem_key)
        assert str(run.id) == o.extern_kenmerk and run.parameters == {"referentie": ref}  # type: ignore[attr-defined]

    # What the runner does with the created run: execute the woken flow (twice: harmless).
    assert tijdelijk_oponthoud_heroverwegen(referentie=ref, nu=at("2027-01-04T08:00"))["gewijzigd"] is True
    assert tijdelijk_oponthoud_heroverwegen(referentie=ref, nu=at("2027-01-04T08:05"))["gewijzigd"] is False
    with session(rt.engine) as s:
        taken = s.exec(select(Taak).where(Taak.code == HEROVERWEGEN_TAAK)).all()
        assert [(t.eigenaar_email, t.status) for t in taken] == [("wc.velsen@ijw.example", "open")]
        taken = list(taken)

    # The task is the process's own: taak-afronden points at the process's commands instead.
    from tasks.taken import rond_af

    taak_id = taken[0].id
    with pytest.raises(TransitionRefused,
                       match="de stap 'tijdelijk-oponthoud verlengen' .* of de stap 'tijdelijk-oponthoud beeindigen'"):
        rond_af(rt, taak_id=taak_id, nu=at("2027-01-04T09:00"), actor="wc@ijw.example")

    # The gate goes on by itself: the gemeente grants while the pause is being reconsidered.
    sim.drive(f"/_sim/uitkeringen/{ref}", {"status": "toegekend"})
    verwerk_uitkeringsbesluit(rt, referentie=ref, status="toegekend", nu=at("2027-01-05T09:00"))
    processen = open_processen(rt, ref)
    assert processen.get("tijdelijk_oponthoud") == "heroverwegen" and "uitkering" not in processen

    # Reconsidered: continue the pause to a new date (the task closes, a new timer runs) ...
    tijdelijk_oponthoud_verlengen(referentie=ref, reden="Nog niet beschikbaar", tot=date(2027, 2, 1),
                                  nu=at("2027-01-05T10:00"))
    assert open_processen(rt, ref)["tijdelijk_oponthoud"] == "actief"
    # ... and end it later: the zaak shows the traject's own stage again.
    tijdelijk_oponthoud_beeindigen(referentie=ref, toelichting="Deelnemer weer beschikbaar", nu=at("2027-01-06T09:00"))
    assert "tijdelijk_oponthoud" not in open_processen(rt, ref)
    laatste = max((st for st in sim.state.statussen.values() if st["zaak"] == zaak["url"]),
                  key=lambda st: st["datumStatusGezet"])
    assert laatste["statustype"] == sim_type(sim, "statustypen", "Re-integratietraject gestart")  # not the pause
    with session(rt.engine) as s:
        assert s.exec(select(Taak).where(Taak.code == HEROVERWEGEN_TAAK)).one().status == "afgerond"  # by verlengen
        t = repo.get_traject(s, referentie=ref)
        events = [e.gebeurtenis for e in repo.tijdlijn(s, traject=t) if e.gebeurtenis]
        assert events.count("tijdelijk_oponthoud.gestart") == 1 and events.count("tijdelijk_oponthoud.heroverwegen") == 1
        assert "uitkering.toegekend" in events and "tijdelijk_oponthoud.beeindigd" in events


def test_the_zaak_shows_the_traject_stage_again_after_a_pause_and_the_route_starts_one(rt, sim) -> None:  # type: ignore[no-untyped-def]
    from datetime import timedelta

    from domain.traject import Advies, BredeIntakeUitkomst, Route
    from tasks.aanmelding import plan_intake, registreer
    from tasks.brede_intake import leg_uitkomst_vast
    from tasks.dispatch import dispatch
    from tasks.tijdelijk_oponthoud import beeindig, start

    ref = wachtend_traject(rt, "999900237")
    zaak = next(z for z in sim.state.zaken.values() if z["identificatie"] == ref)
    start(rt, referentie=ref, tot=None, reden="Tijdelijk niet beschikbaar", nu=at("2026-12-08T10:00"), actor="wc@ijw.example")
    dispatch(rt, nu=at("2026-12-08T10:01"))
    beeindig(rt, referentie=ref, toelichting="Weer beschikbaar", nu=at("2026-12-09T10:00"), actor="wc@ijw.example")
    dispatch(rt, nu=at("2026-12-09T10:01"))
    laatste = max((st for st in sim.state.statussen.values() if st["zaak"] == zaak["url"]),
                  key=lambda st: st["datumStatusGezet"])
    assert laatste["statustype"] == sim_type(sim, "statustypen", "Wacht op uitkeringsbesluit")
    assert laatste["statustoelichting"] == "Tijdelijk oponthoud beëindigd"

    # The brede intake's route "tijdelijk oponthoud" starts the process itself (a timer, no loose task).
    nu = at("2026-11-23T09:00")
    ref2 = registreer(rt, bsn="999900249", naam="Twee Persoon", geboortedatum=date(1980, 1, 1), gemeente="velsen",
                      werkcoach="wc2@ijw.example", nu=nu, actor="test")
    plan_intake(rt, referentie=ref2, nu=nu)
    leg_uitkomst_vast(rt, referentie=ref2, uitkomst=BredeIntakeUitkomst(advies=Advies.negatief,
                      route=Route.tijdelijk_oponthoud), nu=nu + timedelta(days=3), actor="test")
    assert open_processen(rt, ref2)["tijdelijk_oponthoud"] == "actief"
    with session(rt.engine) as s:
        assert not [t for t in s.exec(select(Taak)).all() if t.titel.startswith("Heroverwegen")]
