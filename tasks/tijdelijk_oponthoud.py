"""Tijdelijk oponthoud: start, wake on the re-check date, end. Plain steps; flows run `.task`."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlmodel import Session

from casestore import repo
from casestore.db import session as new_session
from casestore.models import ProcesStap, Traject
from domain import tijdelijk_oponthoud_stappen as stappen
from domain.gemeenten import Gemeente
from domain.herinneringen import WACHTTERMIJN as ZONDER_HERINNERINGEN
from domain.herinneringen import lokale_datum
from domain.invoer import FORMULIER_DOOR, controleer_door
from domain.stap import Verwijzing
from domain.tijdelijk_oponthoud import (
    ACTIEF,
    BEEINDIGD,
    HERBEOORDELING,
    HEROVERWEGEN,
    HEROVERWEGEN_TAAK,
    HEROVERWEGEN_WERKDAGEN,
    STATUS_NA_OPONTHOUD,
    STATUSTYPE,
    TIJDELIJK_OPONTHOUD,
    WEKT,
    controleer_herbeoordeling_bereikt,
    controleer_traject_open,
    controleer_verlenging,
    plan,
)
from tasks.runtime import Runtime
from tasks.step import step
from tasks.vastleggen import vastleggen

P = TIJDELIJK_OPONTHOUD


def loopt_tot(s: Session, t: Traject) -> str | None:
    """The re-check date of the tijdelijk oponthoud that runs now, or None (other processes rest meanwhile)."""
    stap = repo.get_open_stap(s, traject=t, proces=P)
    if stap is None:
        return None
    timer = repo.get_deadline_van(s, stap=stap, code=HERBEOORDELING)
    return timer.due.isoformat() if timer is not None else "onbekend"


@vastleggen(HEROVERWEGEN_TAAK)
def _hoe_heroverwegen(referentie: str) -> tuple[Verwijzing, ...]:
    # Two ways to record the outcome: continue the pause or end it.
    return Verwijzing(stappen.VERLENGEN, referentie), Verwijzing(stappen.BEEINDIGEN, referentie)


def open_pauze(rt: Runtime, s: Session, t: Traject, *, tot: date | None, reden: str, nu: datetime,
               actor: str) -> ProcesStap:
    """Open the pause in the caller's transaction (also used by the brede intake's route)."""
    controleer_traject_open(t.referentie, t.status)
    p = plan(lokale_datum(nu), tot, rt.kalender)
    stap = repo.open_proces(s, traject=t, proces=P, nu=nu, actor=actor, gebeurtenis=P.gebeurtenis("gestart"),
                            omschrijving=f"Tijdelijk oponthoud tot herbeoordeling op {p.herbeoordeling.isoformat()}: "
                                         f"{reden}", data={"reden": reden})
    _zet_timer(rt, s, t, stap, p.herbeoordeling, nu)
    repo.add_outbox(s, idem_key=f"zgw:{t.referentie}:status:{STATUSTYPE}:{stap.id}", soort="zgw", traject=t, nu=nu,
                    payload={"op": "status", "statustype": STATUSTYPE,
                             "toelichting": f"Tijdelijk oponthoud tot {p.herbeoordeling.isoformat()}"})
    return stap


def _zet_timer(rt: Runtime, s: Session, t: Traject, stap: ProcesStap, dag: date, nu: datetime) -> None:
    # A timer, not a task: nobody is reminded until the date comes; then the case wakes.
    g = rt.gemeenten[Gemeente(t.gemeente)]
    repo.add_deadline(s, traject=t, soort="herbeoordeling", omschrijving="Herbeoordeling tijdelijk oponthoud", due=dag,
                      grondslag="Werkafspraak IJmond Werkt! (tijdelijk oponthoud)", eigenaar_email=t.werkcoach_email,
                      escalatie_email=g.teamleider_email, nu=nu, kalender=rt.kalender, beleid=ZONDER_HERINNERINGEN,
                      code=HERBEOORDELING, stap=stap, wekt=WEKT)


@step()
def start(rt: Runtime, *, referentie: str, tot: date | None, reden: str, nu: datetime, actor: str) -> dict[str, Any]:
    """Pause the traject until a re-check date: an instance, a waking timer, a status at the gemeente."""
    actor = controleer_door(actor)
    with new_session(rt.engine) as s:
        t = repo.get_traject(s, referentie=referentie)
        stap = open_pauze(rt, s, t, tot=tot, reden=reden, nu=nu, actor=actor)
        timer = repo.get_deadline_van(s, stap=stap, code=HERBEOORDELING)
        assert timer is not None
        s.commit()
        return {"referentie": referentie, "gemeente": t.gemeente, "herbeoordeling": timer.due.isoformat()}


@step()
def verleng(rt: Runtime, *, referentie: str, tot: date, reden: str, nu: datetime, actor: str) -> dict[str, Any]:
    """The werkcoach reconsidered and continues the pause until a new re-check date."""
    actor = controleer_door(actor)
    with new_session(rt.engine) as s:
        t = repo.get_traject(s, referentie=referentie)
        stap = repo.get_stap(s, traject=t, proces=P)
        p = plan(lokale_datum(nu), tot, rt.kalender)
        timer = repo.get_deadline_van(s, stap=stap, code=HERBEOORDELING, statussen=("open",))
        controleer_verlenging(referentie, timer.due if stap.status == ACTIEF and timer is not None else None,
                              p.herbeoordeling)
        if stap.status == ACTIEF:  # still waiting: move the re-check date instead of a transition
            repo.sluit_deadlines_van(s, stap=stap, nu=nu, status="vervallen", codes={HERBEOORDELING})
            repo.audit(s, traject=t, nu=nu, actor=actor, soort="tijdelijk_oponthoud:verlengd", proces=P.naam,
                       gebeurtenis=P.gebeurtenis("verlengd"),
                       omschrijving=f"Tijdelijk oponthoud verlengd tot {p.herbeoordeling.isoformat()}: {reden}")
        else:
            repo.overgang(s, traject=t, stap=stap, proces=P, naar=ACTIEF, nu=nu, actor=actor,
                          omschrijving=f"Verlengd tot {p.herbeoordeling.isoformat()}: {reden}",
                          gebeurtenis=P.gebeurtenis("verlengd"))
            repo.sluit_taken(s, stap=stap, nu=nu, actor=actor, codes={HEROVERWEGEN_TAAK})
        _zet_timer(rt, s, t, stap, p.herbeoordeling, nu)
        s.commit()
        return {"referentie": referentie, "gemeente": t.gemeente, "herbeoordeling": p.herbeoordeling.isoformat()}


@step()
def heroverweeg(rt: Runtime, *, referentie: str, nu: datetime) -> dict[str, Any]:
    """Woken on the re-check date: the werkcoach gets a task to reconsider. A second wake-up, or a
    pause that was ended meanwhile, changes nothing."""
    with new_session(rt.engine) as s:
        t = repo.get_traject(s, referentie=referentie)
        stap = repo.get_open_stap(s, traject=t, proces=P)
        if stap is None or stap.status != "actief":
            return {"referentie": referentie, "gemeente": t.gemeente, "gewijzigd": False}
        timer = repo.get_deadline_van(s, stap=stap, code=HERBEOORDELING, statussen=("open",))
        # Only the timer wakes this step: a run started by hand before the date changes nothing.
        controleer_herbeoordeling_bereikt(referentie, timer.due if timer is not None else None, lokale_datum(nu))
        g = rt.gemeenten[Gemeente(t.gemeente)]
        repo.overgang(s, traject=t, stap=stap, proces=P, naar=HEROVERWEGEN, nu=nu, actor="wekker",
                      omschrijving="Herbeoordelingsdatum bereikt.", gebeurtenis=P.gebeurtenis(HEROVERWEGEN))
        repo.sluit_deadlines_van(s, stap=stap, nu=nu, status="verstreken", codes={HERBEOORDELING})
        due = rt.kalender.werkdagen_erbij(lokale_datum(nu), HEROVERWEGEN_WERKDAGEN)
        taak = repo.add_taak(s, traject=t, titel="Tijdelijk oponthoud heroverwegen (voortzetten of beëindigen)",
                             eigenaar_email=t.werkcoach_email, escalatie_email=g.teamleider_email, due=due, nu=nu,
                             kalender=rt.kalender, actor="wekker", code=HEROVERWEGEN_TAAK, stap=stap)
        s.commit()
        return {"referentie": referentie, "gemeente": t.gemeente, "gewijzigd": True, "taak_id": taak.id}


@step()
def beeindig(rt: Runtime, *, referentie: str, toelichting: str, nu: datetime, actor: str) -> dict[str, Any]:
    """The werkcoach ends the pause: the instance closes with its task and timer."""
    actor = controleer_door(actor, FORMULIER_DOOR)  # from a form: name its field, not a CLI option
    with new_session(rt.engine) as s:
        t = repo.get_traject(s, referentie=referentie)
        stap = repo.get_stap(s, traject=t, proces=P)
        repo.overgang(s, traject=t, stap=stap, proces=P, naar=BEEINDIGD, nu=nu, actor=actor, omschrijving=toelichting,
                      gebeurtenis=P.gebeurtenis(BEEINDIGD))
        repo.sluit_taken(s, stap=stap, nu=nu, actor=actor)
        repo.sluit_deadlines_van(s, stap=stap, nu=nu, status="afgerond")
        terug = STATUS_NA_OPONTHOUD.get(t.status)
        if terug:  # the zaak shows where the traject stands again, not the pause
            repo.add_outbox(s, idem_key=f"zgw:{t.referentie}:status:{terug}:na-oponthoud:{stap.id}", soort="zgw",
                            traject=t, nu=nu, payload={"op": "status", "statustype": terug,
                                                       "toelichting": "Tijdelijk oponthoud beëindigd"})
        s.commit()
        return {"referentie": referentie, "gemeente": t.gemeente, "status": BEEINDIGD}
