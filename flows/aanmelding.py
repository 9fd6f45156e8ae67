"""Aanmelding: register the zaak at the gemeente, set the wachttermijn, plan the brede intake."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from prefect import flow
from prefect.states import Completed

from domain.invoer import Referentie
from flows._common import label, nu_of
from tasks._traject import lees_traject
from tasks.aanmelding import plan_intake
from tasks.artifacts import publiceer_tijdlijn
from tasks.dispatch import verstuur


@flow(name="aanmelding", flow_run_name="aanmelding · {referentie} · intake plannen")
def aanmelding(referentie: Referentie, nu: datetime | None = None) -> Any:
    moment = nu_of(nu)
    label("aanmelding", referentie, "intake plannen", lees_traject.task(referentie=referentie)["gemeente"])
    plan = plan_intake.task(referentie=referentie, nu=moment)
    publiceer_tijdlijn(referentie)
    try:
        verstuur.task(nu=moment, referentie=referentie)  # zaak + status at the gemeente, invitations by email
    except Exception as exc:  # noqa: BLE001 - the intake is planned and committed; its rows stay queued
        # As every step (flows/_stap.py): committed work is not a failed run. The outbox sends the rest.
        from prefect import get_run_logger

        from domain.bsn import maskeer_bsns

        reden = maskeer_bsns(str(exc))[:300]
        get_run_logger().warning("Versturen na de aanmelding mislukt (de rijen blijven in de wachtrij): %s", reden)
        publiceer_tijdlijn(referentie)
        # Completed, with why sending waits in the state's message (the CLI's door reads it from the run).
        return Completed(message=f"Versturen uitgesteld: {reden}", data={**plan, "versturen_uitgesteld": reden})
    publiceer_tijdlijn(referentie)
    return plan


def deployments() -> list[Any]:
    return [aanmelding.to_deployment(name="aanmelding", tags=["proces:aanmelding"],
                                     description="Plan de brede intake en maak de zaak aan bij de gemeente.")]
