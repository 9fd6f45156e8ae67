"""Staff tasks (taken): finishing one. Plain step functions, no Prefect."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from casestore import repo
from casestore.db import session as new_session
from casestore.models import ProcesStap, Taak, Traject
from domain.errors import TransitionRefused
from domain.invoer import FORMULIER_DOOR, controleer_door
from domain.proces import proces_voor
from tasks.logs import logger
from tasks.runtime import Runtime
from tasks.step import step


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
        hoe = eigen_afronding(s, taak, t.referentie)
        if hoe:
            raise TransitionRefused(f"Taak {taak_id} rondt u af in het proces zelf: {hoe}.")
        repo.rond_taak_af(s, taak_id=taak_id, nu=nu, actor=actor)
        s.commit()
    logger().info("%s: taak %d afgerond", res["referentie"], taak_id)
    return {**res, "gewijzigd": True}


def eigen_afronding(s: Any, taak: Taak, referentie: str) -> str | None:
    """How to record a task that its process closes through its own steps (declared by the process
    in domain/<proces>.py, `eigen_taken`), or None for an ordinary task."""
    if not taak.code or taak.proces_stap_id is None:
        return None
    stap = s.get(ProcesStap, taak.proces_stap_id)
    proces = proces_voor(stap.proces) if stap is not None else None
    hoe = proces.eigen_taken.get(taak.code) if proces is not None else None
    return hoe.format(referentie=referentie) if hoe else None
