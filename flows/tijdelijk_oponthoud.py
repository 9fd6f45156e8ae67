"""Tijdelijk oponthoud: the flow of each human step (starten, verlengen, beeindigen), generated from its declaration
(domain/tijdelijk_oponthoud_stappen.py), and heroverwegen, woken by the re-check timer."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from prefect import flow

from domain import tijdelijk_oponthoud_stappen as st
from domain.invoer import Referentie
from domain.tijdelijk_oponthoud import WEKT
from flows._common import label, nu_of
from flows._stap import deployment, stapflow
from tasks._traject import lees_traject
from tasks.artifacts import publiceer_tijdlijn
from tasks.dispatch import verstuur
from tasks.tijdelijk_oponthoud import beeindig, heroverweeg, start, verleng

tijdelijk_oponthoud_starten = stapflow(st.STARTEN, lambda i, nu: start.task(
    referentie=i.referentie, tot=i.tot, reden=i.reden, nu=nu, actor=i.door))
tijdelijk_oponthoud_verlengen = stapflow(st.VERLENGEN, lambda i, nu: verleng.task(
    referentie=i.referentie, tot=i.tot, reden=i.reden, nu=nu, actor=i.door))
tijdelijk_oponthoud_beeindigen = stapflow(st.BEEINDIGEN, lambda i, nu: beeindig.task(
    referentie=i.referentie, toelichting=i.toelichting, nu=nu, actor=i.door))

FLOWS = {s.naam: globals()[s.flow.replace("-", "_")] for s in st.STAPPEN}


@flow(name="tijdelijk-oponthoud-heroverwegen", flow_run_name="tijdelijk-oponthoud · {referentie} · heroverwegen")
def tijdelijk_oponthoud_heroverwegen(referentie: Referentie, nu: datetime | None = None) -> dict[str, Any]:
    """Gestart door de wekker op de herbeoordelingsdatum: taak voor de werkcoach."""
    moment = nu_of(nu)
    label("tijdelijk-oponthoud", referentie, "heroverwegen", lees_traject.task(referentie=referentie)["gemeente"])
    res = heroverweeg.task(referentie=referentie, nu=moment)
    verstuur.task(nu=moment, referentie=referentie)
    publiceer_tijdlijn(referentie)
    return res


def deployments() -> list[Any]:
    wekker_flow, wekker_naam = WEKT.split("/")
    assert wekker_flow == tijdelijk_oponthoud_heroverwegen.name
    return [deployment(s, FLOWS[s.naam], __name__) for s in st.STAPPEN] + [
        tijdelijk_oponthoud_heroverwegen.to_deployment(name=wekker_naam, tags=["proces:tijdelijk-oponthoud"],
                                                       description="Door de wekker gestart op de herbeoordelingsdatum."),
    ]
