"""Staff tasks (taken) and terms: finishing a task, moving a deadline. Plain step functions, no Prefect."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from casestore import repo
from casestore.db import session as new_session
from casestore.models import Deadline, Taak, Traject
from domain.herinneringen import lokale_datum
from domain.invoer import FORMULIER_DOOR, controleer_door
from domain.taken_stappen import controleer_gewone_taak
from domain.verplaatsing import Grond, beoordeel_verplaatsing
from tasks.logs import logger
from tasks.runtime import Runtime
from tasks.step import step
from tasks.vastleggen import hoe_vastleggen, in_woorden


def _taak_en_traject(s: Any, taak_id: int) -> tuple[Taak, Traject]:
    taak = s.get(Taak, taak_id)
    if taak is None:
        raise repo.NotFound(f"Onbekende taak {taak_id}.")
    traject = s.get(Traject, taak.traject_id)
    assert traject is not None
    return taak, traject


@step()
def rond_af(rt: Runtime, *, taak_id: int, nu: datetime, actor: str) -> dict[str, Any]:
    """Finish a task: its reminders stop. Finishing it again changes nothing (a double click on
    Run in the UI is harmless); a task that lapsed with its step is refused."""
    actor = controleer_door(actor, FORMULIER_DOOR)  # a form's free text: an address or a role
    with new_session(rt.engine) as s:
        taak, t = _taak_en_traject(s, taak_id)
        res = {"taak_id": taak_id, "referentie": t.referentie, "gemeente": t.gemeente, "titel": taak.titel,
               "gewijzigd": False}
        if taak.status == "afgerond":
            return res
        hoe = hoe_vastleggen(taak.code, t.referentie, session=s, taak_id=taak_id)
        controleer_gewone_taak(taak_id, in_woorden(hoe) if hoe else None)
        repo.rond_taak_af(s, taak_id=taak_id, nu=nu, actor=actor)
        s.commit()
    logger().info("%s: taak %d afgerond", res["referentie"], taak_id)
    return {**res, "gewijzigd": True}


@step()
def verplaats_deadline(rt: Runtime, *, deadline_id: int, reden: str, nu: datetime, actor: str,
                       naar: date | None = None, grond: str | None = None, dagen: int | None = None) -> dict[str, Any]:
    """Move a deadline; its reminders are re-armed. A legal term moves only later, on a legal ground by a number of
    days (domain/verplaatsing.py decides, in this transaction); a policy deadline or a task to a date."""
    actor = controleer_door(actor, FORMULIER_DOOR)
    g = Grond(grond) if grond is not None else None
    with new_session(rt.engine) as s:
        huidig = repo.get_deadline(s, deadline_id=deadline_id)
        v = beoordeel_verplaatsing(soort=huidig.soort, huidige_due=huidig.due, vandaag=lokale_datum(nu), reden=reden,
                                   naar=naar, grond=g, dagen=dagen, kalender=rt.kalender, status=huidig.status,
                                   nummer=deadline_id)
        d: Deadline = repo.verplaats_deadline(s, deadline_id=deadline_id, due=v.due, nu=nu, actor=actor,
                                              reden=v.toelichting, kalender=rt.kalender,
                                              wettelijke_dagen=dagen if g is not None else None)
        t = s.get(Traject, d.traject_id)
        assert t is not None
        res = {"deadline_id": deadline_id, "referentie": t.referentie, "gemeente": t.gemeente,
               "omschrijving": d.omschrijving, "due": d.due.isoformat()}
        s.commit()
    logger().info("%s: deadline %d verplaatst naar %s", res["referentie"], deadline_id, res["due"])
    return res
