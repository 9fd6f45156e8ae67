"""Bezwaar against a beschikking: the bezwaartermijn (Awb 6:7/6:8 with the Atw), the beslissing op
bezwaar (Awb 7:10, verdaging) and its outcomes."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

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
