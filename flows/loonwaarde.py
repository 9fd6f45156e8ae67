"""Loonwaardemeting incl. praktijkroute: starten, meting, zienswijze, rapport, herbeoordeling (forms)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from prefect import flow
from pydantic import Field

from domain.invoer import TEKST_PATROON, Door, EmailAdres, FormDatum, Referentie, VrijeTekst
from domain.loonwaarde import Partij, Route
from flows._common import nu_of, processtap
from tasks.loonwaarde import leg_herbeoordeling_vast, leg_rapport_vast, leg_zienswijze_vast, plan_meting, start

PROCES = "loonwaardemeting"
Werkgever = Annotated[str, Field(min_length=2, max_length=100, pattern=TEKST_PATROON,
                                 description="Naam van de werkgever (organisatie; geen persoonsgegevens)")]
Loonwaarde = Annotated[int, Field(ge=0, le=100, description="Loonwaarde in hele procenten van het WML (0-100)")]
Toelichting = Annotated[VrijeTekst, Field(description="Korte toelichting (geen persoonsgegevens, geen medische details)")]


@flow(name="loonwaarde-starten", flow_run_name="loonwaardemeting · {referentie} · starten")
def loonwaarde_starten(referentie: Referentie, route: Route, werkgever: Werkgever, door: Door = "werkcoach",
                       nu: datetime | None = None) -> dict[str, Any]:
    """Start een loonwaardemeting: het WSP benadert de werkgever en plant de meting."""
    moment = nu_of(nu)
    return processtap(PROCES, "starten", referentie, moment, lambda: start.task(
        referentie=referentie, route=route, werkgever=werkgever, nu=moment, actor=door))


@flow(name="loonwaarde-meting", flow_run_name="loonwaardemeting · {referentie} · meting")
def loonwaarde_meting(referentie: Referentie, deskundige: EmailAdres, op: FormDatum, door: Door = "wsp",
                      nu: datetime | None = None) -> dict[str, Any]:
    """Plan de meting op de werkplek door een loonwaardedeskundige (e-mailadres) op de gegeven datum."""
    moment = nu_of(nu)
    return processtap(PROCES, "meting", referentie, moment, lambda: plan_meting.task(
        referentie=referentie, deskundige=deskundige, op=op, nu=moment, actor=door))


@flow(name="loonwaarde-zienswijze", flow_run_name="loonwaardemeting · {referentie} · zienswijze")
def loonwaarde_zienswijze(referentie: Referentie, van: Partij, toelichting: Toelichting | None = None,
                          door: Door = "deskundige", nu: datetime | None = None) -> dict[str, Any]:
    """Leg de zienswijze van de werkgever of de werknemer vast (beide nodig vóór het rapport)."""
    moment = nu_of(nu)
    return processtap(PROCES, "zienswijze", referentie, moment, lambda: leg_zienswijze_vast.task(
        referentie=referentie, van=van, toelichting=toelichting, nu=moment, actor=door))


@flow(name="loonwaarde-rapport", flow_run_name="loonwaardemeting · {referentie} · rapport")
def loonwaarde_rapport(referentie: Referentie, loonwaarde: Loonwaarde, rapportdatum: FormDatum,
                       brief_werkgever: FormDatum | None = None, door: Door = "deskundige",
                       nu: datetime | None = None) -> dict[str, Any]:
    """Leg het rapport vast (loonwaarde in hele % WML). Praktijkroute onder 100%: ook de datum van de
    loonwaardebrief aan de werkgever; dan gaat het re-integratiebericht naar het Inlichtingenbureau."""
    moment = nu_of(nu)
    return processtap(PROCES, "rapport", referentie, moment, lambda: leg_rapport_vast.task(
        referentie=referentie, loonwaarde=loonwaarde, rapportdatum=rapportdatum, brief_werkgever=brief_werkgever,
        nu=moment, actor=door))


@flow(name="loonwaarde-herbeoordeling", flow_run_name="loonwaardemeting · {referentie} · herbeoordeling")
def loonwaarde_herbeoordeling(referentie: Referentie, loonwaarde: Loonwaarde, rapportdatum: FormDatum,
                              door: Door = "werkcoach", nu: datetime | None = None) -> dict[str, Any]:
    """Leg de periodieke herbeoordeling vast: de nieuwe loonwaarde gaat naar de gemeente; de volgende staat klaar."""
    moment = nu_of(nu)
    return processtap(PROCES, "herbeoordeling", referentie, moment, lambda: leg_herbeoordeling_vast.task(
        referentie=referentie, loonwaarde=loonwaarde, rapportdatum=rapportdatum, nu=moment, actor=door))


def deployments() -> list[Any]:
    tags = [f"proces:{PROCES}"]
    return [
        loonwaarde_starten.to_deployment(name="starten", tags=tags,
                                         description="Formulier: start een loonwaardemeting (regulier of praktijkroute)."),
        loonwaarde_meting.to_deployment(name="meting", tags=tags,
                                        description="Formulier: plan de meting op de werkplek."),
        loonwaarde_zienswijze.to_deployment(name="zienswijze", tags=tags,
                                            description="Formulier: leg een zienswijze vast (werkgever, werknemer)."),
        loonwaarde_rapport.to_deployment(name="rapport", tags=tags,
                                         description="Formulier: leg het rapport met de loonwaarde vast."),
        loonwaarde_herbeoordeling.to_deployment(name="herbeoordeling", tags=tags,
                                                description="Formulier: leg de periodieke herbeoordeling vast."),
    ]
