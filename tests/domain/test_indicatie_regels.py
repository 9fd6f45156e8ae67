"""The indicatie's step refusals as pure rules (domain/indicatie.py, domain/indicatie_stappen.py): one
case that passes and one that is refused per rule; the messages are compared whole."""

from __future__ import annotations

from datetime import date

import pytest

from domain.errors import TransitionRefused
from domain.indicatie import (
    IN_TE_DIENEN,
    INGEDIEND,
    BijlageSoort,
    controleer_handmatig_kanaal,
    controleer_stap,
    controleer_traject_open,
    controleer_wekker_bereikt,
)
from domain.indicatie_stappen import controleer_bijlagen

REF = "IJW-2026-0001"


def weigert(bericht: str, fn: object, *args: object) -> None:
    with pytest.raises(TransitionRefused) as e:
        fn(*args)  # type: ignore[operator]
    assert str(e.value) == bericht


def test_traject_open() -> None:
    controleer_traject_open(REF, "traject")
    weigert(f"{REF} is afgesloten; een indicatie kan niet meer.", controleer_traject_open, REF, "afgesloten")


def test_stap_in_de_juiste_status() -> None:
    controleer_stap(REF, IN_TE_DIENEN, (IN_TE_DIENEN,), "de datum van indienen vastleggen")
    weigert(f"{REF}: de indicatie staat op 'Ingediend bij UWV'; de datum van indienen vastleggen kan nu niet.",
            controleer_stap, REF, INGEDIEND, (IN_TE_DIENEN,), "de datum van indienen vastleggen")


def test_wekker_pas_op_zijn_datum() -> None:
    controleer_wekker_bereikt(REF, date(2027, 2, 1), date(2027, 2, 1))
    weigert(f"{REF}: de termijn van UWV loopt nog; de wekker gaat op 2027-02-01.", controleer_wekker_bereikt, REF,
            date(2027, 2, 1), date(2027, 1, 31))


def test_datum_van_indienen_alleen_bij_het_handmatige_kanaal() -> None:
    controleer_handmatig_kanaal(REF, "handmatig")
    weigert(f"{REF}: de aanvraag gaat via de koppeling met UWV; de datum van indienen komt van UWV zelf.",
            controleer_handmatig_kanaal, REF, "http")


def test_minstens_een_bijlage() -> None:
    controleer_bijlagen(REF, [next(iter(BijlageSoort))])
    weigert(f"{REF}: noem minstens één bijlage (--bijlage stageverslag, bevindingen, …).", controleer_bijlagen, REF, [])


def test_datum_van_een_latere_stap_niet_voor_de_aanvraag() -> None:
    """Issue 20 (25): a date of indienen or ontvangst before the aanvraag (and so before the aanmelding) would
    start UWV's term in the past; refused with both dates."""
    from domain.indicatie import controleer_na_aanvraag

    controleer_na_aanvraag(REF, date(2027, 1, 11), date(2027, 1, 11), "de datum van indienen")
    weigert(f"{REF}: de datum van indienen 2026-11-20 ligt vóór de aanvraag van 2027-01-11 (klaar voor UWV); een "
            "latere stap kan niet eerder liggen. Er is niets gewijzigd.", controleer_na_aanvraag, REF,
            date(2026, 11, 20), date(2027, 1, 11), "de datum van indienen")
