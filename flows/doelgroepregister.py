"""Doelgroepregister volgen: every werkdag, look up each open watch at Suwinet (scheduled)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from prefect import flow

from domain.herinneringen import TZ
from domain.invoer import Referentie
from flows._common import cron, label, nu_of
from tasks._traject import lees_traject
from tasks.dispatch import verstuur
from tasks.doelgroepregister import controleer, vat_samen

PROCES = "doelgroepregister"


@flow(name="doelgroepregister-controle", flow_run_name="doelgroepregister-controle")
def doelgroepregister_controle(referentie: Referentie | None = None, nu: datetime | None = None) -> dict[str, Any]:
    """Vraag Suwinet naar de registratie in het doelgroepregister van elk traject dat erop wacht (of één).

    Each traject on its own: a transient fault leaves its watch open for the next run, a refusal
    gives the werkcoach a task, a registration runs the process's continuation."""
    moment = nu_of(nu)
    if referentie:  # a run about one traject is named and tagged by it, like every process step
        label(PROCES, referentie, "controle", lees_traject.task(referentie=referentie)["gemeente"])
    else:
        label(PROCES, f"{moment.astimezone(TZ):%Y-%m-%d %H:%M}")
    uitkomsten = controleer.task(nu=moment, referentie=referentie)
    verstuur.task(nu=moment, referentie=referentie)
    return vat_samen(uitkomsten)


def deployments() -> list[Any]:
    tags = [f"proces:{PROCES}"]
    return [
        doelgroepregister_controle.to_deployment(
            name="werkdagen-0800", tags=tags, schedules=[cron("doelgroepregister-controle", "0 8 * * 1-5")],
            description="Vraag Suwinet naar registraties in het doelgroepregister (praktijkroute, indicatie)."),
    ]
