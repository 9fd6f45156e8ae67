"""Indicatie aanvragen bij UWV: a form per human step, the waking timer and the hourly poll."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from prefect import flow
from pydantic import Field

from domain.herinneringen import TZ
from domain.indicatie import BijlageSoort, GemeenteBesluit, Soort, Uitkomst
from domain.invoer import Door, FormDatum, Referentie, VrijeTekst
from flows._common import cron, label, nu_of, processtap
from tasks.dispatch import verstuur
from tasks.indicatie import (
    aanvragen,
    indienen,
    leg_beslissing_vast,
    leg_gemeentebesluit_vast,
    leg_ingediend_vast,
    leg_ontvangst_vast,
    plaats_van_wachtlijst,
    termijn_verlopen,
    vat_samen,
    vraag_uwv,
)

Toelichting = Annotated[VrijeTekst, Field(description="Toelichting (geen persoonsgegevens, geen medische details)")]
Omstandigheden = Annotated[VrijeTekst, Field(description="Alleen binnen twaalf maanden na een negatief advies beschut "
                                                         "werk: wat is er veranderd (geen medische details)")]
Bijlagen = Annotated[list[BijlageSoort], Field(min_length=1, max_length=5, description="Wat meegaat naar UWV")]
PROCES = "indicatie"


@flow(name="indicatie-aanvragen", flow_run_name="indicatie · {referentie} · aanvragen")
def indicatie_aanvragen(referentie: Referentie, soort: Soort, omstandigheden_gewijzigd: Omstandigheden | None = None,
                        door: Door = "werkcoach", nu: datetime | None = None) -> dict[str, Any]:
    """Start een aanvraag bij UWV: indicatie banenafspraak of advies beschut werk (eerst voorbereiden)."""
    moment = nu_of(nu)
    return processtap(PROCES, "aanvragen", referentie, moment, lambda: aanvragen.task(
        referentie=referentie, soort=soort, omstandigheden_gewijzigd=omstandigheden_gewijzigd, nu=moment, actor=door))


@flow(name="indicatie-indienen", flow_run_name="indicatie · {referentie} · indienen")
def indicatie_indienen(referentie: Referentie, bijlagen: Bijlagen, door: Door = "werkcoach",
                       nu: datetime | None = None) -> dict[str, Any]:
    """Dien de aanvraag in bij UWV (via de koppeling, of als taak om het formulier te versturen)."""
    moment = nu_of(nu)
    return processtap(PROCES, "indienen", referentie, moment, lambda: indienen.task(
        referentie=referentie, bijlagen=bijlagen, nu=moment, actor=door))


@flow(name="indicatie-ingediend", flow_run_name="indicatie · {referentie} · ingediend")
def indicatie_ingediend(referentie: Referentie, op: FormDatum, door: Door = "werkcoach",
                        nu: datetime | None = None) -> dict[str, Any]:
    """Handmatig kanaal: leg vast op welke datum het formulier naar UWV ging."""
    moment = nu_of(nu)
    return processtap(PROCES, "ingediend", referentie, moment, lambda: leg_ingediend_vast.task(
        referentie=referentie, op=op, nu=moment, actor=door))


@flow(name="indicatie-ontvangen", flow_run_name="indicatie · {referentie} · ontvangen")
def indicatie_ontvangen(referentie: Referentie, op: FormDatum, door: Door = "werkcoach",
                        nu: datetime | None = None) -> dict[str, Any]:
    """Leg de datum van de ontvangstbevestiging van UWV vast; de termijn voor de uitkomst begint."""
    moment = nu_of(nu)
    return processtap(PROCES, "ontvangen", referentie, moment, lambda: leg_ontvangst_vast.task(
        referentie=referentie, op=op, nu=moment, actor=door))


@flow(name="indicatie-beslissing", flow_run_name="indicatie · {referentie} · beslissing")
def indicatie_beslissing(referentie: Referentie, uitkomst: Uitkomst, op: FormDatum, toelichting: Toelichting | None = None,
                         door: Door = "werkcoach", nu: datetime | None = None) -> dict[str, Any]:
    """Leg de uitkomst van UWV vast (beschikking banenafspraak of advies beschut werk); het vervolg start."""
    moment = nu_of(nu)
    return processtap(PROCES, "beslissing", referentie, moment, lambda: leg_beslissing_vast.task(
        referentie=referentie, uitkomst=uitkomst, op=op, toelichting=toelichting or "", nu=moment, actor=door))


@flow(name="indicatie-gemeentebesluit", flow_run_name="indicatie · {referentie} · gemeentebesluit")
def indicatie_gemeentebesluit(referentie: Referentie, besluit: GemeenteBesluit, toelichting: Toelichting,
                              door: Door = "werkcoach", nu: datetime | None = None) -> dict[str, Any]:
    """Leg het besluit van de gemeente over beschut werk vast: plaatsing binnen het quotum, anders de wachtlijst."""
    moment = nu_of(nu)
    return processtap(PROCES, "gemeentebesluit", referentie, moment, lambda: leg_gemeentebesluit_vast.task(
        referentie=referentie, besluit=besluit, toelichting=toelichting, nu=moment, actor=door))


@flow(name="indicatie-plaatsen", flow_run_name="indicatie · {referentie} · plaatsen")
def indicatie_plaatsen(referentie: Referentie, door: Door = "werkcoach", nu: datetime | None = None) -> dict[str, Any]:
    """Er is een beschutte werkplek vrij: van de wachtlijst naar plaatsing (taak voor het WSP)."""
    moment = nu_of(nu)
    return processtap(PROCES, "plaatsen", referentie, moment, lambda: plaats_van_wachtlijst.task(
        referentie=referentie, nu=moment, actor=door))


@flow(name="indicatie-termijn-verlopen", flow_run_name="indicatie · {referentie} · termijn verlopen")
def indicatie_termijn_verlopen(referentie: Referentie, nu: datetime | None = None) -> dict[str, Any]:
    """Gestart door de wekker als UWV niet binnen de termijn besliste: escalatietaak voor de teamleider."""
    moment = nu_of(nu)
    return processtap(PROCES, "termijn verlopen", referentie, moment, lambda: termijn_verlopen.task(
        referentie=referentie, nu=moment))


@flow(name="indicatie-controle", flow_run_name="indicatie-controle")
def indicatie_controle(nu: datetime | None = None) -> dict[str, Any]:
    """Vraag UWV naar ontvangst en uitkomst van elke open aanvraag (HTTP-kanaal), elk afzonderlijk."""
    moment = nu_of(nu)
    label("indicatie-controle", f"{moment.astimezone(TZ):%Y-%m-%d %H:%M}")
    samenvatting = vat_samen(vraag_uwv.task(nu=moment))
    verstuur.task(nu=moment)
    return samenvatting


def deployments() -> list[Any]:
    tags = [f"proces:{PROCES}"]
    return [
        indicatie_aanvragen.to_deployment(name="aanvragen", tags=tags,
                                          description="Formulier: start een aanvraag indicatie bij UWV."),
        indicatie_indienen.to_deployment(name="indienen", tags=tags,
                                         description="Formulier: dien de aanvraag in bij UWV."),
        indicatie_ingediend.to_deployment(name="ingediend", tags=tags,
                                          description="Formulier: datum van indienen (handmatig kanaal)."),
        indicatie_ontvangen.to_deployment(name="ontvangen", tags=tags,
                                          description="Formulier: ontvangstbevestiging van UWV."),
        indicatie_beslissing.to_deployment(name="beslissing", tags=tags,
                                           description="Formulier: uitkomst van UWV."),
        indicatie_gemeentebesluit.to_deployment(name="gemeentebesluit", tags=tags,
                                                description="Formulier: besluit van de gemeente over beschut werk."),
        indicatie_plaatsen.to_deployment(name="plaatsen", tags=tags,
                                         description="Formulier: plaatsen vanaf de wachtlijst beschut werk."),
        indicatie_termijn_verlopen.to_deployment(name="termijn-verlopen", tags=tags,
                                                 description="Door de wekker gestart als UWV niet op tijd beslist."),
        indicatie_controle.to_deployment(name="werkdagen-elk-uur", tags=tags,
                                         schedules=[cron("indicatie-controle", "15 8-18 * * 1-5")],
                                         description="Vraag UWV naar ontvangst en uitkomst van open aanvragen."),
    ]
