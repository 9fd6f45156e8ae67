"""Tijdelijk oponthoud: start, wake on the re-check date, end. Plain steps; flows run `.task`."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from casestore import repo
from casestore.db import session as new_session
from domain.errors import TransitionRefused
from domain.gemeenten import Gemeente
from domain.herinneringen import WACHTTERMIJN as ZONDER_HERINNERINGEN
from domain.herinneringen import lokale_datum
from domain.invoer import FORMULIER_DOOR, controleer_door
from domain.tijdelijk_oponthoud import (
    BEEINDIGD,
    HERBEOORDELING,
    HEROVERWEGEN,
    HEROVERWEGEN_TAAK,
    HEROVERWEGEN_WERKDAGEN,
    STATUSTYPE,
    TIJDELIJK_OPONTHOUD,
    WEKT,
    plan,
)
from tasks.runtime import Runtime
from tasks.step import step

P = TIJDELIJK_OPONTHOUD


@step()
def start(rt: Runtime, *, referentie: str, tot: date | None, reden: str, nu: datetime, actor: str) -> dict[str, Any]:
    """Pause the traject until a re-check date: an instance, a waking timer, a status at the gemeente."""
    actor = controleer_door(actor, FORMULIER_DOOR)  # from a form: name its field, not a CLI option
    with new_session(rt.engine) as s:
        t = repo.get_traject(s, referentie=referentie)
        if t.status == "afgesloten":
            raise TransitionRefused(f"{referentie} is afgesloten; tijdelijk oponthoud kan niet meer.")
        p = plan(lokale_datum(nu), tot, rt.kalender)
        g = rt.gemeenten[Gemeente(t.gemeente)]
        stap = repo.open_proces(s, traject=t, proces=P, nu=nu, actor=actor, gebeurtenis=P.gebeurtenis("gestart"),
                                omschrijving=f"Tijdelijk oponthoud tot herbeoordeling op {p.herbeoordeling.isoformat()}: "
                                             f"{reden}", data={"reden": reden})
        # A timer, not a task: nobody is reminded until the date comes; then the case wakes.
        repo.add_deadline(s, traject=t, soort="herbeoordeling", omschrijving="Herbeoordeling tijdelijk oponthoud",
                          due=p.herbeoordeling, grondslag="Werkafspraak IJmond Werkt! (tijdelijk oponthoud)",
                          eigenaar_email=t.werkcoach_email, escalatie_email=g.teamleider_email, nu=nu,
                          kalender=rt.kalender, beleid=ZONDER_HERINNERINGEN, code=HERBEOORDELING, stap=stap, wekt=WEKT)
        repo.add_outbox(s, idem_key=f"zgw:{t.referentie}:status:{STATUSTYPE}:{stap.id}", soort="zgw", traject=t, nu=nu,
                        payload={"op": "status", "statustype": STATUSTYPE,
                                 "toelichting": f"Tijdelijk oponthoud tot {p.herbeoordeling.isoformat()}"})
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
        s.commit()
        return {"referentie": referentie, "gemeente": t.gemeente, "status": BEEINDIGD}
