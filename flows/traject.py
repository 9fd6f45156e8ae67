"""Traject: the gate. The re-integratie starts only when the gemeente granted the uitkering."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from prefect import flow

from domain import uitkering_stappen as st
from domain.herinneringen import TZ
from flows._common import cron, label, nu_of
from flows._stap import deployment, stapflow, uitkomst_van_state
from tasks.artifacts import publiceer_uitkering_controle
from tasks.logs import logger
from tasks.uitkering import vat_uitkeringen_samen, verwerk_uitkeringsbesluit, vraag_uitkeringen

# The decision, one traject: the form (the klantmanager's word, bron handmatig) and the hourly check start it.
uitkeringsbesluit = stapflow(st.UITKERINGSBESLUIT, lambda i, nu: verwerk_uitkeringsbesluit.task(
    referentie=i.referentie, status=i.besluit.value, nu=nu, aanvraag_op=i.aanvraagdatum, alleen_wachtend=True))


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
        state: Any = uitkeringsbesluit(referentie=u["referentie"], besluit=u["uitkomst"], nu=moment, return_state=True)
        res = uitkomst_van_state(state, raise_on_failure=False) if state.is_completed() else None
        if isinstance(res, dict) and not res.get("geweigerd"):
            u["status"] = res["status"]
        elif isinstance(res, dict):  # refused in the step (e.g. no longer waiting): nothing changed
            logger().warning("%s: uitkeringsbesluit geweigerd: %s", u["referentie"], res.get("tekst"))
            u["uitkomst"], u["melding"] = "fout", f"Besluit '{u['uitkomst']}' niet verwerkt: {res.get('tekst')}"
        else:  # the transition rolled back or the mail stays queued: the next round or sweep retries
            logger().warning("%s: uitkeringsbesluit niet verwerkt: %s", u["referentie"], state.message)
            u["uitkomst"], u["melding"] = "fout", f"Besluit '{u['uitkomst']}' niet verwerkt: {state.message}"
    samenvatting = vat_uitkeringen_samen(uitkomsten)
    publiceer_uitkering_controle(stempel, samenvatting)
    return samenvatting


def deployments() -> list[Any]:
    return [
        deployment(st.UITKERINGSBESLUIT, uitkeringsbesluit, __name__),
        uitkering_controle.to_deployment(name="werkdagen-elk-uur", tags=["proces:traject"],
                                         schedules=[cron("uitkering-controle", "5 8-18 * * 1-5")],
                                         description="Vraag de gemeente naar uitkeringsbesluiten van wachtende trajecten."),
    ]
