"""Verlengde intake AD&A: the flow of each human step (starten, onderzoek, advies, besluit), generated from its
declaration (domain/verlengde_intake_stappen.py: input model, texts, what follows), and advies-verlopen, the
waking timer."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from prefect import flow

from domain import verlengde_intake_stappen as st
from domain.invoer import Referentie
from domain.verlengde_intake import WEKT
from flows._common import nu_of, processtap
from flows._stap import deployment, stapflow
from tasks.verlengde_intake import advies_verlopen, leg_advies_vast, leg_besluit_vast, onderzoek, start

PROCES = st.PROCES

verlengde_intake_starten = stapflow(st.STARTEN, lambda i, nu: start.task(referentie=i.referentie, nu=nu, actor=i.door))
verlengde_intake_onderzoek = stapflow(st.ONDERZOEK, lambda i, nu: onderzoek.task(
    referentie=i.referentie, soort=i.soort, uiterlijk=i.uiterlijk, nu=nu, actor=i.door))
verlengde_intake_advies = stapflow(st.ADVIES, lambda i, nu: leg_advies_vast.task(
    referentie=i.referentie, advies=i.advies, fase=i.fase, toelichting=i.toelichting, nu=nu, actor=i.door))
verlengde_intake_besluit = stapflow(st.BESLUIT, lambda i, nu: leg_besluit_vast.task(
    referentie=i.referentie, besluit=i.besluit, anders=i.anders, fase=i.fase, toelichting=i.toelichting, nu=nu,
    actor=i.door))


@flow(name="verlengde-intake-advies-verlopen", flow_run_name="verlengde-intake · {referentie} · advies verlopen")
def verlengde_intake_advies_verlopen(referentie: Referentie, nu: datetime | None = None) -> dict[str, Any]:
    """Gestart door de wekker als het advies na drie maanden uitblijft: taak voor de teamleider AD&A."""
    moment = nu_of(nu)
    return processtap(PROCES, "advies verlopen", referentie, moment, lambda: advies_verlopen.task(
        referentie=referentie, nu=moment))


FLOWS = {s.naam: globals()[s.flow.replace("-", "_")] for s in st.STAPPEN}


def deployments() -> list[Any]:
    wekker_flow, wekker_naam = WEKT.split("/")
    assert wekker_flow == verlengde_intake_advies_verlopen.name
    return [deployment(s, FLOWS[s.naam], __name__) for s in st.STAPPEN] + [
        verlengde_intake_advies_verlopen.to_deployment(
            name=wekker_naam, tags=[f"proces:{PROCES}"],
            description="Door de wekker gestart als het advies uitblijft."),
    ]
