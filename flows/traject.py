"""Traject: the gate. The re-integratie starts only when the gemeente granted the uitkering."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from prefect import flow

from domain.herinneringen import TZ
from domain.invoer import Referentie
from domain.traject import Uitkeringsbesluit
from flows._common import cron, label, nu_of
from tasks._traject import lees_traject
from tasks.artifacts import publiceer_tijdlijn, publiceer_uitkering_controle
from tasks.dispatch import verstuur
from tasks.logs import logger
from tasks.uitkering import vat_uitkeringen_samen, verwerk_uitkeringsbesluit, vraag_uitkeringen


@flow(name="uitkeringsbesluit", flow_run_name="uitkering · {referentie} · besluit {besluit}")
def uitkeringsbesluit(referentie: Referentie, besluit: Uitkeringsbesluit, nu: datetime | None = None,
                      aanvraagdatum: date | None = None) -> dict[str, Any]:
    """Verwerk het besluit van de gemeente. Vraagt werkpad de gemeente zelf (bron zgw of http), dan moet het
    getypte besluit kloppen met wat de gemeente meldt; bij bron handmatig is dit het besluit van de klantmanager.
    aanvraagdatum: de dag waarop de gemeente de aanvraag ontving (leeg: onbekend of al gemeld)."""
    moment = nu_of(nu)
    label("uitkering", referentie, f"besluit {besluit}", lees_traject.task(referentie=referentie)["gemeente"])
    res = verwerk_uitkeringsbesluit.task(referentie=referentie, status=besluit, nu=moment, aanvraag_op=aanvraagdatum)
    verstuur.task(nu=moment, referentie=referentie)
    publiceer_tijdlijn(referentie)
    return res


@flow(name="uitkering-controle", flow_run_name="uitkering-controle")
def uitkering_controle(nu: datetime | None = None) -> dict[str, Any]:
    """Vraag de gemeente naar het uitkeringsbesluit van elk wachtend traject, elk afzonderlijk.

    One coarse task asks for all cases; each decided case gets its own `uitkeringsbesluit` run.
    A case that fails does not stop the others: it ends up in the result and the artifact
    `uitkering-controle` (and, when the gemeente refuses, as a staff task)."""
    moment = nu_of(nu)
    stempel = f"{moment.astimezone(TZ):%Y-%m-%d %H:%M}"
    label("uitkering-controle", stempel)
    uitkomsten = vraag_uitkeringen.task(nu=moment)
    for u in uitkomsten:
        if u["uitkomst"] not in ("toegekend", "afgewezen"):
            continue
        state = uitkeringsbesluit(u["referentie"], Uitkeringsbesluit(u["uitkomst"]), moment, return_state=True)
        if state.is_completed():
            u["status"] = state.result()["status"]
        else:  # the transition rolled back or the mail stays queued: the next round or sweep retries
            logger().warning("%s: uitkeringsbesluit niet verwerkt: %s", u["referentie"], state.message)
            u["uitkomst"], u["melding"] = "fout", f"Besluit '{u['uitkomst']}' niet verwerkt: {state.message}"
    samenvatting = vat_uitkeringen_samen(uitkomsten)
    publiceer_uitkering_controle(stempel, samenvatting)
    return samenvatting


def deployments() -> list[Any]:
    return [
        uitkeringsbesluit.to_deployment(name="uitkeringsbesluit", tags=["proces:traject"],
                                        description="Verwerk het uitkeringsbesluit van de gemeente voor één traject."),
        uitkering_controle.to_deployment(name="werkdagen-elk-uur", tags=["proces:traject"],
                                         schedules=[cron("uitkering-controle", "5 8-18 * * 1-5")],
                                         description="Vraag de gemeente naar uitkeringsbesluiten van wachtende trajecten."),
    ]
