"""Start: the werkcoach (or the decision on AD&A's advies) opens the indicatie; the preparation task."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session

from casestore import repo
from casestore.db import session as new_session
from casestore.models import ProcesStap, Traject
from domain.gemeenten import Gemeente
from domain.herinneringen import lokale_datum
from domain.indicatie import (
    VOORBEREIDEN_TAAK,
    Soort,
    controleer_nieuwe_aanvraag,
)
from domain.indicatie_instellingen import IndicatieInstellingen
from domain.invoer import FORMULIER_DOOR, controleer_door, controleer_tekst
from tasks.indicatie._gedeeld import (
    P,
    _open_traject,
    _taak,
    laatste_negatief_beschut_werk,
)
from tasks.runtime import Runtime
from tasks.step import step


def start_in(rt: Runtime, s: Session, t: Traject, *, soort: Soort, omstandigheden_gewijzigd: str | None,
             nu: datetime, actor: str, bron: str) -> ProcesStap:
    """Open the indicatie in the caller's transaction (the werkcoach's command, or the decision on
    AD&A's advies): the preparation task for the werkcoach. Refused within twelve months of a
    negative advies beschut werk unless changed circumstances are given (then recorded)."""
    soort = Soort(soort)
    vandaag = lokale_datum(nu)
    reden = controleer_nieuwe_aanvraag(soort, laatste_negatief_beschut_werk(s, t), vandaag, omstandigheden_gewijzigd)
    g = rt.gemeenten[Gemeente(t.gemeente)]
    stap = repo.open_proces(s, traject=t, proces=P, nu=nu, actor=actor, gebeurtenis=P.gebeurtenis("gestart"),
                            omschrijving=f"Indicatie aanvragen bij UWV: {soort.label} ({bron}).",
                            data={"soort": soort.value, "bron": bron})
    if reden:
        repo.set_stap_data(s, stap=stap, omstandigheden_gewijzigd=reden)
        repo.audit(s, traject=t, nu=nu, actor=actor, soort="indicatie:omstandigheden",
                   gebeurtenis=P.gebeurtenis("omstandigheden_gewijzigd"), data={"reden": reden},
                   omschrijving=f"Nieuwe aanvraag beschut werk binnen twaalf maanden: omstandigheden gewijzigd. {reden}")
    due = rt.kalender.werkdagen_erbij(vandaag, rt.settings.van(IndicatieInstellingen).voorbereiden_werkdagen)
    _taak(rt, s, t, stap, titel="Stageverslagen en bevindingen verzamelen voor de aanvraag bij UWV",
          aan=t.werkcoach_email, escalatie=g.teamleider_email, due=due, nu=nu, actor=actor, code=VOORBEREIDEN_TAAK,
          toelichting=f"Verzamel de stageverslagen en de bevindingen van IJmond Werkt! voor de aanvraag "
                      f"{soort.label}; dien daarna in (dat sluit deze taak).")
    return stap


@step()
def aanvragen(rt: Runtime, *, referentie: str, soort: Soort, omstandigheden_gewijzigd: str | None, nu: datetime,
              actor: str) -> dict[str, Any]:
    """The werkcoach starts an indicatie: the preparation task."""
    actor = controleer_door(actor, FORMULIER_DOOR)
    if omstandigheden_gewijzigd is not None:
        omstandigheden_gewijzigd = controleer_tekst(omstandigheden_gewijzigd, "Het veld omstandigheden_gewijzigd",
                                                    min_len=5)
    with new_session(rt.engine) as s:
        t = _open_traject(s, referentie)
        stap = start_in(rt, s, t, soort=Soort(soort), omstandigheden_gewijzigd=omstandigheden_gewijzigd, nu=nu,
                        actor=actor, bron="werkcoach")
        s.commit()
        taak = next(k for k in repo.open_taken(s, traject=t) if k.code == VOORBEREIDEN_TAAK)
        d = repo.get_deadline(s, deadline_id=taak.deadline_id)
        return {"referentie": referentie, "gemeente": t.gemeente, "soort": stap.data["soort"], "taak_id": taak.id,
                "uiterlijk": d.due.isoformat()}
