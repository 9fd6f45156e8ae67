"""Re-integratietraject: the flow of each human step (fase, vangnet, uitstroom, parttime, herbeoordeling, contact),
generated from its declaration (domain/traject_stappen.py), and the waking timer's stage voorstellen."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from prefect import flow

from domain import traject_stappen as st
from domain.fasen import STAGE_WEKT, Uitstroom
from domain.invoer import Referentie
from flows._common import nu_of, processtap
from flows._stap import deployment, stapflow
from tasks.fasen import beeindig_nazorg, herbeoordeel_pva, leg_contact_vast, stel_stage_voor, stroom_uit, wijzig_fase

traject_fase = stapflow(st.FASE, lambda i, nu: wijzig_fase.task(
    referentie=i.referentie, fase=i.fase, reden=i.reden, trede=i.trede, jobcoach=i.jobcoach, nu=nu, actor=i.door))
traject_vangnet = stapflow(st.VANGNET, lambda i, nu: wijzig_fase.task(
    referentie=i.referentie, fase=i.fase, reden=i.reden, vangnet=True, nu=nu, actor=i.door))
traject_uitstroom = stapflow(st.UITSTROOM, lambda i, nu: stroom_uit.task(
    referentie=i.referentie, uitkomst=i.uitkomst, reden=i.reden, nu=nu, actor=i.door))
traject_parttime = stapflow(st.PARTTIME, lambda i, nu: stroom_uit.task(
    referentie=i.referentie, uitkomst=Uitstroom.parttime_werk, reden=i.reden, nu=nu, actor=i.door))
traject_herbeoordeling = stapflow(st.HERBEOORDELING, lambda i, nu: herbeoordeel_pva.task(
    referentie=i.referentie, toelichting=i.toelichting, nu=nu, actor=i.door))
traject_contact = stapflow(st.CONTACT, lambda i, nu: leg_contact_vast.task(
    referentie=i.referentie, op=i.op, toelichting=i.toelichting, nu=nu, actor=i.door))
traject_nazorg_beeindigen = stapflow(st.NAZORG_BEEINDIGEN, lambda i, nu: beeindig_nazorg.task(
    referentie=i.referentie, reden=i.reden, nu=nu, actor=i.door))

FLOWS = {s.naam: globals()[s.flow.replace("-", "_")] for s in st.STAPPEN}


@flow(name="traject-stage-voorstellen", flow_run_name="traject · {referentie} · stage voorstellen")
def traject_stage_voorstellen(referentie: Referentie, nu: datetime | None = None) -> dict[str, Any]:
    """Gewekt na zes weken 'Werk vinden' zonder uitstroom: de werkcoach krijgt de taak een IJmond Werkt!-stage voor te stellen."""
    moment = nu_of(nu)
    return processtap("traject", "stage voorstellen", referentie, moment,
                      lambda: stel_stage_voor.task(referentie=referentie, nu=moment))


def deployments() -> list[Any]:
    wekker_flow, wekker_naam = STAGE_WEKT.split("/")
    assert wekker_flow == traject_stage_voorstellen.name
    return [deployment(s, FLOWS[s.naam], __name__) for s in st.STAPPEN] + [
        traject_stage_voorstellen.to_deployment(name=wekker_naam, tags=["proces:traject"],
                                                description="Gewekt: zes weken Werk vinden, stage voorstellen."),
    ]
