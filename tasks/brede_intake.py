"""Brede intake: record the outcome (advies, route, plan van aanpak) and start what follows."""


from __future__ import annotations

from datetime import datetime
from typing import Any

from casestore import repo
from casestore.db import session as new_session
from domain.brede_intake import AFGEROND as INTAKE_AFGEROND
from domain.brede_intake import BREDE_INTAKE, plan_na_uitkomst
from domain.brede_intake import TAAK_CODES as INTAKE_TAAK_CODES
from domain.brede_intake import UITKOMST as UITKOMST_TAAK
from domain.brede_intake_stappen import UITKOMST as UITKOMST_STAP
from domain.gemeenten import Gemeente
from domain.herinneringen import lokale_datum
from domain.invoer import FORMULIER_DOOR, controleer_door
from domain.stap import Verwijzing
from domain.traject import RESULTAAT_TERUGMELDING, BredeIntakeUitkomst, Status, controleer_uitkomst, eigenaar_adres
from tasks._traject import sluit_af, zgw_status
from tasks.runtime import Runtime
from tasks.step import step
from tasks.tijdelijk_oponthoud import open_pauze
from tasks.uitkering import open_gate
from tasks.vastleggen import vastleggen


@vastleggen(UITKOMST_TAAK)
def _hoe_uitkomst(referentie: str) -> Verwijzing:
    """The outcome task is recorded by the outcome step (it closes the intake's taken), not by taak-afronden."""
    return Verwijzing(UITKOMST_STAP, referentie, ook=("plan_van_aanpak",))


@step()
def leg_uitkomst_vast(rt: Runtime, *, referentie: str, uitkomst: BredeIntakeUitkomst, nu: datetime,
                      actor: str) -> dict[str, Any]:
    # A form's free text: an address (email-validator) or a role; the input model checked its shape.
    actor = controleer_door(actor, FORMULIER_DOOR)
    with new_session(rt.engine) as s:
        t = repo.get_traject(s, referentie=referentie)
        controleer_uitkomst(Status(t.status), uitkomst, lokale_datum(nu), t.aangemeld_op)
        g = rt.gemeenten[Gemeente(t.gemeente)]
        plan = plan_na_uitkomst(uitkomst, lokale_datum(nu), rt.kalender)  # what follows: a pure rule
        naar = plan.naar
        t.route = uitkomst.route.value
        s.add(t)
        wat = (f"Uitkomst brede intake: advies {uitkomst.advies.value}, route {uitkomst.route.value}, "
               f"{len(uitkomst.plan_van_aanpak)} actie(s).")
        data = {"advies": uitkomst.advies.value, "route": uitkomst.route.value}
        repo.transitie(s, traject=t, naar=naar, nu=nu, actor=actor, omschrijving=wat, data=data)
        stap = repo.get_open_stap(s, traject=t, proces=BREDE_INTAKE)
        if stap is not None:  # trajecten planned before process instances existed have none
            repo.overgang(s, traject=t, stap=stap, proces=BREDE_INTAKE, naar=INTAKE_AFGEROND, nu=nu, actor=actor,
                          omschrijving=wat, gebeurtenis=BREDE_INTAKE.gebeurtenis("afgerond"), data=data)
            repo.sluit_taken(s, stap=stap, nu=nu, actor=actor, codes=set(INTAKE_TAAK_CODES.values()))
        else:
            for taak in repo.open_taken(s, traject=t):
                if taak.titel in INTAKE_TAAK_CODES:
                    repo.rond_taak_af(s, taak_id=taak.id or 0, nu=nu, actor=actor)
        consulent = rt.gemeenten[Gemeente(t.gemeente)].consulent_email
        for tp in plan.taken:
            repo.add_taak(s, traject=t, titel=tp.titel[:200],
                          eigenaar_email=eigenaar_adres(tp.eigenaar, werkcoach=t.werkcoach_email, consulent=consulent),
                          escalatie_email=g.teamleider_email, due=tp.due, nu=nu, kalender=rt.kalender,
                          grondslag=tp.grondslag, beleid=tp.beleid, actor=actor, code=tp.code, stap=stap)
        zgw_status(s, t, nu, plan.zgw_status, plan.zgw_toelichting)
        if plan.uitkering_afwachten:
            if uitkomst.aanvraag_ontvangen_op is not None:
                t.aanvraag_op = uitkomst.aanvraag_ontvangen_op
                s.add(t)
            open_gate(rt, s, t, nu, actor)
        if plan.tijdelijk_oponthoud:
            open_pauze(rt, s, t, tot=None, reden="Route na de brede intake", nu=nu, actor=actor)
        if plan.afsluiten:
            sluit_af(s, t, nu, actor, plan.afsluiten, RESULTAAT_TERUGMELDING)
        s.commit()
        return {"referentie": referentie, "gemeente": t.gemeente, "status": naar.value}
