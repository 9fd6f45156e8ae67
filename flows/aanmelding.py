"""Aanmelding: register the zaak at the gemeente, set the wachttermijn, plan the brede intake."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from prefect import flow

from domain.invoer import Referentie
from flows._common import label, nu_of
from tasks._traject import lees_traject
from tasks.aanmelding import plan_intake
from tasks.artifacts import publiceer_tijdlijn
from tasks.dispatch import verstuur


@flow(name="aanmelding", flow_run_name="aanmelding · {referentie} · intake plannen")
def aanmelding(referentie: Referentie, nu: datetime | None = None) -> dict[str, Any]:
    moment = nu_of(nu)
    label("aanmelding", referentie, "intake plannen", lees_traject.task(referentie=referentie)["gemeente"])
    plan = plan_intake.task(referentie=referentie, nu=moment)
    publiceer_tijdlijn(referentie)
    verstuur.task(nu=moment, referentie=referentie)  # zaak + status at the gemeente, invitations by email
    publiceer_tijdlijn(referentie)
    return plan


def deployments() -> list[Any]:
    return [aanmelding.to_deployment(name="aanmelding", tags=["proces:aanmelding"],
                                     description="Plan de brede intake en maak de zaak aan bij de gemeente.")]
