"""Brede intake: record the outcome (re-integratieadvies, route, plan van aanpak). The flow is generated from the
step's declaration (domain/brede_intake_stappen.py): the form is its input model, a reference and no personal data."""

from __future__ import annotations

from typing import Any

from domain import brede_intake_stappen as st
from flows._stap import deployment, stapflow
from tasks.brede_intake import leg_uitkomst_vast

brede_intake_uitkomst = stapflow(st.UITKOMST, lambda i, nu: leg_uitkomst_vast.task(
    referentie=i.referentie, uitkomst=i.als_uitkomst(), nu=nu, actor=i.door))


def deployments() -> list[Any]:
    return [deployment(st.UITKOMST, brede_intake_uitkomst, __name__)]
