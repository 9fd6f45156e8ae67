"""Heroverweging of a maatregel (Pw art. 18 lid 3): within a term the college sets, at most three months
(no Atw: a ceiling)."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from dateutil.relativedelta import relativedelta

from domain.invoer import OngeldigeInvoer
from domain.kalender import Kalender
from domain.maatregel.statussen import AFGEROND, OPEN, VERVALLEN
from domain.proces import Proces, overgangen

HEROVERWEGING = Proces(
    naam="maatregel_heroverweging",
    label="Heroverweging maatregel",
    statussen={OPEN: "Te heroverwegen", AFGEROND: "Heroverwogen", VERVALLEN: "Vervallen"},
    start=OPEN,
    overgangen=overgangen(open=(AFGEROND, VERVALLEN), afgerond=(), vervallen=()),
    gebeurtenissen=frozenset({"maatregel_heroverweging.gestart", "maatregel_heroverweging.afgerond",
                              "maatregel_heroverweging.vervallen"}),
)


HEROVERWEGING_TAAK = "maatregel.heroverweging"  # art. 18 lid 3
GRONDSLAG_HEROVERWEGING = "Participatiewet art. 18 lid 3 (heroverweging binnen ten hoogste drie maanden)"
HEROVERWEGING_MAANDEN = 3


def heroverweging_uiterlijk(besluit_datum: date, kalender: Kalender, maanden: int = HEROVERWEGING_MAANDEN) -> date:
    """Art. 18 lid 3: within a term the college sets, at most three months. A ceiling, so a day off
    moves it back to the werkdag before (not forward: that would pass the legal maximum)."""
    if not 1 <= maanden <= HEROVERWEGING_MAANDEN:
        raise OngeldigeInvoer("De heroverwegingstermijn is ten hoogste drie maanden (Pw art. 18 lid 3).")
    return kalender.vorige_werkdag(besluit_datum + relativedelta(months=maanden), inclusief=True)


class HeroverwegingUitkomst(StrEnum):
    """Uitkomst van de heroverweging (Pw art. 18 lid 3)."""

    handhaven = "handhaven"
    beeindigen = "beeindigen"
