"""Loonwaardemeting incl. praktijkroute: the flow of each human step (starten, meting, zienswijze, rapport,
herbeoordeling), generated from its declaration (domain/loonwaarde_stappen.py: input model, texts, what follows).
The praktijkroute goes on through the doelgroepregister watch (flows/doelgroepregister.py)."""

from __future__ import annotations

from typing import Any

from domain import loonwaarde_stappen as st
from flows._stap import deployment, stapflow
from tasks.loonwaarde import leg_herbeoordeling_vast, leg_rapport_vast, leg_zienswijze_vast, plan_meting, start

PROCES = st.LABEL

loonwaarde_starten = stapflow(st.STARTEN, lambda i, nu: start.task(
    referentie=i.referentie, route=i.route, werkgever=i.werkgever, nu=nu, actor=i.door))
loonwaarde_meting = stapflow(st.METING, lambda i, nu: plan_meting.task(
    referentie=i.referentie, deskundige=i.deskundige, op=i.op, nu=nu, actor=i.door))
loonwaarde_zienswijze = stapflow(st.ZIENSWIJZE, lambda i, nu: leg_zienswijze_vast.task(
    referentie=i.referentie, van=i.van, toelichting=i.toelichting, nu=nu, actor=i.door))
loonwaarde_rapport = stapflow(st.RAPPORT, lambda i, nu: leg_rapport_vast.task(
    referentie=i.referentie, loonwaarde=i.loonwaarde, rapportdatum=i.rapportdatum, brief_werkgever=i.brief_werkgever,
    nu=nu, actor=i.door))
loonwaarde_herbeoordeling = stapflow(st.HERBEOORDELING, lambda i, nu: leg_herbeoordeling_vast.task(
    referentie=i.referentie, loonwaarde=i.loonwaarde, rapportdatum=i.rapportdatum, nu=nu, actor=i.door))

FLOWS = {s.naam: globals()[s.flow.replace("-", "_")] for s in st.STAPPEN}


def deployments() -> list[Any]:
    return [deployment(s, FLOWS[s.naam], __name__) for s in st.STAPPEN]
