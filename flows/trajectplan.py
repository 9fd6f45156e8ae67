"""Trajectplan: the flow of each human step (doel, actie, actie-gedaan, doel-behaald, verwijzen, verwijzing-opvolgen),
generated from its declaration (domain/trajectplan_stappen.py). Run names never name the voorziening (ggz or
verslavingszorg is health data): a run is `trajectplan · <referentie> · <stap>`."""

from __future__ import annotations

from typing import Any

from domain import trajectplan_stappen as st
from flows._stap import deployment, stapflow
from tasks.trajectplan import actie_gedaan, doel_behaald, plan_actie, stel_doel_vast, verwijs, volg_verwijzing_op

trajectplan_doel = stapflow(st.DOEL, lambda i, nu: stel_doel_vast.task(
    referentie=i.referentie, omschrijving=i.omschrijving, nu=nu, actor=i.door))
trajectplan_actie = stapflow(st.ACTIE, lambda i, nu: plan_actie.task(
    referentie=i.referentie, doel_id=i.doel_id, omschrijving=i.omschrijving, eigenaar=i.eigenaar,
    uiterlijk=i.uiterlijk, nu=nu, actor=i.door))
trajectplan_actie_gedaan = stapflow(st.ACTIE_GEDAAN, lambda i, nu: actie_gedaan.task(
    referentie=i.referentie, actie_id=i.actie_id, toelichting=i.toelichting, nu=nu, actor=i.door))
trajectplan_doel_behaald = stapflow(st.DOEL_BEHAALD, lambda i, nu: doel_behaald.task(
    referentie=i.referentie, doel_id=i.doel_id, nu=nu, actor=i.door))
trajectplan_verwijzen = stapflow(st.VERWIJZEN, lambda i, nu: verwijs.task(
    referentie=i.referentie, voorziening=i.voorziening, instelling=i.instelling, opvolgen_op=i.opvolgen_op,
    verwezen_op=i.verwezen_op, doel_id=i.doel_id, nu=nu, actor=i.door))
trajectplan_verwijzing_opvolgen = stapflow(st.VERWIJZING_OPVOLGEN, lambda i, nu: volg_verwijzing_op.task(
    referentie=i.referentie, actie_id=i.actie_id, uitkomst=i.uitkomst, nieuwe_datum=i.nieuwe_datum,
    toelichting=i.toelichting, nu=nu, actor=i.door))

FLOWS = {s.naam: globals()[s.flow.replace("-", "_")] for s in st.STAPPEN}


def deployments() -> list[Any]:
    return [deployment(s, FLOWS[s.naam], __name__) for s in st.STAPPEN]
