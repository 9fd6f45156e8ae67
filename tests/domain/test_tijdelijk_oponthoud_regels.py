"""The tijdelijk oponthoud's refusals as pure rules (domain/tijdelijk_oponthoud.py): one case that passes
and one that is refused per rule; the messages are compared whole."""

from __future__ import annotations

from datetime import date

import pytest

from domain.errors import TransitionRefused
from domain.tijdelijk_oponthoud import (
    controleer_herbeoordeling_bereikt,
    controleer_traject_open,
    controleer_verlenging,
)

REF = "IJW-2026-0001"


def test_alleen_op_een_open_traject() -> None:
    controleer_traject_open(REF, "traject")
    with pytest.raises(TransitionRefused) as e:
        controleer_traject_open(REF, "afgesloten")
    assert str(e.value) == f"{REF} is afgesloten; tijdelijk oponthoud kan niet meer."


def test_herbeoordeling_pas_op_de_datum() -> None:
    controleer_herbeoordeling_bereikt(REF, date(2027, 1, 4), date(2027, 1, 4))
    controleer_herbeoordeling_bereikt(REF, None, date(2027, 1, 1))
    with pytest.raises(TransitionRefused) as e:
        controleer_herbeoordeling_bereikt(REF, date(2027, 1, 4), date(2027, 1, 3))
    assert str(e.value) == f"{REF}: de herbeoordeling is pas op 2027-01-04."


def test_verlengen_alleen_naar_een_latere_datum() -> None:
    """Issue 20 item 27: an earlier (or the same) re-check date is no extension."""
    controleer_verlenging(REF, date(2027, 2, 1), date(2027, 2, 2))
    controleer_verlenging(REF, None, date(2027, 1, 5))  # woken: the timer has passed, any later date extends
    for eerder in (date(2027, 1, 15), date(2027, 2, 1)):
        with pytest.raises(TransitionRefused) as e:
            controleer_verlenging(REF, date(2027, 2, 1), eerder)
        assert str(e.value) == (f"{REF}: verlengen kan alleen naar een latere herbeoordelingsdatum dan 2027-02-01 "
                                f"(gevraagd: {eerder.isoformat()}). Wil je eerder heroverwegen, beëindig het "
                                "oponthoud dan of start een nieuw. Er is niets gewijzigd.")
