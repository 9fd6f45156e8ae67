"""Verlengde intake AD&A: starten, onderzoek, advies, besluit (forms) and advies-verlopen (the timer)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from prefect import flow
from pydantic import Field

from domain.invoer import Door, FormDatum, Referentie, VrijeTekst
from domain.verlengde_intake import Advies, Besluit, Fase, Onderzoek
from flows._common import label, nu_of, processtap
from tasks._traject import lees_traject
from tasks.artifacts import publiceer_tijdlijn
from tasks.verlengde_intake import advies_verlopen, leg_advies_vast, leg_besluit_vast, onderzoek, start

Toelichting = Annotated[VrijeTekst, Field(description="Toelichting (geen persoonsgegevens, geen medische details)")]
PROCES = "verlengde-intake"


@flow(name="verlengde-intake-starten", flow_run_name="verlengde-intake · {referentie} · starten")
def verlengde_intake_starten(referentie: Referentie, door: Door = "werkcoach",
                             nu: datetime | None = None) -> dict[str, Any]:
    """Start de verlengde intake bij AD&A (drie maanden; advies uiterlijk na drie maanden)."""
    moment = nu_of(nu)
    return processtap(PROCES, "starten", referentie, moment, lambda: start.task(
        referentie=referentie, nu=moment, actor=door))


@flow(name="verlengde-intake-onderzoek", flow_run_name="verlengde-intake · {referentie} · onderzoek")
def verlengde_intake_onderzoek(referentie: Referentie, soort: Onderzoek, uiterlijk: FormDatum | None = None,
                               door: Door = "werkcoach", nu: datetime | None = None) -> dict[str, Any]:
    """Vraag een onderzoek uit de catalogus aan bij de AD&A-diagnosticus (leeg: de standaardduur)."""
    moment = nu_of(nu)
    label(PROCES, referentie, "onderzoek", lees_traject.task(referentie=referentie)["gemeente"])
    res = onderzoek.task(referentie=referentie, soort=soort, uiterlijk=uiterlijk, nu=moment, actor=door)
    publiceer_tijdlijn(referentie)
    return res


@flow(name="verlengde-intake-advies", flow_run_name="verlengde-intake · {referentie} · advies")
def verlengde_intake_advies(referentie: Referentie, advies: Advies, toelichting: Toelichting,
                            fase: Fase | None = None, door: Door = "ada",
                            nu: datetime | None = None) -> dict[str, Any]:
    """Leg het advies van AD&A vast (bij advies 'traject' ook de fase); de werkcoach krijgt bericht."""
    moment = nu_of(nu)
    return processtap(PROCES, "advies", referentie, moment, lambda: leg_advies_vast.task(
        referentie=referentie, advies=advies, fase=fase, toelichting=toelichting, nu=moment, actor=door))


@flow(name="verlengde-intake-besluit", flow_run_name="verlengde-intake · {referentie} · besluit")
def verlengde_intake_besluit(referentie: Referentie, besluit: Besluit, toelichting: Toelichting,
                             anders: Advies | None = None, fase: Fase | None = None, door: Door = "werkcoach",
                             nu: datetime | None = None) -> dict[str, Any]:
    """Besluit op het advies: volgen, of afwijken met een ander vervolg (anders, bij 'traject' met fase)."""
    moment = nu_of(nu)
    return processtap(PROCES, "besluit", referentie, moment, lambda: leg_besluit_vast.task(
        referentie=referentie, besluit=besluit, anders=anders, fase=fase, toelichting=toelichting, nu=moment,
        actor=door))


@flow(name="verlengde-intake-advies-verlopen", flow_run_name="verlengde-intake · {referentie} · advies verlopen")
def verlengde_intake_advies_verlopen(referentie: Referentie, nu: datetime | None = None) -> dict[str, Any]:
    """Gestart door de wekker als het advies na drie maanden uitblijft: taak voor de teamleider AD&A."""
    moment = nu_of(nu)
    return processtap(PROCES, "advies verlopen", referentie, moment, lambda: advies_verlopen.task(
        referentie=referentie, nu=moment))


def deployments() -> list[Any]:
    tags = [f"proces:{PROCES}"]
    return [
        verlengde_intake_starten.to_deployment(name="starten", tags=tags,
                                               description="Formulier: start de verlengde intake bij AD&A."),
        verlengde_intake_onderzoek.to_deployment(name="onderzoek", tags=tags,
                                                 description="Formulier: vraag een onderzoek aan bij AD&A."),
        verlengde_intake_advies.to_deployment(name="advies", tags=tags,
                                              description="Formulier: leg het advies van AD&A vast."),
        verlengde_intake_besluit.to_deployment(name="besluit", tags=tags,
                                               description="Formulier: besluit op het advies van AD&A."),
        verlengde_intake_advies_verlopen.to_deployment(name="advies-verlopen", tags=tags,
                                                       description="Door de wekker gestart als het advies uitblijft."),
    ]
