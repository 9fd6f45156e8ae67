"""Trajectplan: goals, actions (owner, due date) and referrals to a voorliggende voorziening."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from prefect import flow
from pydantic import Field

from domain.invoer import (
    ADRES_ZONDER_ANKERS,
    DB_INT_MAX,
    TEKST_PATROON,
    Door,
    FormDatum,
    Referentie,
    VrijeTekst,
    formulier_patroon,
)
from domain.trajectplan import Opvolging, Voorziening
from flows._common import nu_of, processtap
from tasks.trajectplan import actie_gedaan, doel_behaald, plan_actie, stel_doel_vast, verwijs, volg_verwijzing_op

Omschrijving = Annotated[VrijeTekst, Field(description="Omschrijving (geen persoonsgegevens)")]
Toelichting = Annotated[VrijeTekst, Field(description="Korte toelichting (geen persoonsgegevens)")]
Instelling = Annotated[str, Field(min_length=2, max_length=100, pattern=TEKST_PATROON,
                                  description="Instelling, bijv. Nova College (geen persoonsgegevens)")]
Id = Annotated[int, Field(ge=1, le=DB_INT_MAX, description="Nummer (zie werkpad trajectplan toon)")]
# 'werkcoach' (the traject's werkcoach) or a staff address without a BSN-like number, as EmailAdres.
Eigenaar = Annotated[str, Field(min_length=3, max_length=200, pattern=formulier_patroon(f"werkcoach|{ADRES_ZONDER_ANKERS}"),
                                description="Eigenaar: 'werkcoach' of het e-mailadres van een medewerker")]
Datum = Annotated[FormDatum, Field(description="JJJJ-MM-DD")]


@flow(name="trajectplan-doel", flow_run_name="trajectplan · {referentie} · doel")
def trajectplan_doel(referentie: Referentie, omschrijving: Omschrijving, door: Door = "werkcoach",
                     nu: datetime | None = None) -> dict[str, Any]:
    """Leg een doel van het trajectplan vast."""
    moment = nu_of(nu)
    return processtap("trajectplan", "doel", referentie, moment, lambda: stel_doel_vast.task(
        referentie=referentie, omschrijving=omschrijving, nu=moment, actor=door))


@flow(name="trajectplan-actie", flow_run_name="trajectplan · {referentie} · actie bij doel {doel_id}")
def trajectplan_actie(referentie: Referentie, doel_id: Id, omschrijving: Omschrijving, eigenaar: Eigenaar,
                      uiterlijk: Datum, door: Door = "werkcoach", nu: datetime | None = None) -> dict[str, Any]:
    """Een actie bij een doel: een taak voor de eigenaar, uiterlijk op de datum (herinnering, dan teamleider)."""
    moment = nu_of(nu)
    return processtap("trajectplan", f"actie bij doel {doel_id}", referentie, moment, lambda: plan_actie.task(
        referentie=referentie, doel_id=doel_id, omschrijving=omschrijving, eigenaar=eigenaar, uiterlijk=uiterlijk,
        nu=moment, actor=door))


@flow(name="trajectplan-actie-gedaan", flow_run_name="trajectplan · {referentie} · actie {actie_id} gedaan")
def trajectplan_actie_gedaan(referentie: Referentie, actie_id: Id, toelichting: Toelichting | None = None,
                             door: Door = "werkcoach", nu: datetime | None = None) -> dict[str, Any]:
    """De actie is gedaan: de taak sluit, de herinneringen stoppen."""
    moment = nu_of(nu)
    return processtap("trajectplan", f"actie {actie_id} gedaan", referentie, moment, lambda: actie_gedaan.task(
        referentie=referentie, actie_id=actie_id, toelichting=toelichting, nu=moment, actor=door))


@flow(name="trajectplan-doel-behaald", flow_run_name="trajectplan · {referentie} · doel {doel_id} behaald")
def trajectplan_doel_behaald(referentie: Referentie, doel_id: Id, door: Door = "werkcoach",
                             nu: datetime | None = None) -> dict[str, Any]:
    """Het doel is behaald; open acties bij dit doel vervallen."""
    moment = nu_of(nu)
    return processtap("trajectplan", f"doel {doel_id} behaald", referentie, moment, lambda: doel_behaald.task(
        referentie=referentie, doel_id=doel_id, nu=moment, actor=door))


# The run name leaves out the voorziening: ggz or verslavingszorg is health data.
@flow(name="trajectplan-verwijzen", flow_run_name="trajectplan · {referentie} · verwijzing")
def trajectplan_verwijzen(referentie: Referentie, voorziening: Voorziening, instelling: Instelling,
                          opvolgen_op: Datum, verwezen_op: Datum | None = None, doel_id: Id | None = None,
                          door: Door = "werkcoach", nu: datetime | None = None) -> dict[str, Any]:
    """Verwijs naar een voorliggende voorziening; de werkcoach volgt de verwijzing op de opvolgdatum op."""
    moment = nu_of(nu)
    return processtap("trajectplan", "verwijzing", referentie, moment, lambda: verwijs.task(
        referentie=referentie, voorziening=voorziening, instelling=instelling, opvolgen_op=opvolgen_op,
        verwezen_op=verwezen_op, doel_id=doel_id, nu=moment, actor=door))


@flow(name="trajectplan-verwijzing-opvolgen",
      flow_run_name="trajectplan · {referentie} · verwijzing {actie_id} opgevolgd")
def trajectplan_verwijzing_opvolgen(referentie: Referentie, actie_id: Id, uitkomst: Opvolging,
                                    nieuwe_datum: Datum | None = None, toelichting: Toelichting | None = None,
                                    door: Door = "werkcoach", nu: datetime | None = None) -> dict[str, Any]:
    """Volg een verwijzing op: met een nieuwe datum opnieuw opvolgen, anders sluit hij."""
    moment = nu_of(nu)
    return processtap("trajectplan", f"verwijzing {actie_id} opgevolgd", referentie, moment, lambda: volg_verwijzing_op.task(
        referentie=referentie, actie_id=actie_id, uitkomst=uitkomst, nieuwe_datum=nieuwe_datum,
        toelichting=toelichting, nu=moment, actor=door))


def deployments() -> list[Any]:
    tags = ["proces:trajectplan"]
    return [
        trajectplan_doel.to_deployment(name="doel", tags=tags, description="Formulier: een doel in het trajectplan."),
        trajectplan_actie.to_deployment(name="actie", tags=tags,
                                        description="Formulier: een actie bij een doel (eigenaar, uiterlijk)."),
        trajectplan_actie_gedaan.to_deployment(name="actie-gedaan", tags=tags,
                                               description="Formulier: een actie is gedaan, de taak sluit."),
        trajectplan_doel_behaald.to_deployment(name="doel-behaald", tags=tags,
                                               description="Formulier: een doel is behaald."),
        trajectplan_verwijzen.to_deployment(name="verwijzen", tags=tags,
                                            description="Formulier: verwijzing naar een voorliggende voorziening."),
        trajectplan_verwijzing_opvolgen.to_deployment(name="verwijzing-opvolgen", tags=tags,
                                                      description="Formulier: een verwijzing opgevolgd."),
    ]

