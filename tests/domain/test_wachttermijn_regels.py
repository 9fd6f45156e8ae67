"""The wachttermijn's refusal as a pure rule (domain/wachttermijn.py): one case that passes and one that
is refused; the message is compared whole."""

from __future__ import annotations

from datetime import date

import pytest

from domain.errors import TransitionRefused
from domain.wachttermijn import controleer_termijn_voorbij

REF = "IJW-2026-0001"


def test_alleen_de_wekker_beeindigt_de_termijn() -> None:
    controleer_termijn_voorbij(REF, "wachttermijn", date(2027, 1, 4), date(2027, 1, 4))
    controleer_termijn_voorbij(REF, "wachttermijn", None, date(2027, 1, 1))
    with pytest.raises(TransitionRefused) as e:
        controleer_termijn_voorbij(REF, "zoektermijn", date(2027, 1, 4), date(2027, 1, 3))
    assert str(e.value) == f"{REF}: de zoektermijn loopt nog tot 2027-01-04; hij eindigt vanzelf."
