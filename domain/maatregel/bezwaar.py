"""Bezwaar against a beschikking: the bezwaartermijn (Awb 6:7/6:8 with the Atw), the beslissing op
bezwaar (Awb 7:10, verdaging) and its outcomes."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from domain.errors import TransitionRefused
from domain.invoer import OngeldigeInvoer
from domain.kalender import Kalender
from domain.maatregel.statussen import BESLIST, ONTVANGEN, VERDAAGD, VERVALLEN
from domain.proces import Proces, overgangen
from domain.termijnen import Termijn, bereken_termijn

BEZWAAR = Proces(
    naam="maatregel_bezwaar",
    label="Bezwaar tegen maatregel",
    statussen={ONTVANGEN: "Bezwaar ontvangen", VERDAAGD: "Beslissing verdaagd", BESLIST: "Beslist op bezwaar",
               VERVALLEN: "Vervallen"},
    start=ONTVANGEN,
    overgangen=overgangen(ontvangen=(VERDAAGD, BESLIST, VERVALLEN), verdaagd=(BESLIST, VERVALLEN), beslist=(),
                          vervallen=()),
    gebeurtenissen=frozenset({"maatregel_bezwaar.ontvangen", "maatregel_bezwaar.verdaagd",
                              "maatregel_bezwaar.beslist", "maatregel_bezwaar.vervallen"}),
)


BEZWAAR_TAAK = "maatregel.bezwaar"  # beslissing op bezwaar (Awb 7:10)
GRONDSLAG_BOB = "Awb art. 7:10 (beslissing op bezwaar)"


def bezwaartermijn(verzenddatum: date, kalender: Kalender) -> Termijn:
    """Awb 6:7/6:8: six weeks from the day after sending, extended by the Atw."""
    return bereken_termijn("bezwaar", verzenddatum, kalender)


def beslissing_op_bezwaar_uiterlijk(bezwaar_einde: date, kalender: Kalender, *, adviescommissie: bool,
                                    verdaagd: bool = False) -> date:
    """Awb 7:10: six weeks (twelve with an adviescommissie, 7:13) from the day after the bezwaartermijn
    ended; once verdaagd by at most six weeks. Statutory, so the Atw applies."""
    t = bereken_termijn("beslissing-op-bezwaar-commissie" if adviescommissie else "beslissing-op-bezwaar",
                        bezwaar_einde, kalender)
    eind = t.einddatum
    if verdaagd:
        eind = bereken_termijn("verdaging-bezwaar", eind, kalender).einddatum
    return eind


class BezwaarUitkomst(StrEnum):
    """Beslissing op bezwaar."""

    ongegrond = "ongegrond"
    gegrond = "gegrond"
    niet_ontvankelijk = "niet-ontvankelijk"


# -- the rules of the bezwaar's steps (the tasks read the rows, these decide) -------------------------
def controleer_bezwaar_ontvangst(ontvangen_op: date, vandaag: date, besluit_datum: date) -> None:
    """A bezwaar is received on a day that was, once the beschikking existed; after the besluit but before
    sending is fine (Awb 6:10). One after the bezwaartermijn is registered too, marked late (Awb 6:11 is for
    the bezwaar team to weigh), never refused here."""
    if ontvangen_op > vandaag:
        raise OngeldigeInvoer(f"De ontvangstdatum van het bezwaar ({ontvangen_op.isoformat()}) ligt in de toekomst.")
    if ontvangen_op < besluit_datum:
        raise OngeldigeInvoer(f"Het bezwaar ({ontvangen_op.isoformat()}) is ontvangen vóór de beschikking bestond "
                              f"(besluit {besluit_datum.isoformat()}).")


def controleer_nieuw_bezwaar(referentie: str, besluit_identificatie: str | None, *, lopend: bool) -> None:
    """One bezwaar at a time against a beschikking: a second bezwaarschrift joins the running one."""
    if lopend:
        raise TransitionRefused(f"{referentie}: er loopt al een bezwaar tegen {besluit_identificatie}; leg "
                                "een tweede bezwaarschrift bij dat bezwaar (aanvulling), niet als nieuw bezwaar.")


def controleer_verdagen(status: str, uiterlijk: date, vandaag: date, referentie: str) -> None:
    """Awb 7:10 lid 3: the beslissing op bezwaar may be put off once, and only within its term."""
    if status == VERDAAGD:
        raise TransitionRefused(f"{referentie}: de beslissing op bezwaar is al eens verdaagd; de Awb (7:10 lid 3) "
                                "staat één verdaging toe.")
    if vandaag > uiterlijk:
        raise TransitionRefused(f"{referentie}: de beslistermijn is al verstreken ({uiterlijk.isoformat()}); verdagen "
                                "moet binnen de termijn.")
