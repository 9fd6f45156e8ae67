"""Traject: the gate. The re-integratie starts only when the gemeente granted the uitkering."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from prefect import flow

from domain.invoer import Referentie
from domain.traject import Uitkeringsbesluit
from flows._common import label, nu_of
from tasks.artifacts import publiceer_tijdlijn
from tasks.cases import gemeente_van, verwerk_uitkering, vraag_uitkeringsstatus
from tasks.dispatch import verstuur_outbox
from tasks.runtime import get


@flow(name="uitkeringsbesluit", flow_run_name="traject · {referentie} · uitkering {besluit}")
def uitkeringsbesluit(referentie: Referentie, besluit: Uitkeringsbesluit, nu: datetime | None = None) -> dict[str, Any]:
    """Verwerk het besluit van de gemeente; het getypte besluit moet kloppen met wat de gemeente zelf meldt."""
    moment = nu_of(nu)
    label("traject", referentie, f"uitkering {besluit}", gemeente_van(get(), referentie))
    res = verwerk_uitkering(referentie, besluit, moment)
    verstuur_outbox(moment, referentie)
    publiceer_tijdlijn(referentie)
    return res


@flow(name="uitkering-controle", flow_run_name="uitkering-controle")
def uitkering_controle(nu: datetime | None = None) -> list[dict[str, Any]]:
    """Vraag de gemeente naar het uitkeringsbesluit van elk wachtend traject."""
    moment = nu_of(nu)
    besluiten = vraag_uitkeringsstatus(moment)
    return [uitkeringsbesluit(b["referentie"], Uitkeringsbesluit(b["status"]), moment) for b in besluiten]
