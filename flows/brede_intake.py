"""Brede intake: record the outcome (re-integratieadvies, route, plan van aanpak)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from prefect import flow

from domain.invoer import Door, Referentie
from domain.traject import BredeIntakeUitkomst
from flows._common import label, nu_of
from tasks._traject import lees_traject
from tasks.artifacts import publiceer_tijdlijn
from tasks.brede_intake import leg_uitkomst_vast
from tasks.dispatch import verstuur


@flow(name="brede-intake-uitkomst", flow_run_name="brede-intake · {referentie} · uitkomst")
def brede_intake_uitkomst(referentie: Referentie, uitkomst: BredeIntakeUitkomst, vastgelegd_door: Door = "werkcoach",
                          nu: datetime | None = None) -> dict[str, Any]:
    """Leg de uitkomst van de brede intake vast. Geef alleen het trajectnummer, geen persoonsgegevens."""
    moment = nu_of(nu)
    label("brede-intake", referentie, f"uitkomst {uitkomst.route.value}", lees_traject.task(referentie=referentie)["gemeente"])
    res = leg_uitkomst_vast.task(referentie=referentie, uitkomst=uitkomst, nu=moment, actor=vastgelegd_door)
    verstuur.task(nu=moment, referentie=referentie)
    publiceer_tijdlijn(referentie)
    return res


def deployments() -> list[Any]:
    return [brede_intake_uitkomst.to_deployment(
        name="uitkomst-vastleggen", tags=["proces:brede-intake"],
        description="Formulier: leg de uitkomst van de brede intake vast (alleen trajectnummer, geen persoonsgegevens).")]
