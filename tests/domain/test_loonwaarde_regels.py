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


def test_praktijkroute_niet_naast_een_banenafspraak_of_registratie() -> None:
    """Issue 20 (18): the praktijkroute is for someone without an indicatie; beside a positive banenafspraak,
    a running register watch or a registration found it is refused at the start."""
    from domain.loonwaarde import controleer_praktijkroute_mogelijk

    controleer_praktijkroute_mogelijk(REF, None, None, None)
    weigert(f"{REF}: UWV gaf op 2027-03-18 een positieve indicatie banenafspraak; de praktijkroute is voor wie geen "
            "indicatie heeft. Kies route regulier. Er is niets gewijzigd.", controleer_praktijkroute_mogelijk, REF,
            "2027-03-18", "wacht", "2027-03-18")
    weigert(f"{REF}: werkpad volgt de inschrijving in het doelgroepregister al (sinds 2027-03-18); de praktijkroute "
            "zou UWV een tweede signaal geven. Kies route regulier. Er is niets gewijzigd.",
            controleer_praktijkroute_mogelijk, REF, None, "wacht", "2027-03-18")
    weigert(f"{REF}: de deelnemer staat al in het doelgroepregister (sinds 2027-03-20); de praktijkroute is niet meer "
            "nodig. Kies route regulier. Er is niets gewijzigd.", controleer_praktijkroute_mogelijk, REF, None,
            "geregistreerd", "2027-03-20")
