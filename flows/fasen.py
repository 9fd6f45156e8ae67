"""Re-integratietraject: fase wijzigen, vangnet, parttime werk (deels uitgestroomd), uitstroom."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from prefect import flow
from pydantic import Field

from domain.fasen import Fase, Uitstroom
from domain.invoer import Door, EmailAdres, FormDatum, Referentie, VrijeTekst
from flows._common import nu_of, processtap
from tasks.fasen import herbeoordeel_pva, leg_contact_vast, stel_stage_voor, stroom_uit, wijzig_fase

Reden = Annotated[VrijeTekst, Field(description="Wat er veranderde en waarom (gaat naar de klantmanager; geen "
                                                 "persoonsgegevens)")]
Toelichting = Annotated[VrijeTekst, Field(description="Uitkomst van de herbeoordeling (geen persoonsgegevens)")]
Trede = Annotated[int, Field(ge=1, le=6, description="Trede op de participatieladder (1-6)")]
Adres = Annotated[EmailAdres, Field(description="E-mailadres van de jobcoach (leeg: de werkcoach)")]


@flow(name="traject-fase", flow_run_name="traject · {referentie} · fase {fase}")
def traject_fase(referentie: Referentie, fase: Fase, reden: Reden, trede: Trede | None = None,
                 jobcoach: Adres | None = None, door: Door = "werkcoach",
                 nu: datetime | None = None) -> dict[str, Any]:
    """Zet het traject in een (andere) fase; de gemeente krijgt een status op de zaak en de klantmanager een mail."""
    moment = nu_of(nu)
    return processtap("traject", f"fase {fase}", referentie, moment, lambda: wijzig_fase.task(
        referentie=referentie, fase=fase, reden=reden, trede=trede, jobcoach=jobcoach, nu=moment, actor=door))


@flow(name="traject-vangnet", flow_run_name="traject · {referentie} · vangnet")
def traject_vangnet(referentie: Referentie, fase: Fase, reden: Reden, door: Door = "werkcoach",
                    nu: datetime | None = None) -> dict[str, Any]:
    """De baan na plaatsing is beëindigd: het traject gaat terug in een fase; de nazorg vervalt."""
    moment = nu_of(nu)
    return processtap("traject", "vangnet", referentie, moment, lambda: wijzig_fase.task(
        referentie=referentie, fase=fase, reden=reden, vangnet=True, nu=moment, actor=door))


@flow(name="traject-uitstroom", flow_run_name="traject · {referentie} · uitstroom {uitkomst}")
def traject_uitstroom(referentie: Referentie, uitkomst: Uitstroom, reden: Reden, door: Door = "werkcoach",
                      nu: datetime | None = None) -> dict[str, Any]:
    """Leg de uitstroom vast: resultaat en eindstatus op de zaak (parttime werk: deels uitgestroomd, het traject loopt door)."""
    moment = nu_of(nu)
    return processtap("traject", f"uitstroom {uitkomst}", referentie, moment, lambda: stroom_uit.task(
        referentie=referentie, uitkomst=uitkomst, reden=reden, nu=moment, actor=door))


@flow(name="traject-herbeoordeling", flow_run_name="traject · {referentie} · herbeoordeling plan van aanpak")
def traject_herbeoordeling(referentie: Referentie, toelichting: Toelichting, door: Door = "werkcoach",
                           nu: datetime | None = None) -> dict[str, Any]:
    """Leg de herbeoordeling van het plan van aanpak vast; de volgende wordt gepland (interval per gemeente)."""
    moment = nu_of(nu)
    return processtap("traject", "herbeoordeling", referentie, moment, lambda: herbeoordeel_pva.task(
        referentie=referentie, toelichting=toelichting, nu=moment, actor=door))


@flow(name="traject-contact", flow_run_name="traject · {referentie} · contact")
def traject_contact(referentie: Referentie, op: FormDatum | None = None, toelichting: Toelichting | None = None,
                    door: Door = "werkcoach", nu: datetime | None = None) -> dict[str, Any]:
    """Leg contact met de deelnemer vast (leeg: vandaag); de contacttermijn begint opnieuw."""
    moment = nu_of(nu)
    return processtap("traject", "contact", referentie, moment, lambda: leg_contact_vast.task(
        referentie=referentie, op=op, toelichting=toelichting, nu=moment, actor=door))


@flow(name="traject-stage-voorstellen", flow_run_name="traject · {referentie} · stage voorstellen")
def traject_stage_voorstellen(referentie: Referentie, nu: datetime | None = None) -> dict[str, Any]:
    """Gewekt na zes weken 'Werk vinden' zonder uitstroom: de werkcoach krijgt de taak een IJmond Werkt!-stage voor te stellen."""
    moment = nu_of(nu)
    return processtap("traject", "stage voorstellen", referentie, moment,
                      lambda: stel_stage_voor.task(referentie=referentie, nu=moment))


def deployments() -> list[Any]:
    tags = ["proces:traject"]
    return [
        traject_fase.to_deployment(name="fase", tags=tags, description="Formulier: zet het traject in een fase."),
        traject_vangnet.to_deployment(name="vangnet", tags=tags,
                                      description="Formulier: de baan is beëindigd, terug in een fase."),
        traject_uitstroom.to_deployment(name="uitstroom", tags=tags,
                                        description="Formulier: uitstroom of parttime werk (deels uitgestroomd)."),
        traject_herbeoordeling.to_deployment(name="herbeoordeling", tags=tags,
                                             description="Formulier: plan van aanpak herbeoordeeld, de volgende gepland."),
        traject_contact.to_deployment(name="contact", tags=tags,
                                      description="Formulier: contact met de deelnemer, de contacttermijn begint opnieuw."),
        traject_stage_voorstellen.to_deployment(name="stage-voorstellen", tags=tags,
                                                description="Gewekt: zes weken Werk vinden, stage voorstellen."),
    ]
