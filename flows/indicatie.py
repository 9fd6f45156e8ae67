"""Indicatie aanvragen bij UWV: the flow of each human step, generated from its declaration
(domain/indicatie_stappen.py: input model, texts, what follows), the waking timer, and the hourly poll (a step
too: `werkpad indicatie controle` starts it by hand, its schedule every werkdag hour)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from prefect import flow

from domain import indicatie_stappen as st
from domain.indicatie import WEKT
from domain.invoer import Referentie
from domain.stap import Weigering
from flows._common import cron, nu_of, processtap
from flows._stap import deployment, stapflow
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
from tasks.indicatie_kanaal import kanaal_na_indienen

PROCES = st.PROCES


def _en(res: Any, extra: Callable[[dict[str, Any]], dict[str, Any]]) -> Any:
    """The step's values plus what its summary needs; a refusal stays a refusal."""
    return res if isinstance(res, Weigering) else {**res, **extra(res)}


def _indienen(i: st.Indienen, nu: datetime) -> Any:
    """Queue the aanvraag; the step's flow sends it (the channel answers at once, or a staff task) and then
    reports the channel and what became of the row (`na`): queued, sent or refused, as it is."""
    return indienen.task(referentie=i.referentie, bijlagen=i.bijlagen, nu=nu, actor=i.door)


def _controle(nu: datetime) -> Any:
    samenvatting = vat_samen(vraag_uwv.task(nu=nu))
    verstuur.task(nu=nu)
    return samenvatting


indicatie_aanvragen = stapflow(st.AANVRAGEN, lambda i, nu: aanvragen.task(
    referentie=i.referentie, soort=i.soort, omstandigheden_gewijzigd=i.omstandigheden_gewijzigd, nu=nu, actor=i.door))
indicatie_indienen = stapflow(st.INDIENEN, _indienen,
                              na=lambda res: kanaal_na_indienen.task(referentie=res["referentie"]))
indicatie_ingediend = stapflow(st.INGEDIEND, lambda i, nu: _en(leg_ingediend_vast.task(
    referentie=i.referentie, op=i.op, nu=nu, actor=i.door), lambda _: {"op": i.op.isoformat()}))
indicatie_ontvangen = stapflow(st.ONTVANGEN, lambda i, nu: _en(leg_ontvangst_vast.task(
    referentie=i.referentie, op=i.op, nu=nu, actor=i.door), lambda _: {"op": i.op.isoformat()}))
indicatie_beslissing = stapflow(st.BESLISSING, lambda i, nu: _en(leg_beslissing_vast.task(
    referentie=i.referentie, uitkomst=i.uitkomst, op=i.op, toelichting=i.toelichting or "", nu=nu, actor=i.door),
    lambda _: {"uitkomst": i.uitkomst.value}))
indicatie_gemeentebesluit = stapflow(st.GEMEENTEBESLUIT, lambda i, nu: _en(leg_gemeentebesluit_vast.task(
    referentie=i.referentie, besluit=i.besluit, toelichting=i.toelichting, nu=nu, actor=i.door),
    lambda _: {"besluit": i.besluit.value}))
indicatie_plaatsen = stapflow(st.PLAATSEN, lambda i, nu: plaats_van_wachtlijst.task(
    referentie=i.referentie, nu=nu, actor=i.door))
indicatie_controle = stapflow(st.CONTROLE, lambda i, nu: _controle(nu))


@flow(name="indicatie-termijn-verlopen", flow_run_name="indicatie · {referentie} · termijn verlopen")
def indicatie_termijn_verlopen(referentie: Referentie, nu: datetime | None = None) -> dict[str, Any]:
    """Gestart door de wekker als UWV niet binnen de termijn besliste: escalatietaak voor de teamleider."""
    moment = nu_of(nu)
    return processtap(PROCES, "termijn verlopen", referentie, moment, lambda: termijn_verlopen.task(
        referentie=referentie, nu=moment))


FLOWS = {s.naam: globals()[s.flow.replace("-", "_")] for s in st.STAPPEN}


def deployments() -> list[Any]:
    tags = [f"proces:{PROCES}"]
    wekker_flow, wekker_naam = WEKT.split("/")
    assert wekker_flow == indicatie_termijn_verlopen.name
    return [deployment(s, FLOWS[s.naam], __name__) for s in st.STAPPEN] + [
        indicatie_termijn_verlopen.to_deployment(name=wekker_naam, tags=tags,
                                                 description="Door de wekker gestart als UWV niet op tijd beslist."),
        deployment(st.CONTROLE, indicatie_controle, __name__, tags, naam="werkdagen-elk-uur",
                   schedules=[cron("indicatie-controle", "15 8-18 * * 1-5")],
                   beschrijving="Vraag UWV naar ontvangst en uitkomst van open aanvragen."),
    ]
