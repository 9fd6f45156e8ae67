"""The loonwaardemeting's step refusals as pure rules (domain/loonwaarde.py): one case that passes and
one that is refused per rule; the messages are compared whole."""

from __future__ import annotations

from datetime import date

import pytest

from domain.errors import TransitionRefused
from domain.loonwaarde import (
    LKS_GEMELD,
    METING_GEPLAND,
    ZIENSWIJZEN,
    controleer_herbeoordeling_datum,
    controleer_stap,
    controleer_traject_open,
)

REF = "IJW-2026-0001"


def weigert(bericht: str, fn: object, *args: object) -> None:
    with pytest.raises(TransitionRefused) as e:
        fn(*args)  # type: ignore[operator]
    assert str(e.value) == bericht


def test_traject_open() -> None:
    controleer_traject_open(REF, "traject")
    weigert(f"{REF} is afgesloten; een loonwaardemeting kan niet meer.", controleer_traject_open, REF, "afgesloten")


def test_stap_in_de_juiste_status() -> None:
    controleer_stap(REF, LKS_GEMELD, (LKS_GEMELD,), "een herbeoordeling vastleggen")
    weigert(f"{REF}: loonwaardemeting staat op 'Meting gepland'; zienswijzen vastleggen kan nu niet.",
            controleer_stap, REF, METING_GEPLAND, (ZIENSWIJZEN,), "zienswijzen vastleggen")


def test_herbeoordeling_na_het_vorige_rapport_en_niet_in_de_toekomst() -> None:
    controleer_herbeoordeling_datum(date(2027, 6, 1), date(2026, 12, 1), date(2027, 6, 2))
    weigert("De rapportdatum 2027-06-03 ligt in de toekomst.", controleer_herbeoordeling_datum,
            date(2027, 6, 3), date(2026, 12, 1), date(2027, 6, 2))
    weigert("De rapportdatum 2026-12-01 ligt niet na het vorige rapport (2026-12-01).",
            controleer_herbeoordeling_datum, date(2026, 12, 1), date(2026, 12, 1), date(2027, 6, 2))
