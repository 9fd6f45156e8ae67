"""The trajectplan's refusal as a pure rule (domain/trajectplan.py): one case that passes and one that is
refused; the message is compared whole."""

from __future__ import annotations

import pytest

from domain.invoer import OngeldigeInvoer
from domain.trajectplan import traject_van

REF = "IJW-2026-0001"


def test_de_actie_of_het_doel_bepaalt_het_traject() -> None:
    assert traject_van(REF, None, "Actie 3") == REF
    assert traject_van(None, REF, "Actie 3") == REF
    with pytest.raises(OngeldigeInvoer) as e:
        traject_van(None, None, "Actie 3")
    assert str(e.value) == "Actie 3 bestaat niet."
