"""The fasen's step refusals as pure rules (domain/fasen.py): one case that passes and one that is
refused per rule; the messages are compared whole."""

from __future__ import annotations

from datetime import date

import pytest

from domain.errors import TransitionRefused
from domain.fasen import Fase, controleer_jobcoach, controleer_stage_timer
from domain.invoer import OngeldigeInvoer

REF = "IJW-2026-0001"


def test_jobcoach_alleen_bij_werk_houden() -> None:
    controleer_jobcoach(Fase.werk_houden, "jc@ijmondwerkt.nl")
    controleer_jobcoach(Fase.werk_vinden, None)
    with pytest.raises(OngeldigeInvoer) as e:
        controleer_jobcoach(Fase.werk_vinden, "jc@ijmondwerkt.nl")
    assert str(e.value) == (f"Een jobcoach hoort bij de fase '{Fase.werk_houden.label}'; laat --jobcoach weg bij "
                            f"'{Fase.werk_vinden.label}'.")


def test_stagevoorstel_pas_na_zes_weken() -> None:
    controleer_stage_timer(REF, date(2027, 1, 4), date(2027, 1, 4))
    controleer_stage_timer(REF, None, date(2027, 1, 1))
    with pytest.raises(TransitionRefused) as e:
        controleer_stage_timer(REF, date(2027, 1, 4), date(2027, 1, 3))
    assert str(e.value) == f"{REF}: zes weken 'Werk vinden' zijn pas om op 2027-01-04."
