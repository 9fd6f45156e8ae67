"""Taken and terms: a staff member finishes a task or moves a deadline. Each flow is generated from its step's
declaration (domain/taken_stappen.py): the deployment's form is the input model (numbers only, no personal data)."""

from __future__ import annotations

from typing import Any

from domain import taken_stappen as st
from flows._stap import deployment, stapflow
from tasks.taken import rond_af, verplaats_deadline

taak_afronden = stapflow(st.TAAK_AFRONDEN, lambda i, nu: rond_af.task(taak_id=i.taak_id, nu=nu, actor=i.door))
deadline_verplaatsen = stapflow(st.DEADLINE_VERPLAATSEN, lambda i, nu: verplaats_deadline.task(
    deadline_id=i.deadline_id, reden=i.reden, nu=nu, actor=i.door, naar=i.naar,
    grond=i.grond.value if i.grond is not None else None, dagen=i.dagen))

FLOWS = {s.naam: globals()[s.flow.replace("-", "_")] for s in st.STAPPEN}


def deployments() -> list[Any]:
    return [deployment(s, FLOWS[s.naam], __name__) for s in st.STAPPEN]
