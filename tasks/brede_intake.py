"""Brede intake: record the outcome (advies, route, plan van aanpak) and start what follows."""


from __future__ import annotations

from datetime import datetime
from typing import Any

from casestore import repo
from casestore.db import session as new_session
from domain.brede_intake import ACTIE as INTAKE_ACTIE
from domain.brede_intake import AFGEROND as INTAKE_AFGEROND
from domain.brede_intake import BREDE_INTAKE
from domain.brede_intake import TAAK_CODES as INTAKE_TAAK_CODES
from domain.gemeenten import Gemeente
from domain.herinneringen import lokale_datum
from domain.intake import heroverweging_datum
from domain.invoer import controleer_door
from domain.traject import (
    STATUS_LABEL,
    BredeIntakeUitkomst,
    Eigenaar,
    Status,
    controleer_uitkomst,
    status_na_uitkomst,
)
from tasks._traject import owner_email, sluit_af, zgw_status
from tasks.runtime import Runtime
from tasks.step import step
from tasks.uitkering import open_gate


@step("leg-uitkomst-brede-intake-vast")
def leg_uitkomst_vast(rt: Runtime, *, referentie: str, uitkomst: BredeIntakeUitkomst, nu: datetime,
                      actor: str) -> dict[str, Any]:
    # A form's free text: an address (email-validator) or a role. The CLI checked --door already,
    # so a refusal here comes from the Prefect form: name its field, not a CLI option.
    actor = controleer_door(actor, "Het veld vastgelegd_door")
    with new_session(rt.engine) as s:
        t = repo.get_traject(s, referentie=referentie)
        controleer_uitkomst(Status(t.status), uitkomst, lokale_datum(nu))
        g = rt.gemeenten[Gemeente(t.gemeente)]
        naar = status_na_uitkomst(uitkomst.route)
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
        for i, a in enumerate(uitkomst.plan_van_aanpak, 1):
            titel = f"PvA {i}: {a.omschrijving}" + (" (deelnemer; werkcoach volgt op)" if a.eigenaar ==
                                                    Eigenaar.deelnemer else "")
            repo.add_taak(s, traject=t, titel=titel[:200], eigenaar_email=owner_email(rt, t, a.eigenaar),
                          escalatie_email=g.teamleider_email, due=a.deadline, nu=nu, kalender=rt.kalender,
                          grondslag="Plan van aanpak (Pw art. 44a)", actor=actor, code=INTAKE_ACTIE, stap=stap)
        zgw_status(s, t, nu, "Brede intake afgerond", f"Advies {uitkomst.advies.value}, route {uitkomst.route.value}")
        if naar == Status.wacht_op_uitkering:
            if uitkomst.aanvraag_ontvangen_op is not None:
                t.aanvraag_op = uitkomst.aanvraag_ontvangen_op
                s.add(t)
            open_gate(rt, s, t, nu, actor)
        elif naar in (Status.tijdelijk_oponthoud, Status.voorliggende_voorziening):
            repo.add_taak(s, traject=t, titel=f"Heroverwegen: {STATUS_LABEL[naar].lower()}",
                          eigenaar_email=t.werkcoach_email, escalatie_email=g.teamleider_email,
                          due=heroverweging_datum(lokale_datum(nu), rt.kalender), nu=nu, kalender=rt.kalender,
                          actor=actor)
        elif naar == Status.afgesloten:
            sluit_af(s, t, nu, actor, "Terugmelding naar gemeente")
        s.commit()
        return {"referentie": referentie, "gemeente": t.gemeente, "status": naar.value}
