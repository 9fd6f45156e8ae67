"""The verlengde intake's step refusals as pure rules (domain/verlengde_intake.py): one case that passes
and one that is refused per rule; the messages are compared whole."""

from __future__ import annotations

import pytest

from domain.errors import TransitionRefused
from domain.traject import Status
from domain.verlengde_intake import (
    ADVIES_GEGEVEN,
    BESLOTEN,
    LOOPT,
    TE_LAAT,
    controleer_advies_open,
    controleer_besluit_mogelijk,
    controleer_onderzoek_mogelijk,
    controleer_traject_open,
)

REF = "IJW-2026-0001"


def weigert(bericht: str, fn: object, *args: object) -> None:
    with pytest.raises(TransitionRefused) as e:
        fn(*args)  # type: ignore[operator]
    assert str(e.value) == bericht


def test_traject_open() -> None:
    controleer_traject_open(REF, Status.traject)
    weigert(f"{REF} is afgesloten; een verlengde intake kan niet meer.", controleer_traject_open, REF, Status.afgesloten)


def test_onderzoek_alleen_zolang_de_intake_loopt() -> None:
    controleer_onderzoek_mogelijk(REF, LOOPT)
    weigert(f"{REF}: verlengde intake staat op 'Advies te laat'; een onderzoek kan niet meer.",
            controleer_onderzoek_mogelijk, REF, TE_LAAT)


def test_advies_een_keer() -> None:
    controleer_advies_open(REF, LOOPT)
    controleer_advies_open(REF, TE_LAAT)
    weigert(f"{REF}: het advies van AD&A is al vastgelegd.", controleer_advies_open, REF, ADVIES_GEGEVEN)


def test_besluit_pas_na_het_advies() -> None:
    controleer_besluit_mogelijk(REF, ADVIES_GEGEVEN)
    weigert(f"{REF}: verlengde intake staat op 'Besloten'; besluiten kan pas na het advies van AD&A.",
            controleer_besluit_mogelijk, REF, BESLOTEN)


def test_advies_verlopen_pas_op_de_datum_van_de_wekker() -> None:
    """Issue 20 (24): the woken step started by hand before its timer's date is refused; once the sweep closed
    the timer (None) it runs."""
    from datetime import date

    from domain.verlengde_intake import controleer_advies_termijn_verstreken

    controleer_advies_termijn_verstreken(REF, date(2027, 3, 10), date(2027, 3, 10))
    controleer_advies_termijn_verstreken(REF, None, date(2026, 12, 10))
    weigert(f"{REF}: het advies van AD&A is pas na de adviesdatum te laat; de wekker gaat op 2027-03-10. Er is niets "
            "gewijzigd.", controleer_advies_termijn_verstreken, REF, date(2027, 3, 10), date(2027, 3, 9))
