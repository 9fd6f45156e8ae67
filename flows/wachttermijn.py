"""Wachttermijn: woken by its timer when the zoektermijn or inspanningsperiode has passed."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from prefect import flow

from domain.invoer import Referentie
from flows._common import label, nu_of
from tasks._traject import lees_traject
from tasks.artifacts import publiceer_tijdlijn
from tasks.dispatch import verstuur
from tasks.wachttermijn import verstrijk


@flow(name="wachttermijn-verstreken", flow_run_name="wachttermijn · {referentie} · verstreken")
def wachttermijn_verstreken(referentie: Referentie, nu: datetime | None = None) -> dict[str, Any]:
    """Gestart door de wekker van de deadline-sweep: de wachttermijn is voorbij. Alleen het trajectnummer."""
    moment = nu_of(nu)
    label("wachttermijn", referentie, "verstreken", lees_traject.task(referentie=referentie)["gemeente"])
    res = verstrijk.task(referentie=referentie, nu=moment)
    verstuur.task(nu=moment, referentie=referentie)
    publiceer_tijdlijn(referentie)
    return res


def deployments() -> list[Any]:
    return [wachttermijn_verstreken.to_deployment(
        name="verstreken", tags=["proces:wachttermijn"],
        description="Door de wekker gestart als een zoektermijn of inspanningsperiode voorbij is.")]
