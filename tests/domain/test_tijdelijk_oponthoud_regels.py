"""The tijdelijk oponthoud's refusals as pure rules (domain/tijdelijk_oponthoud.py): one case that passes
and one that is refused per rule; the messages are compared whole."""

from __future__ import annotations

from datetime import date

import pytest

from domain.errors import TransitionRefused
from domain.tijdelijk_oponthoud import controleer_herbeoordeling_bereikt, controleer_traject_open

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
