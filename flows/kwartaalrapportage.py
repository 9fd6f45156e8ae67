"""Kwartaalrapportage: the standard tables after every quarter and half-year (issue 10).

Scheduled at 07:00, 11:00 and 15:00 on days 1-7 of January, April, July and October; the run asks the
calendar (domain/rapportage.py) whether today is the first werkdag after the quarter, and which
periods just ended, and skips those already sent. Other runs end at once and say why in their
name and log. On demand (UI form or CLI) it reports one named period that has ended.

Per period: a table artifact per table (`kwartaal-2026q3-fasen`) and one HTML mail to the
management list (WERKPAD_RAPPORTAGE__ONTVANGERS) with all tables and the fasen chart, through
the outbox under `kwartaalrapportage:<periode>`, so it is sent once, however often this runs.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from prefect import flow

from domain.invoer import OngeldigeInvoer
from domain.rapportage import PeriodeNaam
from flows._common import cron, label, nu_of
from tasks.artifacts import publiceer_kwartaaltabellen
from tasks.dispatch import DispatchUitgesteld
from tasks.kwartaalrapportage import PROCES, bepaal_perioden, maak_rapport, verstuur_rapporten, zet_in_outbox
from tasks.logs import logger

# The first werkdag after a quarter falls in days 1-7; the flow picks it. At 07:00, 11:00 and
# 15:00, not once: `serve` drops the scheduled runs of its downtime, so a restart at 06:55 would
# otherwise skip a whole quarter. A run after the mail went out ends at once ("al verstuurd").
CRON = "0 7,11,15 1-7 1,4,7,10 *"


@flow(name="kwartaalrapportage", flow_run_name="kwartaalrapportage")
def kwartaalrapportage(periode: PeriodeNaam | None = None, nu: datetime | None = None) -> dict[str, Any]:
    """Kwartaal- en halfjaarcijfers naar het management: tabellen als artefacten en één e-mail per periode.

    Zonder periode: alleen op de eerste werkdag na een kwartaal (de afgesloten kwartalen, halfjaren
    en na Q4 het jaar). Met periode (2026Q3, 2026H1, 2026): die periode, als die is afgelopen."""
    try:
        moment = nu_of(nu)
        besluit = bepaal_perioden.task(nu=moment, periode=periode)
    except OngeldigeInvoer as exc:  # a period not ended, before 2000, a moved clock: named and said, then failed
        label(PROCES, periode.upper() if periode else "gepland", "geweigerd")
        logger().error("Geweigerd: %s", exc)
        raise
    if not besluit["perioden"]:
        label(PROCES, besluit["dag"], "niets te doen")
        logger().info("Geen kwartaalrapportage: %s", besluit["reden"])
        return {**besluit, "outbox": {}, "artefacten": []}
    perioden: list[str] = besluit["perioden"]
    label(PROCES, " + ".join(perioden), "op verzoek" if besluit["op_verzoek"] else None,
          tags_erbij=[f"periode:{p}" for p in perioden])
    logger().info(besluit["reden"])
    rapporten = maak_rapport.task(perioden=perioden)  # a Controlefout fails the run here: nothing leaves
    artefacten = publiceer_kwartaaltabellen(rapporten)
    wachtrij = zet_in_outbox.task(rapporten=rapporten, nu=moment)
    for p, status in wachtrij.items():
        if status == "sent":
            logger().info("%s: de e-mail is al verstuurd; niet opnieuw.", p)
        elif status != "nieuw":  # an earlier run queued it and could not send it: that mail goes now, not a second
            logger().info("%s: de e-mail stond nog in de wachtrij van een eerdere run (%s); die gaat nu.", p, status)
    try:
        verzonden = verstuur_rapporten.task(perioden=perioden, nu=moment)
    except DispatchUitgesteld:  # the mail server is away: the name says the mail waits, not only that it failed
        label(PROCES, " + ".join(perioden), "in de wachtrij", tags_erbij=[f"periode:{p}" for p in perioden])
        raise
    nu_verstuurd = [p for p in perioden if wachtrij.get(p) != "sent" and verzonden["status"].get(p) == "sent"]
    for p in nu_verstuurd:
        logger().info("%s: e-mail aan het management verstuurd.", p)
    uitkomst = "verstuurd" if nu_verstuurd else "al verstuurd"  # the run's name says which, not only "op verzoek"
    label(PROCES, " + ".join(perioden), f"op verzoek, {uitkomst}" if besluit["op_verzoek"] else uitkomst,
          tags_erbij=[f"periode:{p}" for p in perioden])
    return {**besluit, "outbox": wachtrij, "verzonden": verzonden, "artefacten": artefacten}


def deployments() -> list[Any]:
    return [
        kwartaalrapportage.to_deployment(
            name="kwartaalrapportage", tags=[f"proces:{PROCES}"], schedules=[cron("kwartaalrapportage", CRON)],
            description="Kwartaal- en halfjaarcijfers op de eerste werkdag na elk kwartaal: tabellen als artefacten "
                        "en één e-mail per periode aan het management. Op verzoek: vul een afgelopen periode in."),
    ]
